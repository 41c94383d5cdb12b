import { NATIONAL_IDENTITY_PROVIDER } from '@app/auth';
import type { IdentityVerified, IdentityVerifiedField } from '@app/dossiers';
import { parseIsoDate } from '@app/procedures';
import type { ApplicantForm } from './citizen-applicant';

/**
 * What the identity account says about the person signed in, from the verified ID token: the standard OIDC claims
 * (`family_name` and `given_name` or `name`, `email`, `email_verified`, `phone_number`, `birthdate`, `gender`), `cccd`,
 * the 12-digit personal identification number, and `permanent_address`. When the session was brokered from the
 * national identity provider (`idp` = vneid) at an assurance level (`identity_level` 1 or 2), the facts it proves
 * (name, CCCD, date of birth, sex, permanent address, phone) are verified. Anything malformed counts as absent.
 */
export interface IdentityFacts {
  fullName: string | null;
  email: string | null;
  emailVerified: boolean;
  idNumber: string | null;
  phone: string | null;
  /** ISO date; only from the national identity. */
  birthDate: string | null;
  /** 'nam' or 'nu' (the e-forms' values); only from the national identity. */
  sex: 'nam' | 'nu' | null;
  /** Permanent address (nơi thường trú); only from the national identity. */
  address: string | null;
  /** Assurance level of the national identity this session signed in with; 0 when it did not. */
  level: 0 | 1 | 2;
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
  const levelClaim = c['idp'] === NATIONAL_IDENTITY_PROVIDER ? text(c['identity_level']) : null;
  const level = levelClaim === '2' ? 2 : levelClaim === '1' ? 1 : 0;
  const birthDate = level > 0 ? text(c['birthdate']) : null;
  const gender = level > 0 ? text(c['gender']) : null;
  const address = level > 0 ? text(c['permanent_address']) : null;
  return {
    fullName: family && given ? `${family} ${given}` : text(c['name']),
    email: text(c['email']),
    emailVerified: c['email_verified'] === true,
    idNumber: idNumber && /^\d{12}$/.test(idNumber) ? idNumber : null,
    phone: phone && /^0\d{9,10}$/.test(phone) ? phone : null,
    birthDate: birthDate && parseIsoDate(birthDate) ? birthDate : null,
    sex: gender === 'male' ? 'nam' : gender === 'female' ? 'nu' : null,
    address: address && [...address].length <= 500 ? address : null,
    level,
  };
}

/** The answers the account gives: applicant fields and, for e-forms, date of birth and sex. */
export type AccountField = 'fullName' | 'idNumber' | 'phone' | 'email' | 'address' | 'birthDate' | 'sex';

/** The account's answers the national identity proves (the e-mail never is: the account holds it, not VNeID). */
const PROVEN: readonly AccountField[] = ['fullName', 'idNumber', 'phone', 'address', 'birthDate', 'sex'];

/** Which fields the identity account answers, with the values it gives. */
export function accountAnswers(facts: IdentityFacts): Partial<Record<AccountField, string>> {
  const out: Partial<Record<AccountField, string>> = {};
  if (facts.fullName) out.fullName = facts.fullName;
  if (facts.idNumber) out.idNumber = facts.idNumber;
  if (facts.phone) out.phone = facts.phone;
  if (facts.email) out.email = facts.email;
  if (facts.address) out.address = facts.address;
  if (facts.birthDate) out.birthDate = facts.birthDate;
  if (facts.sex) out.sex = facts.sex;
  return out;
}

/** Whether the national identity proves this answer in this session (shown as verified). */
export function isVerified(facts: IdentityFacts, field: AccountField): boolean {
  return facts.level > 0 && PROVEN.includes(field) && accountAnswers(facts)[field] !== undefined;
}

/** The applicant fields of the dossier form the account answers. */
const APPLICANT_ACCOUNT_FIELDS = ['fullName', 'idNumber', 'phone', 'email', 'address'] as const;

/**
 * The applicant as posted, with every field the account answers taken from the account (a posted value for such a
 * field is ignored: the account is the source, and the page does not offer it as an input).
 */
export function withAccountAnswers(form: ApplicantForm, facts: IdentityFacts): ApplicantForm {
  const answers = accountAnswers(facts);
  const out = { ...form };
  for (const key of APPLICANT_ACCOUNT_FIELDS) {
    const value = answers[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * What a dossier records of the national identity: the applicant fields and e-form keys it proved (for a session
 * brokered from it), or null.
 */
export function identityRecord(facts: IdentityFacts, formKeys: readonly string[]): IdentityVerified | null {
  if (facts.level === 0) return null;
  const fields: IdentityVerifiedField[] = [];
  for (const field of ['fullName', 'idNumber', 'birthDate', 'address', 'phone'] as const) {
    if (isVerified(facts, field)) fields.push(field);
  }
  if (fields.length === 0 && formKeys.length === 0) return null;
  return { provider: NATIONAL_IDENTITY_PROVIDER, level: facts.level, fields, formKeys: [...formKeys] };
}
