import type { Applicant } from '@app/dossiers';
import type { FieldProblem } from '@app/observability';
import { ProcedureVersionView, validateFormData } from '@app/procedures';
import { Lang, translate } from '../i18n/messages';
import { APPLICANT_FIELD_IDS, ApplicantForm, checkApplicant, readApplicant } from './citizen-applicant';
import { eformFieldId, eformFields, eformTexts, readFormData } from './eform-fields';

/** What a dossier form (applicant + e-form) holds between attempts. */
export interface DossierFormState {
  applicant: ApplicantForm;
  values: Record<string, unknown>;
  /** Field → message key. */
  applicantErrors: Partial<Record<keyof ApplicantForm, string>>;
  formErrors: FieldProblem[];
  /** Extra errors of the page (e.g. the channel of a counter intake): id of the input → message key. */
  extraErrors?: Array<{ id: string; key: string }>;
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
): DossierFormCheck {
  const applicant = readApplicant(body);
  const values = readFormData(procedure.formSchema, body);
  const a = checkApplicant(applicant);
  const f = validateFormData(procedure.formSchema, values, { lang });
  const state = { applicant, values, applicantErrors: a.ok ? {} : a.errors, formErrors: f.ok ? [] : f.errors };
  if (a.ok && f.ok) return { ok: true, applicant: a.value, formData: f.value, state };
  return { ok: false, state };
}

/** The template model of `dossiers/citizen/form.njk` (without the page-specific texts and links). */
export function dossierFormModel(lang: Lang, procedure: ProcedureVersionView, state: DossierFormState) {
  const t = (key: string, params?: Record<string, string>) => translate(lang, key, params);
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
  return {
    procedure,
    applicant: state.applicant,
    applicantErrors,
    applicantIds: APPLICANT_FIELD_IDS,
    extraErrors,
    fields: eformFields(procedure.formSchema, lang, state.values, state.formErrors, eformTexts(t)),
    errorList,
    errorPrefix: errorList.length > 0 ? `${t('dossier.errorSummary')}: ` : '',
  };
}
