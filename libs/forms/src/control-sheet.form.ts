import { requireApplicant, requireDate, requireText } from './form-checks';
import { longDateTime, shortDateTime } from './form-dates';
import { ControlSheetFormInput, HandoverParty, HandoverResult } from './form.inputs';
import { startLetter } from './form-letter';

export const CONTROL_SHEET_FORM_TITLE = 'Phiếu kiểm soát quá trình giải quyết hồ sơ';

export const HANDOVER_RESULT_LABELS: Record<HandoverResult, string> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
};

function party(p: HandoverParty): string {
  return `${p.name}\n(${p.unit})`;
}

/** Mẫu 05 (TT 01/2018/TT-VPCP): every hand-over of the dossier, from the audit trail; the table breaks across pages. */
export async function renderControlSheetForm(input: ControlSheetFormInput): Promise<Buffer> {
  const code = requireText(input.dossierCode, 'dossierCode');
  requireApplicant(input.applicant);
  requireText(input.procedureName, 'procedureName');
  requireDate(input.receivedAt, 'receivedAt');
  requireDate(input.dueAt, 'dueAt');
  requireText(input.leadAgencyName, 'leadAgencyName');
  input.handovers.forEach((h, i) => {
    requireText(h.step, `handovers[${i}].step`);
    requireText(h.sender?.name, `handovers[${i}].sender.name`);
    requireText(h.sender?.unit, `handovers[${i}].sender.unit`);
    requireText(h.receiver?.name, `handovers[${i}].receiver.name`);
    requireText(h.receiver?.unit, `handovers[${i}].receiver.unit`);
    requireDate(h.at, `handovers[${i}].at`);
  });

  const doc = startLetter(input, { number: '05', title: CONTROL_SHEET_FORM_TITLE }, [`Mã hồ sơ: ${code}`]);
  doc.field('Kèm theo hồ sơ của', input.applicant.name, { bold: true });
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);
  doc.field('Thời gian nhận hồ sơ', longDateTime(input.receivedAt));
  doc.field('Thời gian hẹn trả kết quả', longDateTime(input.dueAt));
  doc.field('Cơ quan (bộ phận) giải quyết hồ sơ', input.leadAgencyName);
  const coordinating = input.coordinatingAgencyNames ?? [];
  if (coordinating.length > 0) doc.field('Cơ quan phối hợp giải quyết hồ sơ', coordinating.join('; '));
  doc.space(0.3);
  doc.table(
    [
      { header: 'STT', weight: 0, align: 'center', fit: 'STT' },
      { header: 'Bước xử lý', weight: 16 },
      { header: 'Bên giao (họ tên, đơn vị)', weight: 20 },
      { header: 'Bên nhận (họ tên, đơn vị)', weight: 20 },
      { header: 'Thời gian giao, nhận', weight: 0, align: 'center', fit: '00/00/0000' },
      { header: 'Kết quả (trước hạn, đúng hạn, quá hạn)', weight: 13, align: 'center' },
      { header: 'Ghi chú', weight: 15 },
    ],
    input.handovers.map((h, i) => [
      String(i + 1),
      h.step,
      party(h.sender),
      party(h.receiver),
      shortDateTime(h.at),
      h.result ? HANDOVER_RESULT_LABELS[h.result] : '',
      h.note ?? '',
    ]),
    { fontSize: 9.5 },
  );
  if (input.handovers.length === 0) doc.paragraph('Chưa có lần giao, nhận hồ sơ nào.', { face: 'italic' });
  await doc.lookupBox(input.lookupUrl, [`Mã hồ sơ: ${code}`]);
  return doc.finish();
}
