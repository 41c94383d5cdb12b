import { requireApplicant, requireDate, requireText } from './form-checks';
import { longDateTime } from './form-dates';
import { RefusalFormInput } from './form.inputs';
import { actingUnit, applicantContact, startLetter } from './form-letter';

export const REFUSAL_FORM_TITLE = 'Phiếu từ chối tiếp nhận giải quyết hồ sơ';

/** Mẫu 03 (TT 01/2018/TT-VPCP): the dossier is not accepted, with the reason. */
export async function renderRefusalForm(input: RefusalFormInput): Promise<Buffer> {
  requireApplicant(input.applicant);
  requireText(input.procedureName, 'procedureName');
  requireDate(input.submittedAt, 'submittedAt');
  const reason = requireText(input.reason, 'reason');
  requireText(input.clerkName, 'clerkName');
  const code = input.dossierCode?.trim() || null;

  const doc = startLetter(input, { number: '03', title: REFUSAL_FORM_TITLE }, code ? [`Mã hồ sơ: ${code}`] : []);
  const unit = actingUnit(input.agency);
  doc.field(`${unit} tiếp nhận hồ sơ của`, input.applicant.name, { bold: true });
  applicantContact(doc, input.applicant);
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);
  doc.field('Thời gian nộp hồ sơ', longDateTime(input.submittedAt));
  doc.paragraph(`Qua xem xét, ${unit} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`, {
    indent: 28,
  });
  doc.paragraph(reason, { face: 'italic', indent: 28 });
  doc.paragraph('Xin thông báo để Ông/Bà được biết và thực hiện./.', { indent: 28 });

  doc.signatures([{ titles: ['Người tiếp nhận hồ sơ'], hint: '(Ký và ghi rõ họ tên)', name: input.clerkName }]);
  await doc.lookupBox(input.lookupUrl, code ? [`Mã hồ sơ: ${code}`] : []);
  return doc.finish();
}
