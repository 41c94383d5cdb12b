import type { Applicant, IdentityVerified } from '@app/dossiers';
import type { FieldProblem } from '@app/observability';
import { formatVnDate, ProcedureVersionView, validateFormData } from '@app/procedures';
import { Lang } from '../i18n/messages';
import { APPLICANT_FIELD_IDS, ApplicantForm, checkApplicant, readApplicant } from './citizen-applicant';
import {
  AccountField,
  accountAnswers,
  IdentityFacts,
  identityRecord,
  isVerified,
  withAccountAnswers,
} from './citizen-identity';
import { eformFieldId, eformFields, eformTexts, readFormData } from './eform-fields';
import { translator } from '../web/page-kit';

/**
 * The e-form keys by which a procedure's schema asks for the applicant's own name, identification number, phone,
 * e-mail, date of birth, sex and permanent address (the catalogue's convention: someone else's are prefixed, e.g.
 * `motherCccd`, `husbandFullName`). The last three are answered only by the national identity.
 */
export const ACCOUNT_EFORM_KEYS: Readonly<Record<string, AccountField>> = {
  fullName: 'fullName',
  requesterName: 'fullName',
  requesterFullName: 'fullName',
  cccd: 'idNumber',
  requesterCccd: 'idNumber',
  phone: 'phone',
  email: 'email',
  birthDate: 'birthDate',
  requesterBirthDate: 'birthDate',
  sex: 'sex',
  permanentAddress: 'address',
};

/** The e-form answers the identity account gives: key → value, for the schema's fields that ask for them. */
export function accountEformValues(procedure: ProcedureVersionView, facts: IdentityFacts): Record<string, string> {
  const answers = accountAnswers(facts);
  const out: Record<string, string> = {};
  for (const field of procedure.formSchema.fields) {
    const source = ACCOUNT_EFORM_KEYS[field.key];
    const value = source ? answers[source] : undefined;
    if (value !== undefined && !field.showIf) out[field.key] = value;
  }
  return out;
}

/** What a dossier records of the national identity for this form: the fields and e-form keys it proved. */
export function identityOfForm(procedure: ProcedureVersionView, facts: IdentityFacts): IdentityVerified | null {
  const keys = Object.keys(accountEformValues(procedure, facts)).filter((key) => {
    const source = ACCOUNT_EFORM_KEYS[key];
    return source !== undefined && isVerified(facts, source);
  });
  return identityRecord(facts, keys);
}

/** What a dossier form (applicant + e-form) holds between attempts. */
export interface DossierFormState {
  applicant: ApplicantForm;
  values: Record<string, unknown>;
  /** Field → message key. */
  applicantErrors: Partial<Record<keyof ApplicantForm, string>>;
  formErrors: FieldProblem[];
  /** Extra errors of the page (e.g. the channel of a counter intake): id of the input → message key. */
  extraErrors?: Array<{ id: string; key: string }>;
  /** What the signed-in citizen's identity account says: those answers are shown as such, never asked for. */
  account?: IdentityFacts;
}

/** The outcome of a posted form; `state` (what was typed, and any errors) re-fills the form either way. */
export type DossierFormCheck =
  | { ok: true; applicant: Applicant; formData: Record<string, unknown>; state: DossierFormState }
  | { ok: false; state: DossierFormState };

/**
 * Reads and checks a posted dossier form: the applicant as the API's rules have it and the e-form against the
 * procedure version's schema (hidden conditional answers are dropped, answers are normalized).
 */
export function checkDossierForm(
  procedure: ProcedureVersionView,
  body: Record<string, unknown>,
  lang: Lang,
  account?: IdentityFacts,
): DossierFormCheck {
  // The account's answers replace whatever was posted for them: the page does not offer them as inputs.
  const applicant = account ? withAccountAnswers(readApplicant(body), account) : readApplicant(body);
  const values = {
    ...readFormData(procedure.formSchema, body),
    ...(account ? accountEformValues(procedure, account) : {}),
  };
  const a = checkApplicant(applicant);
  const f = validateFormData(procedure.formSchema, values, { lang });
  const state = {
    applicant,
    values,
    applicantErrors: a.ok ? {} : a.errors,
    formErrors: f.ok ? [] : f.errors,
    ...(account ? { account } : {}),
  };
  if (a.ok && f.ok) return { ok: true, applicant: a.value, formData: f.value, state };
  return { ok: false, state };
}

/** The template model of `dossiers/citizen/form.njk` (without the page-specific texts and links). */
export function dossierFormModel(lang: Lang, procedure: ProcedureVersionView, state: DossierFormState) {
  const t = translator(lang);
  const applicantErrors = Object.fromEntries(
    Object.entries(state.applicantErrors).map(([field, key]) => [field, t(key)]),
  );
  const extraErrors = Object.fromEntries((state.extraErrors ?? []).map((e) => [e.id, t(e.key)]));
  const errorList = [
    ...Object.entries(extraErrors).map(([id, text]) => ({ text, href: `#${id}` })),
    ...Object.entries(applicantErrors).map(([field, text]) => ({
      text,
      href: `#${APPLICANT_FIELD_IDS[field as keyof ApplicantForm]}`,
    })),
    ...state.formErrors.map((e) => ({ text: e.messages.join(' '), href: `#${eformFieldId(e.field)}` })),
  ];
  const account = state.account;
  const fromAccount = account ? accountAnswers(account) : {};
  const eformFromAccount = account ? accountEformValues(procedure, account) : {};
  const allFields = eformFields(procedure.formSchema, lang, state.values, state.formErrors, eformTexts(t));
  const verified = (field: AccountField | undefined) => (account && field ? isVerified(account, field) : false);
  const eformText = (key: string, value: string) => {
    const field = procedure.formSchema.fields.find((f) => f.key === key);
    if (field?.type === 'date') return formatVnDate(value);
    return field?.options?.find((o) => o.value === value)?.label[lang] ?? value;
  };
  return {
    procedure,
    applicant: state.applicant,
    applicantErrors,
    applicantIds: APPLICANT_FIELD_IDS,
    /** Applicant fields the account answers (shown, not asked). */
    fromAccount,
    accountRows: (['fullName', 'idNumber', 'phone', 'email', 'address'] as const)
      .filter((k) => fromAccount[k] !== undefined)
      .map((k) => ({ label: t(`dossier.form.${k}`), value: fromAccount[k] ?? '', verified: verified(k) })),
    /** E-form answers the account gives, as read-only rows. */
    eformAccountRows: allFields
      .filter((f) => eformFromAccount[f.key] !== undefined)
      .map((f) => ({
        label: f.label,
        value: eformText(f.key, eformFromAccount[f.key] ?? ''),
        verified: verified(ACCOUNT_EFORM_KEYS[f.key]),
      })),
    /** The national identity's level when this session signed in with it (its answers are shown as verified). */
    identityLevel: account?.level ?? 0,
    extraErrors,
    fields: allFields.filter((f) => eformFromAccount[f.key] === undefined),
    errorList,
    errorPrefix: errorList.length > 0 ? `${t('dossier.errorSummary')}: ` : '',
  };
}
