import { FormDocument } from './form.document';
import { placeAndDate } from './form-dates';
import { FormAgency, FormApplicant, FormHeaderInput } from './form.inputs';
import { requireHeader } from './form-checks';

/** Starts one of the letter-style forms (Mẫu 01–05): label, national header, agency block, date line, title. */
export function startLetter(input: FormHeaderInput, formNumber: string, title: string, subtitles: string[] = []) {
  requireHeader(input);
  const doc = FormDocument.create({ title: `Mẫu số ${formNumber} — ${title}`, createdAt: input.issuedAt });
  doc.formLabel(`Mẫu số ${formNumber}`);
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
