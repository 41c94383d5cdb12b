import { FormInputError, requireApplicant, requireDate, requireText } from './form-checks';
import { longDate, longDateTime } from './form-dates';
import { SupplementRequestFormInput } from './form.inputs';
import { actingUnit, applicantContact, startLetter } from './form-letter';

export const SUPPLEMENT_REQUEST_FORM_TITLE = 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ';

/** Mẫu 02 (TT 01/2018/TT-VPCP): what the applicant must supplement or complete, and why. */
export async function renderSupplementRequestForm(input: SupplementRequestFormInput): Promise<Buffer> {
  const code = requireText(input.dossierCode, 'dossierCode');
  requireApplicant(input.applicant);
  requireText(input.procedureName, 'procedureName');
  requireDate(input.receivedAt, 'receivedAt');
  requireText(input.clerkName, 'clerkName');
  if (input.items.length === 0) throw new FormInputError('items', 'at least one item to supplement is required');
  input.items.forEach((item, i) => {
    requireText(item.content, `items[${i}].content`);
    requireText(item.reason, `items[${i}].reason`);
  });
  if (input.supplementDueAt) requireDate(input.supplementDueAt, 'supplementDueAt');

  const doc = startLetter(input, { number: '02', title: SUPPLEMENT_REQUEST_FORM_TITLE }, [`Mã hồ sơ: ${code}`]);
  const unit = actingUnit(input.agency);
  const received = longDate(input.receivedAt);
  doc.paragraph(`${received.charAt(0).toUpperCase()}${received.slice(1)}, ${unit} tiếp nhận hồ sơ của:`, {
    indent: 28,
  });
  doc.field('Ông/Bà (tổ chức)', input.applicant.name, { bold: true });
  applicantContact(doc, input.applicant);
  doc.field('Nội dung yêu cầu giải quyết', input.procedureName);
  doc.paragraph(
    'Sau khi xem xét, đối chiếu với quy định hiện hành, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội ' +
      'dung sau:',
    { indent: 28 },
  );
  doc.space(0.3);
  doc.table(
    [
      { header: 'STT', weight: 7, align: 'center' },
      { header: 'Giấy tờ, nội dung cần bổ sung, hoàn thiện', weight: 46 },
      { header: 'Lý do', weight: 47 },
    ],
    input.items.map((item, i) => [String(i + 1), item.content, item.reason]),
  );
  if (input.supplementDueAt) {
    doc.field('Thời hạn bổ sung, hoàn thiện hồ sơ', `trước ${longDateTime(input.supplementDueAt)}`, { bold: true });
  }
  if (input.deadlineNote) doc.paragraph(input.deadlineNote, { indent: 28 });
  const contact = input.contactPhone ? `${input.clerkName}, số điện thoại ${input.contactPhone},` : input.clerkName;
  doc.paragraph(
    `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với ${contact} để được hướng dẫn./.`,
    { indent: 28 },
  );

  doc.signatures([{ titles: ['Người hướng dẫn'], hint: '(Ký và ghi rõ họ tên)', name: input.clerkName }]);
  await doc.lookupBox(input.lookupUrl, [`Mã hồ sơ: ${code}`]);
  return doc.finish();
}
