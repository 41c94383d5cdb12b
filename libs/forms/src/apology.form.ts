import { requireApplicant, requireDate, requireText } from './form-checks';
import { longDate, longDateTime } from './form-dates';
import { ApologyFormInput } from './form.inputs';
import { applicantContact, startLetter } from './form-letter';

export const APOLOGY_FORM_TITLE = 'Phiếu xin lỗi và hẹn lại ngày trả kết quả';

/**
 * Mẫu 04: apology for a late result, signed by the leader — with the new date (TT 01/2018/TT-VPCP), or asking the
 * applicant to accept an extension to it (TT 03/2025/TT-VPCP, `asksExtension`).
 */
export async function renderApologyForm(input: ApologyFormInput): Promise<Buffer> {
  const code = requireText(input.dossierCode, 'dossierCode');
  requireApplicant(input.applicant);
  requireText(input.procedureName, 'procedureName');
  requireDate(input.receivedAt, 'receivedAt');
  requireDate(input.originalDueAt, 'originalDueAt');
  requireDate(input.newDueAt, 'newDueAt');
  const reason = requireText(input.reason, 'reason');
  requireText(input.signer?.position, 'signer.position');
  requireText(input.signer?.name, 'signer.name');

  const doc = startLetter(input, { number: '04', title: APOLOGY_FORM_TITLE });
  const agency = input.agency.name;
  doc.field('Kính gửi', `Ông/Bà ${input.applicant.name}`, { bold: true });
  applicantContact(doc, input.applicant);
  doc.space(0.3);
  const received = longDate(input.receivedAt);
  doc.paragraph(
    `${received.charAt(0).toUpperCase()}${received.slice(1)}, ${agency} tiếp nhận giải quyết hồ sơ của Ông/Bà.`,
    { indent: 28 },
  );
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);
  doc.field('Mã hồ sơ', code, { bold: true });
  doc.field('Thời hạn trả kết quả giải quyết hồ sơ', longDateTime(input.originalDueAt));
  doc.paragraph(`Tuy nhiên đến nay, ${agency} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà.`, { indent: 28 });
  doc.field('Lý do', reason);
  doc.paragraph(
    input.asksExtension
      ? `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${agency} xin lỗi Ông/Bà và đề nghị Ông/Bà đồng ý gia hạn ` +
          `thời gian giải quyết hồ sơ đến ${longDateTime(input.newDueAt)}.`
      : `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${agency} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ ` +
          `cho Ông/Bà vào ${longDateTime(input.newDueAt)}.`,
    { indent: 28 },
  );
  doc.paragraph('Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.', { indent: 28 });

  const titles = input.signer.onBehalfOf ? [input.signer.onBehalfOf, input.signer.position] : [input.signer.position];
  doc.signatures([{ titles, hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: input.signer.name }], {
    heading: 'Nơi nhận:',
    lines: ['- Như trên;', `- Lưu: VT, ${input.deskAbbreviation ?? 'BPTN&TKQ'}.`],
  });
  await doc.lookupBox(input.lookupUrl, [`Mã hồ sơ: ${code}`]);
  return doc.finish();
}
