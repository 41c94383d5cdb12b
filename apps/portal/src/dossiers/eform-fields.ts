import type { FieldProblem } from '@app/observability';
import { formatVnDate, FormField, FormSchema, parseIsoDate } from '@app/procedures';
import type { Lang } from '../i18n/messages';

/** One e-form field as the `_eform.njk` macro renders it: texts in the page language, the answer, its error. */
export interface EformFieldView {
  key: string;
  id: string;
  name: string;
  type: FormField['type'];
  label: string;
  /** The note of a conditional field, the field's own hint and the expected format, in that order. */
  hint: string | null;
  required: boolean;
  value: string;
  checked: boolean;
  options: Array<{ value: string; text: string; selected: boolean }>;
  error: string | null;
  /** For a conditional field: the earlier field and the answer that makes this one apply. */
  condition: { field: string; value: string } | null;
  /** For a conditional field, what the page's script compares: the earlier field's key and the answer as text. */
  showIf: { key: string; equals: string } | null;
  maxLength: number | null;
  /** The section the field belongs to (its position among the schema's sections) and its heading; -1 and null when none. */
  sectionIndex: number;
  sectionHeading: string | null;
}

/** The id of a field's input on the page (error summaries link to it). */
export function eformFieldId(key: string): string {
  return `eform-${key}`;
}

function answerText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** Interface texts the e-form needs, in the page language. */
export interface EformTexts {
  yes: string;
  no: string;
  dateHint: string;
  cccdHint: string;
  conditional: (field: string, value: string) => string;
}

/** The e-form texts from the page's translator. */
export function eformTexts(t: (key: string, params?: Record<string, string>) => string): EformTexts {
  return {
    yes: t('eform.yes'),
    no: t('eform.no'),
    dateHint: t('eform.dateHint'),
    cccdHint: t('dossier.form.idNumberHint'),
    conditional: (field, value) => t('eform.conditional', { field, value }),
  };
}

function conditionOf(schema: FormSchema, field: FormField, lang: Lang, yesNo: { yes: string; no: string }) {
  if (!field.showIf) return null;
  const target = schema.fields.find((f) => f.key === field.showIf?.field);
  const equals = field.showIf.equals;
  const option = target?.options?.find((o) => o.value === equals);
  let value = option ? option.label[lang] : String(equals);
  if (typeof equals === 'boolean') value = equals ? yesNo.yes : yesNo.no;
  return { field: target ? target.label[lang] : field.showIf.field, value };
}

/**
 * The view of a procedure's e-form: every field (conditional ones too: a form without JavaScript shows them all,
 * each with a note saying when it applies), the answers given so far and the errors of the last attempt.
 */
export function eformFields(
  schema: FormSchema,
  lang: Lang,
  values: Record<string, unknown>,
  errors: readonly FieldProblem[],
  texts: EformTexts,
): EformFieldView[] {
  let sectionIndex = -1;
  let sectionHeading: string | null = null;
  return schema.fields.map((field) => {
    if (field.section) {
      sectionIndex++;
      sectionHeading = field.section[lang];
    }
    const raw = values[field.key];
    let value = answerText(raw);
    if (field.type === 'date' && parseIsoDate(value)) value = formatVnDate(value);
    const error = errors.find((e) => e.field === field.key);
    const condition = conditionOf(schema, field, lang, texts);
    const format = field.type === 'date' ? texts.dateHint : field.type === 'cccd' ? texts.cccdHint : null;
    const range = field.rangeMessage?.[lang];
    const hint = [condition && texts.conditional(condition.field, condition.value), field.hint?.[lang], range, format]
      .filter((h): h is string => typeof h === 'string' && h !== '')
      .join(' ');
    return {
      key: field.key,
      id: eformFieldId(field.key),
      name: `formData[${field.key}]`,
      type: field.type,
      label: field.label[lang],
      hint: hint || null,
      required: field.required === true,
      value,
      checked: raw === true || raw === 'true' || raw === 'on',
      options: (field.options ?? []).map((o) => ({ value: o.value, text: o.label[lang], selected: o.value === value })),
      error: error ? error.messages.join(' ') : null,
      condition,
      showIf: field.showIf ? { key: field.showIf.field, equals: String(field.showIf.equals) } : null,
      maxLength: field.maxLength ?? null,
      sectionIndex,
      sectionHeading,
    };
  });
}

/**
 * The answers of a submitted e-form page: `formData[<key>]` fields, parsed by the body parser into an object (or
 * left flat). Only the schema's keys are kept, as strings ("true" for a ticked checkbox).
 */
export function readFormData(schema: FormSchema, body: Record<string, unknown>): Record<string, string> {
  const nested = body.formData;
  const source: Record<string, unknown> =
    typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? (nested as Record<string, unknown>) : {};
  const out: Record<string, string> = {};
  for (const field of schema.fields) {
    const value = Object.prototype.hasOwnProperty.call(source, field.key)
      ? source[field.key]
      : body[`formData[${field.key}]`];
    // A repeated name (two inputs, or a crafted request) arrives as an array: the last one wins, as in a browser.
    const scalar = Array.isArray(value) ? (value[value.length - 1] as unknown) : value;
    if (typeof scalar === 'string') out[field.key] = scalar;
  }
  return out;
}

/** Read-only answers for a summary list: label and the answer as a person reads it (visible fields only). */
export function eformAnswers(
  schema: FormSchema,
  lang: Lang,
  values: Record<string, unknown>,
  yesNo: { yes: string; no: string },
): Array<{ key: string; label: string; value: string }> {
  const shown = new Set<string>();
  const rows: Array<{ key: string; label: string; value: string }> = [];
  for (const field of schema.fields) {
    if (field.showIf && (!shown.has(field.showIf.field) || values[field.showIf.field] !== field.showIf.equals)) {
      continue;
    }
    shown.add(field.key);
    const raw = values[field.key];
    let value = answerText(raw);
    if (field.type === 'checkbox') value = raw === true ? yesNo.yes : yesNo.no;
    else if (field.type === 'date' && parseIsoDate(value)) value = formatVnDate(value);
    else if (field.type === 'select') value = field.options?.find((o) => o.value === value)?.label[lang] ?? value;
    rows.push({ key: field.key, label: field.label[lang], value });
  }
  return rows;
}
