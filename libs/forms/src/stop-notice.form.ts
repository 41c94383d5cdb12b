import { requireApplicant, requireDate, requireText } from './form-checks';
import { longDate, longDateTime } from './form-dates';
import { StopNoticeFormInput } from './form.inputs';
import { applicantContact, startLetter } from './form-letter';

export const STOP_NOTICE_FORM_TITLE = 'Thông báo dừng giải quyết hồ sơ';

/**
 * Mẫu 05 (TT 03/2025/TT-VPCP): the agency tells the applicant that processing of their dossier has stopped — at their
 * request (NĐ 118/2025 Điều 21) or for the reason the agency gives — keeping the dossier's record. The annex's own
 * field list was not available: the lines follow the sister forms (addressee, dossier, reception, reason, signer);
 * see docs/law-2025.md. The signer's name may be left for the leader to write by hand (a stop the applicant asked
 * for online is recorded by the applicant, not by an official).
 */
export async function renderStopNoticeForm(input: StopNoticeFormInput): Promise<Buffer> {
  const code = requireText(input.dossierCode, 'dossierCode');
  requireApplicant(input.applicant);
  requireText(input.procedureName, 'procedureName');
  requireDate(input.receivedAt, 'receivedAt');
  requireDate(input.stoppedAt, 'stoppedAt');
  const reason = requireText(input.reason, 'reason');
  requireText(input.signer?.position, 'signer.position');

  const doc = startLetter(input, { number: '05', title: STOP_NOTICE_FORM_TITLE }, [`Mã hồ sơ: ${code}`]);
  const agency = input.agency.name;
  doc.field('Kính gửi', `Ông/Bà ${input.applicant.name}`, { bold: true });
  applicantContact(doc, input.applicant);
  doc.space(0.3);
  const received = longDate(input.receivedAt);
  doc.paragraph(`${received.charAt(0).toUpperCase()}${received.slice(1)}, ${agency} tiếp nhận hồ sơ của Ông/Bà.`, {
    indent: 28,
  });
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);
  doc.field('Mã hồ sơ', code, { bold: true });
  doc.paragraph(
    input.atApplicantsRequest
      ? `Theo đề nghị của Ông/Bà, ${agency} dừng giải quyết hồ sơ nêu trên kể từ ${longDateTime(input.stoppedAt)}.`
      : `${agency} thông báo dừng giải quyết hồ sơ nêu trên kể từ ${longDateTime(input.stoppedAt)}.`,
    { indent: 28 },
  );
  doc.field('Lý do', reason);
  doc.paragraph('Quá trình giải quyết hồ sơ được lưu giữ đầy đủ trên hệ thống. Xin thông báo để Ông/Bà được biết./.', {
    indent: 28,
  });

  const titles = input.signer.onBehalfOf ? [input.signer.onBehalfOf, input.signer.position] : [input.signer.position];
  doc.signatures([{ titles, hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: input.signer.name }], {
    heading: 'Nơi nhận:',
    lines: ['- Như trên;', '- Lưu: VT.'],
  });
  await doc.lookupBox(input.lookupUrl, [`Mã hồ sơ: ${code}`]);
  return doc.finish();
}
