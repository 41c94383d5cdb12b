import { FormDocument } from './form.document';
import { placeAndDate } from './form-dates';
import { FormAgency, FormApplicant, FormHeaderInput, FormIdentity } from './form.inputs';
import { requireHeader, requireText } from './form-checks';

/**
 * Starts one of the letter-style forms: label, national header, agency block, date line, title. The number and title
 * are the input's (its dossier's regime), else the TT 01/2018 ones given here.
 */
export function startLetter(input: FormHeaderInput, fallback: FormIdentity, subtitles: string[] = []) {
  requireHeader(input);
  const { number, title } = input.form ?? fallback;
  requireText(title, 'form.title');
  const label = number ? `Mẫu số ${number}` : null;
  const doc = FormDocument.create({ title: label ? `${label} — ${title}` : title, createdAt: input.issuedAt });
  if (label) doc.formLabel(label);
  doc.nationalHeader(input.agency, placeAndDate(input.locality, input.issuedAt), input.documentNumber);
  doc.title(title, ...subtitles);
  return doc;
}

/** The unit that deals with the applicant, as named in running text. */
export function actingUnit(agency: FormAgency): string {
  return agency.unitName ? `${agency.unitName} ${agency.name}` : agency.name;
}

/** Address, telephone and email lines of an applicant (only those given). */
export function applicantContact(doc: FormDocument, applicant: FormApplicant): void {
  if (applicant.address) doc.field('Địa chỉ', applicant.address);
  const phone = applicant.phone ? `Số điện thoại: ${applicant.phone}` : null;
  const email = applicant.email ? `Email: ${applicant.email}` : null;
  const line = [phone, email].filter((part): part is string => part !== null).join('        ');
  if (line) doc.paragraph(line, { align: 'left' });
}
