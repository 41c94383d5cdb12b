import { requireApplicant, requireCount, requireDate, requireText } from './form-checks';
import { longDateTime } from './form-dates';
import { DocumentCopyKind, ReceiptFormInput } from './form.inputs';
import { actingUnit, applicantContact, startLetter } from './form-letter';

export const RECEIPT_FORM_TITLE = 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả';

const KIND_LABELS: Record<DocumentCopyKind, string> = {
  original: 'Bản chính',
  copy: 'Bản sao',
  photocopy: 'Bản chụp',
};

/** Mẫu 01 (TT 01/2018/TT-VPCP): receipt of the dossier and appointment for the result. */
export async function renderReceiptForm(input: ReceiptFormInput): Promise<Buffer> {
  const code = requireText(input.dossierCode, 'dossierCode');
  requireApplicant(input.applicant);
  requireText(input.procedureName, 'procedureName');
  requireDate(input.receivedAt, 'receivedAt');
  requireDate(input.dueAt, 'dueAt');
  requireText(input.resultReturnPlace, 'resultReturnPlace');
  const lookupKey = requireText(input.lookupKey, 'lookupKey');
  requireText(input.clerkName, 'clerkName');
  requireCount(input.setCount, 'setCount');
  input.documents.forEach((d, i) => {
    requireText(d.name, `documents[${i}].name`);
    requireCount(d.count, `documents[${i}].count`);
  });

  const doc = startLetter(input, { number: '01', title: RECEIPT_FORM_TITLE }, [`Mã hồ sơ: ${code}`]);
  doc.field(`${actingUnit(input.agency)} tiếp nhận hồ sơ của`, input.applicant.name, { bold: true });
  applicantContact(doc, input.applicant);
  const proof = input.identityProof;
  if (proof && proof.fields.length > 0) {
    doc.field(
      `Thông tin xác thực qua tài khoản định danh điện tử mức ${proof.level}`,
      proof.fields.map((f) => requireText(f, 'identityProof.fields')).join(', '),
    );
  }
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);

  let n = 0;
  const item = (text: string) => `${++n}. ${text}`;
  doc.paragraph(item('Thành phần hồ sơ nộp gồm:'), { face: 'bold', align: 'left' }).space(0.2);
  doc.table(
    [
      { header: 'TT', weight: 7, align: 'center' },
      { header: 'Tên giấy tờ', weight: 55 },
      { header: 'Hình thức (bản chính, bản sao, bản chụp)', weight: 24, align: 'center' },
      { header: 'Số lượng', weight: 14, align: 'center' },
    ],
    input.documents.map((d, i) => [String(i + 1), d.name, KIND_LABELS[d.kind], String(d.count)]),
  );
  doc.field(item('Số lượng hồ sơ'), `${input.setCount} (bộ)`);
  if (input.processingTime) doc.field(item('Thời gian giải quyết hồ sơ theo quy định'), input.processingTime);
  doc.field(item('Thời gian nhận hồ sơ'), longDateTime(input.receivedAt));
  doc.field(item('Thời gian trả kết quả giải quyết hồ sơ'), longDateTime(input.dueAt), { bold: true });
  doc.field(item('Đăng ký nhận kết quả tại'), input.resultReturnPlace);
  doc.field(item('Mã tra cứu hồ sơ'), lookupKey, { bold: true });

  doc.signatures([
    { titles: ['Người nộp hồ sơ'], hint: '(Ký và ghi rõ họ tên)', name: input.applicant.name },
    { titles: ['Người tiếp nhận hồ sơ'], hint: '(Ký và ghi rõ họ tên)', name: input.clerkName },
  ]);
  await doc.lookupBox(input.lookupUrl, [`Mã hồ sơ: ${code}`, `Mã tra cứu: ${lookupKey}`]);
  return doc.finish();
}
