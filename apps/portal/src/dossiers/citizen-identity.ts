import type { ApplicantForm } from './citizen-applicant';

/**
 * What the identity account says about the person signed in, from the verified ID token: the standard OIDC claims
 * (`family_name` and `given_name` or `name`, `email`, `email_verified`, `phone_number`) and `cccd`, the 12-digit personal identification number the
 * realm (or the national identity provider it brokers) releases to the portal. Anything malformed counts as absent.
 */
export interface IdentityFacts {
  fullName: string | null;
  email: string | null;
  emailVerified: boolean;
  idNumber: string | null;
  phone: string | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : null;
}

/** Reads the identity facts from ID-token claims. */
export function identityFacts(claims: Record<string, unknown> | null | undefined): IdentityFacts {
  const c = claims ?? {};
  const idNumber = text(c['cccd'])?.replace(/\s+/g, '') ?? null;
  let phone = text(c['phone_number'])?.replace(/[\s.()-]/g, '') ?? null;
  if (phone?.startsWith('+84')) phone = `0${phone.slice(3)}`;
  // Vietnamese order, family name first ("Nguyễn Văn An"); the `name` claim is "given family".
  const given = text(c['given_name']);
  const family = text(c['family_name']);
  return {
    fullName: family && given ? `${family} ${given}` : text(c['name']),
    email: text(c['email']),
    emailVerified: c['email_verified'] === true,
    idNumber: idNumber && /^\d{12}$/.test(idNumber) ? idNumber : null,
    phone: phone && /^0\d{9,10}$/.test(phone) ? phone : null,
  };
}

/** The applicant fields the account answers: they are shown as such and never asked for. */
export type AccountField = 'fullName' | 'idNumber' | 'phone' | 'email';

/** Which applicant fields the identity account answers, with the values it gives. */
export function accountAnswers(facts: IdentityFacts): Partial<Record<AccountField, string>> {
  const out: Partial<Record<AccountField, string>> = {};
  if (facts.fullName) out.fullName = facts.fullName;
  if (facts.idNumber) out.idNumber = facts.idNumber;
  if (facts.phone) out.phone = facts.phone;
  if (facts.email) out.email = facts.email;
  return out;
}

/**
 * The applicant as posted, with every field the account answers taken from the account (a posted value for such a
 * field is ignored: the account is the source, and the page does not offer it as an input).
 */
export function withAccountAnswers(form: ApplicantForm, facts: IdentityFacts): ApplicantForm {
  return { ...form, ...accountAnswers(facts) };
}
