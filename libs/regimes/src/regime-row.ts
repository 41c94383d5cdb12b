import { FORM_KINDS, FormKind, LegalRegime, RegimeForm, RegimeRules, RULE_NAMES, RuleName } from './legal-regime';

/** A `legal_regime` row as PostgreSQL returns it. */
export interface LegalRegimeRow {
  code: string;
  name: string;
  in_force_from: Date;
  desk_name: string;
  desk_abbreviation: string;
  rules: unknown;
  bases: unknown;
  forms: unknown;
}

/** A regime row whose data does not have the expected shape; names the row and the field. */
export class RegimeDataError extends Error {
  constructor(
    readonly regime: string,
    readonly field: string,
    problem: string,
  ) {
    super(`legal_regime ${regime}: ${field} ${problem}`);
    this.name = 'RegimeDataError';
  }
}

function record(code: string, field: string, value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new RegimeDataError(code, field, 'is not an object');
  return value as Record<string, unknown>;
}

function limit(code: string, field: string, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new RegimeDataError(code, field, 'is not a whole number or null');
  return value;
}

/** The rules that are a yes or no; every other rule is a whole number or null (no limit). */
const BOOLEAN_RULES: readonly RuleName[] = [
  'appraisalSupplementRestartsClock',
  'earlyReturnNoticeRequired',
  'receptionAcrossBoundaries',
];

/** Reads a row into a regime, checking every rule, basis and form: a wrong row fails loudly, never half-read. */
export function regimeFromRow(row: LegalRegimeRow): LegalRegime {
  const code = row.code;
  const rulesIn = record(code, 'rules', row.rules);
  const basesIn = record(code, 'bases', row.bases);
  const rules = {} as Record<RuleName, number | boolean | null>;
  const bases = {} as Record<RuleName, string>;
  for (const name of RULE_NAMES) {
    if (!(name in rulesIn)) throw new RegimeDataError(code, `rules.${name}`, 'is missing');
    const value = rulesIn[name];
    if (BOOLEAN_RULES.includes(name)) {
      if (typeof value !== 'boolean') throw new RegimeDataError(code, `rules.${name}`, 'is not true or false');
      rules[name] = value;
    } else {
      rules[name] = limit(code, `rules.${name}`, value);
    }
    const basis = basesIn[name];
    if (typeof basis !== 'string' || basis.trim() === '')
      throw new RegimeDataError(code, `bases.${name}`, 'is missing');
    bases[name] = basis;
  }
  if (!Array.isArray(row.forms)) throw new RegimeDataError(code, 'forms', 'is not a list');
  const forms: RegimeForm[] = row.forms.map((f: unknown, i: number) => {
    const form = record(code, `forms[${i}]`, f);
    const kind = form['kind'];
    if (typeof kind !== 'string' || !(FORM_KINDS as readonly string[]).includes(kind))
      throw new RegimeDataError(code, `forms[${i}].kind`, 'is not a known kind of form');
    const number = form['number'];
    if (number !== null && (typeof number !== 'string' || !/^\d{2}$/.test(number)))
      throw new RegimeDataError(code, `forms[${i}].number`, 'is not two digits or null');
    for (const text of ['title', 'basis'] as const) {
      if (typeof form[text] !== 'string' || form[text].trim() === '')
        throw new RegimeDataError(code, `forms[${i}].${text}`, 'is missing');
    }
    return { kind: kind as FormKind, number, title: form['title'] as string, basis: form['basis'] as string };
  });
  const kinds = forms.map((f) => f.kind);
  const repeated = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (repeated) throw new RegimeDataError(code, 'forms', `lists ${repeated} twice`);
  return {
    code,
    name: row.name,
    inForceFrom: row.in_force_from,
    deskName: row.desk_name,
    deskAbbreviation: row.desk_abbreviation,
    rules: rules as unknown as RegimeRules,
    bases,
    forms,
  };
}
