import { FormDocument } from './form.document';
import { FormInputError, requireDate, requireText } from './form-checks';
import { shortDate, shortDateTime } from './form-dates';
import { DossierRegisterFormInput, RegisterRow } from './form.inputs';

export const DOSSIER_REGISTER_FORM_TITLE = 'Sổ theo dõi hồ sơ';

/** Widest dossier code (TT 01/2018: agency ID, yymmdd, 4-digit sequence) and date: those columns never wrap. */
const CODE_SAMPLE = '000.00.00.H00-000000-0000';
const DATE_SAMPLE = '00/00/0000';

function when(value: Date | null | undefined): string {
  return value ? shortDateTime(value).replace(' ', '\n') : '';
}

function contact(row: RegisterRow): string {
  return [row.applicantAddress, row.applicantPhone].filter((v) => v).join('\n');
}

/**
 * Mẫu 06 (TT 01/2018/TT-VPCP), Mẫu 07 (TT 03/2025/TT-VPCP): the register of an agency's dossiers for a period, on landscape A4. The table breaks
 * across pages, repeating its header under a short running head; pages are numbered.
 */
export async function renderDossierRegisterForm(input: DossierRegisterFormInput): Promise<Buffer> {
  requireText(input.agency?.name, 'agency.name');
  requireDate(input.issuedAt, 'issuedAt');
  const from = shortDate(requireText(input.periodFrom, 'periodFrom'));
  const to = shortDate(requireText(input.periodTo, 'periodTo'));
  if (input.periodFrom > input.periodTo) throw new FormInputError('periodTo', 'must not be before periodFrom');
  input.rows.forEach((r, i) => {
    requireText(r.dossierCode, `rows[${i}].dossierCode`);
    requireDate(r.receivedAt, `rows[${i}].receivedAt`);
  });

  const { number, title } = input.form ?? { number: '06', title: DOSSIER_REGISTER_FORM_TITLE };
  const label = number ? `Mẫu số ${number}` : null;
  const doc = FormDocument.create({
    title: `${label ? `${label} — ` : ''}${title} (${from} – ${to})`,
    createdAt: input.issuedAt,
    landscape: true,
  });
  if (label) doc.formLabel(label);
  const blockBottom = doc.agencyBlock(input.agency, doc.left, doc.width * 0.34, doc.pdf.y);
  doc.pdf.y = blockBottom + 4;
  doc.title(title);
  doc.pdf.y -= 8;
  doc.paragraph(`(Từ ngày ${from} đến ngày ${to})`, { face: 'italic', align: 'center' });
  doc.space(0.5);

  const runningHead = `${title.toLocaleUpperCase('vi')} — ${input.agency.name} — từ ngày ${from} đến ngày ${to}`;
  doc.table(
    [
      { header: 'STT', weight: 0, align: 'center', fit: 'STT' },
      { header: 'Mã hồ sơ', weight: 0, fit: CODE_SAMPLE },
      { header: 'Tên thủ tục hành chính', weight: 15 },
      { header: 'Tên tổ chức, cá nhân', weight: 11 },
      { header: 'Địa chỉ, số điện thoại', weight: 12.5 },
      { header: 'Ngày nhận hồ sơ', weight: 0, align: 'center', fit: DATE_SAMPLE },
      { header: 'Ngày hẹn trả kết quả', weight: 0, align: 'center', fit: DATE_SAMPLE },
      { header: 'Ngày chuyển hồ sơ', weight: 0, align: 'center', fit: DATE_SAMPLE },
      { header: 'Ngày có kết quả', weight: 0, align: 'center', fit: DATE_SAMPLE },
      { header: 'Ngày trả kết quả', weight: 0, align: 'center', fit: DATE_SAMPLE },
      { header: 'Ghi chú', weight: 12 },
    ],
    input.rows.map((r, i) => [
      String(i + 1),
      r.dossierCode,
      r.procedureName,
      r.applicantName,
      contact(r),
      when(r.receivedAt),
      when(r.dueAt),
      when(r.forwardedAt),
      when(r.resultAt),
      when(r.returnedAt),
      r.note ?? '',
    ]),
    {
      fontSize: 8,
      numberColumns: true,
      onNewPage: () => {
        doc.face('italic', 9);
        doc.pdf.text(runningHead.normalize('NFC'), doc.left, doc.top - 14, {
          width: doc.width,
          align: 'left',
          lineBreak: false,
        });
        doc.pdf.y = doc.top;
      },
    },
  );
  doc.paragraph(`Tổng số: ${input.rows.length} hồ sơ.`, { face: 'bold', align: 'left' });
  doc.pageNumbers();
  return doc.finish();
}
