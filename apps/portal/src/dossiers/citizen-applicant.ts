import type { Applicant } from '@app/dossiers';
import { str } from '../web/page-kit';

/** The applicant fields of the dossier pages as typed (kept to re-fill the form after an error). */
export interface ApplicantForm {
  fullName: string;
  idNumber: string;
  phone: string;
  email: string;
  address: string;
}

export const EMPTY_APPLICANT: ApplicantForm = { fullName: '', idNumber: '', phone: '', email: '', address: '' };

/** The ids of the applicant inputs on the page, for error summary links. */
export const APPLICANT_FIELD_IDS: Record<keyof ApplicantForm, string> = {
  fullName: 'applicant-fullName',
  idNumber: 'applicant-idNumber',
  phone: 'applicant-phone',
  email: 'applicant-email',
  address: 'applicant-address',
};

/** Reads `applicant[...]` fields of a page form (nested by the body parser, or flat). */
export function readApplicant(body: Record<string, unknown>): ApplicantForm {
  const nested = body.applicant;
  const source =
    typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? (nested as Record<string, unknown>) : {};
  const pick = (key: keyof ApplicantForm) => str(source[key] ?? body[`applicant[${key}]`]);
  return {
    fullName: pick('fullName'),
    idNumber: pick('idNumber'),
    phone: pick('phone'),
    email: pick('email'),
    address: pick('address'),
  };
}

/**
 * Checks the applicant as the API's rules do (name 2–200 characters, CCCD of 12 digits, Vietnamese phone, email,
 * address up to 500) and normalizes it; blanks become null. Errors are field → message key.
 */
export function checkApplicant(
  form: ApplicantForm,
): { ok: true; value: Applicant } | { ok: false; errors: Partial<Record<keyof ApplicantForm, string>> } {
  const errors: Partial<Record<keyof ApplicantForm, string>> = {};
  const idNumber = form.idNumber.replace(/\s+/g, '');
  let phone = form.phone.replace(/[\s.()-]/g, '');
  if (phone.startsWith('+84')) phone = `0${phone.slice(3)}`;
  if ([...form.fullName].length < 2 || [...form.fullName].length > 200) errors.fullName = 'dossier.error.fullName';
  if (idNumber && !/^\d{12}$/.test(idNumber)) errors.idNumber = 'dossier.error.idNumber';
  if (phone && !/^0\d{9,10}$/.test(phone)) errors.phone = 'dossier.error.phone';
  if (form.email && (form.email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email))) {
    errors.email = 'dossier.error.email';
  }
  if ([...form.address].length > 500) errors.address = 'dossier.error.address';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      fullName: form.fullName,
      idNumber: idNumber || null,
      phone: phone || null,
      email: form.email || null,
      address: form.address || null,
    },
  };
}

/** The applicant of a stored dossier back as form text. */
export function applicantForm(applicant: Applicant): ApplicantForm {
  return {
    fullName: applicant.fullName ?? '',
    idNumber: applicant.idNumber ?? '',
    phone: applicant.phone ?? '',
    email: applicant.email ?? '',
    address: applicant.address ?? '',
  };
}
