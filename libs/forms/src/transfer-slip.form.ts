import { requireApplicant, requireDate, requireText } from './form-checks';
import { longDateTime, shortDateTime } from './form-dates';
import { TransferSlipFormInput } from './form.inputs';
import { applicantContact, startLetter } from './form-letter';

export const TRANSFER_SLIP_FORM_TITLE = 'Phiếu chuyển xử lý';

/**
 * Phiếu chuyển xử lý (NĐ 118/2025/NĐ-CP Điều 20 khoản 2 điểm a): the desk sends a liên thông dossier on to the
 * agencies that take part, naming the lead authority and, for each agency, the work asked of it and its time limit
 * ("nêu rõ nội dung công việc, thời hạn giải quyết của từng cơ quan"). The decree prescribes the content, not a
 * layout; no annex form was found (docs/law-2025.md), so the slip follows the house style of the TT 03 letters.
 */
export async function renderTransferSlipForm(input: TransferSlipFormInput): Promise<Buffer> {
  const code = requireText(input.dossierCode, 'dossierCode');
  requireApplicant(input.applicant);
  requireText(input.procedureName, 'procedureName');
  requireDate(input.receivedAt, 'receivedAt');
  requireDate(input.dueAt, 'dueAt');
  requireText(input.leadAgencyName, 'leadAgencyName');
  const desk = requireText(input.deskName, 'deskName');
  requireText(input.sender?.unit, 'sender.unit');
  if (input.steps.length === 0) throw new RangeError('steps must list at least one agency');
  input.steps.forEach((s, i) => {
    requireText(s.agencyName, `steps[${i}].agencyName`);
    requireText(s.task, `steps[${i}].task`);
    requireText(s.timeLimit, `steps[${i}].timeLimit`);
    if (s.sentAt !== null) requireDate(s.sentAt, `steps[${i}].sentAt`);
    if (s.dueAt !== null) requireDate(s.dueAt, `steps[${i}].dueAt`);
  });

  const doc = startLetter(input, { number: null, title: TRANSFER_SLIP_FORM_TITLE }, [`Mã hồ sơ: ${code}`]);
  doc.field('Hồ sơ của', input.applicant.name, { bold: true });
  applicantContact(doc, input.applicant);
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);
  doc.field('Thời gian nhận hồ sơ', longDateTime(input.receivedAt));
  doc.field('Thời gian hẹn trả kết quả', longDateTime(input.dueAt));
  doc.field('Cơ quan chủ trì giải quyết', input.leadAgencyName);
  doc.space(0.3);
  doc.paragraph(
    `${desk} chuyển hồ sơ nêu trên đến các cơ quan tham gia giải quyết theo cơ chế một cửa liên thông. ` +
      'Các bước cùng thứ tự được giải quyết đồng thời; bước sau nhận hồ sơ khi bước trước hoàn thành.',
    { indent: 28 },
  );
  doc.table(
    [
      { header: 'Thứ tự', weight: 0, align: 'center', fit: 'Thứ tự' },
      { header: 'Cơ quan giải quyết', weight: 20 },
      { header: 'Nội dung công việc', weight: 22 },
      { header: 'Thời hạn giải quyết', weight: 12, align: 'center' },
      { header: 'Ngày chuyển', weight: 0, align: 'center', fit: '00/00/0000' },
      { header: 'Hạn trả kết quả', weight: 0, align: 'center', fit: '00/00/0000' },
    ],
    input.steps.map((s) => [
      String(s.stage),
      s.agencyName,
      s.task,
      s.timeLimit,
      s.sentAt ? shortDateTime(s.sentAt) : 'Khi bước trước hoàn thành',
      s.dueAt ? shortDateTime(s.dueAt) : '',
    ]),
    { fontSize: 9.5 },
  );
  doc.paragraph(
    `Cơ quan tham gia giải quyết gửi kết quả về ${desk} trong thời hạn nêu trên để trả cho tổ chức, cá nhân ` +
      'theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả./.',
    { indent: 28 },
  );
  doc.signatures([{ titles: ['NGƯỜI CHUYỂN'], hint: '(Ký, ghi rõ họ tên)', name: input.sender.name }]);
  await doc.lookupBox(input.lookupUrl, [`Mã hồ sơ: ${code}`]);
  return doc.finish();
}
