import type { FieldProblem } from '@app/observability';

/**
 * The e-form of a procedure as data: what a citizen fills in online and a clerk at the counter. Admins edit it as
 * JSON; `validateFormSchema` checks it before it is saved and `validateFormData` checks and normalizes a submission.
 */
export const FORM_FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'checkbox',
  'cccd',
  'phone',
  'email',
] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export interface LocalizedText {
  vi: string;
  en: string;
}

export interface FormOption {
  value: string;
  label: LocalizedText;
}

export type FormScalar = string | number | boolean;

export interface FormField {
  key: string;
  label: LocalizedText;
  type: FormFieldType;
  hint?: LocalizedText;
  required?: boolean;
  /** select only. */
  options?: FormOption[];
  /**
   * number: numbers; date: 'YYYY-MM-DD', or a date relative to the day of submission in Vietnam: 'today' with
   * optional offsets in days, months or years ('today-6y+1d': a child under six at submission was born on or after).
   */
  min?: number | string;
  max?: number | string;
  /** number and date: the message when the answer is out of [min, max], e.g. the eligibility it expresses. */
  rangeMessage?: LocalizedText;
  /** date only: the key of another date field this one must not be before (a date range, e.g. birth → death). */
  notBefore?: string;
  /** This field starts a section of the form with this heading (the page groups the fields that follow). */
  section?: LocalizedText;
  /** text and textarea only. */
  maxLength?: number;
  /** text only: a regular expression the whole value must match. */
  pattern?: string;
  /** The field is shown (and validated) only when an earlier field has this value. */
  showIf?: { field: string; equals: FormScalar };
}

export interface FormSchema {
  fields: FormField[];
}

export type FormValues = Record<string, FormScalar>;

export type FormValidation<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };

const KEY_PATTERN = /^[a-z][a-zA-Z0-9_]{0,63}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VN_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const FIELD_PROPS = new Set([
  'key',
  'label',
  'type',
  'hint',
  'required',
  'options',
  'min',
  'max',
  'maxLength',
  'pattern',
  'showIf',
  'rangeMessage',
  'notBefore',
  'section',
]);

/** `today`, optionally followed by offsets in days, months or years: `today-6y+1d`. */
const RELATIVE_DATE = /^today((?:[+-]\d{1,3}[dmy])*)$/;
const OFFSET = /([+-])(\d{1,3})([dmy])/g;

/** Longest answer a pattern is tested against: every test runs on bounded input. */
export const PATTERN_INPUT_LIMIT = 256;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLocalized(value: unknown): value is LocalizedText {
  return (
    isRecord(value) &&
    typeof value.vi === 'string' &&
    value.vi.trim() !== '' &&
    typeof value.en === 'string' &&
    value.en.trim() !== '' &&
    Object.keys(value).every((k) => k === 'vi' || k === 'en')
  );
}

/** A real calendar date as 'YYYY-MM-DD', or null. */
export function parseIsoDate(value: string): string | null {
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return value;
}

/** Today's date in Vietnam (Asia/Ho_Chi_Minh) as 'YYYY-MM-DD'. */
export function todayInVietnam(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
}

function dateBound(value: unknown): boolean {
  return typeof value === 'string' && (RELATIVE_DATE.test(value) || parseIsoDate(value) !== null);
}

/**
 * A date bound as a calendar date: an ISO date as it is, `today…` relative to `today`. Months and years move the
 * calendar date and clamp to the month's end (29/02 − 1y → 28/02). Null for anything else.
 */
export function resolveDateBound(bound: string, today: string): string | null {
  if (parseIsoDate(bound)) return bound;
  const m = RELATIVE_DATE.exec(bound);
  if (!m || !parseIsoDate(today)) return null;
  let [y, mo, d] = today.split('-').map(Number) as [number, number, number];
  for (const [, sign, amount, unit] of (m[1] ?? '').matchAll(OFFSET)) {
    const n = Number(amount) * (sign === '-' ? -1 : 1);
    if (unit === 'd') {
      const t = new Date(Date.UTC(y, mo - 1, d + n));
      [y, mo, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
    } else {
      const months = y * 12 + (mo - 1) + (unit === 'y' ? 12 * n : n);
      y = Math.floor(months / 12);
      mo = (months % 12) + 1;
      d = Math.min(d, new Date(Date.UTC(y, mo, 0)).getUTCDate());
    }
  }
  const pad = (v: number, w = 2) => String(v).padStart(w, '0');
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
}

/**
 * Why a regular expression could backtrack catastrophically, or null when it is in the safe subset: no
 * back-references, no lookaround, and no repetition (`*`, `+`, `{n,}`, `{n,m}` with m > 1) of a group that itself
 * contains a repetition or alternatives (`(a+)+`, `(a|aa)*`). Patterns in the subset run in time linear in the
 * input on a backtracking engine up to polynomial overlaps of adjacent repetitions, which the bounded input
 * (PATTERN_INPUT_LIMIT) keeps small.
 */
export function unsafePatternReason(pattern: string): string | null {
  interface Group {
    repeats: boolean;
    alternates: boolean;
  }
  const root: Group = { repeats: false, alternates: false };
  const stack: Group[] = [root];
  /** The last atom: a group's summary, or a plain atom (null). */
  let last: Group | null | undefined;
  let i = 0;
  const quantifierAt = (at: number): { max: number; length: number } | null => {
    const c = pattern[at];
    if (c === '*' || c === '+') return { max: Infinity, length: 1 };
    if (c === '?') return { max: 1, length: 1 };
    if (c === '{') {
      const q = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
      if (!q) return null;
      const max = q[2] === undefined ? Number(q[1]) : q[3] === '' ? Infinity : Number(q[3]);
      return { max, length: q[0].length };
    }
    return null;
  };
  while (i < pattern.length) {
    const c = pattern[i];
    const top = stack.at(-1) ?? root; // the root group is never popped
    const q = quantifierAt(i);
    if (q) {
      if (last === undefined) return 'starts with a repetition';
      if (last && q.max > 1 && (last.repeats || last.alternates)) {
        return 'repeats a group that itself repeats or has alternatives, e.g. (a+)+ (catastrophic backtracking)';
      }
      top.repeats = true;
      i += q.length;
      if (pattern[i] === '?') i++; // lazy
      last = null;
      continue;
    }
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'uses a back-reference';
      if ((next === 'p' || next === 'P' || next === 'u') && pattern[i + 2] === '{') {
        const end = pattern.indexOf('}', i);
        i = end < 0 ? pattern.length : end + 1;
      } else i += 2;
      last = null;
      continue;
    }
    if (c === '[') {
      i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
      last = null;
      continue;
    }
    if (c === '(') {
      if (/^\(\?(=|!|<=|<!)/.test(pattern.slice(i))) return 'uses a lookahead or lookbehind';
      stack.push({ repeats: false, alternates: false });
      i += pattern.startsWith('(?:', i) ? 3 : 1;
      last = undefined;
      continue;
    }
    if (c === ')') {
      const group = stack.length > 1 ? (stack.pop() as Group) : { repeats: false, alternates: false };
      const parent = stack.at(-1) ?? root;
      parent.repeats ||= group.repeats;
      parent.alternates ||= group.alternates;
      last = group;
      i++;
      continue;
    }
    if (c === '|') {
      top.alternates = true;
      last = undefined;
      i++;
      continue;
    }
    last = null;
    i++;
  }
  return null;
}

/** Checks a schema an admin wrote. Field names of errors are relative to the schema (`fields[2].key`). */
export function validateFormSchema(schema: unknown): FormValidation<FormSchema> {
  const errors: FieldProblem[] = [];
  const add = (field: string, message: string) => {
    const existing = errors.find((e) => e.field === field);
    if (existing) existing.messages.push(message);
    else errors.push({ field, messages: [message] });
  };
  if (!isRecord(schema))
    return { ok: false, errors: [{ field: '', messages: ['must be an object { fields: [...] }'] }] };
  for (const k of Object.keys(schema)) if (k !== 'fields') add(k, 'is not a known property');
  if (!Array.isArray(schema.fields)) {
    add('fields', 'must be an array');
    return { ok: false, errors };
  }
  const seen = new Map<string, Record<string, unknown>>();
  schema.fields.forEach((raw: unknown, i: number) => {
    const at = `fields[${i}]`;
    if (!isRecord(raw)) {
      add(at, 'must be an object');
      return;
    }
    for (const k of Object.keys(raw)) if (!FIELD_PROPS.has(k)) add(`${at}.${k}`, 'is not a known property');
    const key = raw.key;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      add(`${at}.key`, 'must start with a lower-case letter and contain only letters, digits and _ (max 64)');
    } else if (seen.has(key)) {
      add(`${at}.key`, `duplicates the key "${key}" of an earlier field`);
    }
    if (!isLocalized(raw.label)) add(`${at}.label`, 'must be { vi, en } with both texts filled in');
    if (raw.hint !== undefined && !isLocalized(raw.hint)) add(`${at}.hint`, 'must be { vi, en } with both texts');
    if (raw.section !== undefined && !isLocalized(raw.section)) {
      add(`${at}.section`, 'must be { vi, en } with both texts');
    }
    const type = raw.type;
    const known = typeof type === 'string' && (FORM_FIELD_TYPES as readonly string[]).includes(type);
    if (!known) add(`${at}.type`, `must be one of ${FORM_FIELD_TYPES.join(', ')}`);
    if (raw.required !== undefined && typeof raw.required !== 'boolean') add(`${at}.required`, 'must be true or false');

    if (type === 'select') {
      const options = raw.options;
      if (!Array.isArray(options) || options.length === 0) {
        add(`${at}.options`, 'a select needs at least one option');
      } else {
        const values = new Set<string>();
        options.forEach((o: unknown, j: number) => {
          if (!isRecord(o) || typeof o.value !== 'string' || o.value === '' || !isLocalized(o.label)) {
            add(`${at}.options[${j}]`, 'must be { value, label: { vi, en } }');
          } else if (values.has(o.value)) {
            add(`${at}.options[${j}].value`, `duplicates the option "${o.value}"`);
          } else values.add(o.value);
        });
      }
    } else if (raw.options !== undefined) add(`${at}.options`, 'only a select has options');

    for (const bound of ['min', 'max'] as const) {
      const v = raw[bound];
      if (v === undefined) continue;
      if (type === 'number') {
        if (typeof v !== 'number' || !Number.isFinite(v)) add(`${at}.${bound}`, 'must be a number');
      } else if (type === 'date') {
        if (!dateBound(v)) {
          add(`${at}.${bound}`, 'must be a date YYYY-MM-DD, or "today" with offsets such as "today-6y+1d"');
        }
      } else add(`${at}.${bound}`, 'only number and date fields have bounds');
    }
    if (raw.rangeMessage !== undefined) {
      if (type !== 'number' && type !== 'date') add(`${at}.rangeMessage`, 'only number and date fields have it');
      else if (!isLocalized(raw.rangeMessage)) add(`${at}.rangeMessage`, 'must be { vi, en } with both texts');
      else if (raw.min === undefined && raw.max === undefined) add(`${at}.rangeMessage`, 'needs a min or a max');
    }
    if (raw.notBefore !== undefined) {
      const other = typeof raw.notBefore === 'string' ? seen.get(raw.notBefore) : undefined;
      if (type !== 'date') add(`${at}.notBefore`, 'only date fields have it');
      else if (!other || other.type !== 'date') add(`${at}.notBefore`, 'must name an earlier date field');
    }
    if (
      type === 'number' &&
      typeof raw.min === 'number' &&
      typeof raw.max === 'number' &&
      Number.isFinite(raw.min) &&
      raw.min > raw.max
    ) {
      add(`${at}.max`, 'must not be less than min');
    }
    if (raw.maxLength !== undefined) {
      if (type !== 'text' && type !== 'textarea') add(`${at}.maxLength`, 'only text and textarea fields have it');
      else if (typeof raw.maxLength !== 'number' || !Number.isInteger(raw.maxLength) || raw.maxLength < 1) {
        add(`${at}.maxLength`, 'must be a positive integer');
      }
    }
    if (raw.pattern !== undefined) {
      if (type !== 'text') add(`${at}.pattern`, 'only text fields have a pattern');
      else if (typeof raw.pattern !== 'string' || raw.pattern.length > 200) {
        add(`${at}.pattern`, 'must be a regular expression of at most 200 characters');
      } else {
        let compiles = true;
        try {
          new RegExp(raw.pattern, 'u');
        } catch {
          compiles = false;
          add(`${at}.pattern`, 'is not a valid regular expression');
        }
        const unsafe = compiles ? unsafePatternReason(raw.pattern) : null;
        if (unsafe) add(`${at}.pattern`, `is refused: it ${unsafe}`);
      }
    }
    if (raw.showIf !== undefined) {
      const s = raw.showIf;
      if (!isRecord(s) || typeof s.field !== 'string' || !['string', 'number', 'boolean'].includes(typeof s.equals)) {
        add(`${at}.showIf`, 'must be { field, equals } with equals a string, number or boolean');
      } else if (!seen.has(s.field)) {
        add(`${at}.showIf.field`, `must name an earlier field ("${s.field}" is not one)`);
      } else {
        const target = seen.get(s.field) as Record<string, unknown>;
        if (target.type === 'select' && Array.isArray(target.options)) {
          const values = (target.options as unknown[]).map((o) => (isRecord(o) ? o.value : undefined));
          if (!values.includes(s.equals)) add(`${at}.showIf.equals`, `is not an option of "${s.field}"`);
        } else if (target.type === 'checkbox' && typeof s.equals !== 'boolean') {
          add(`${at}.showIf.equals`, `must be true or false: "${s.field}" is a checkbox`);
        }
      }
    }
    if (typeof key === 'string' && KEY_PATTERN.test(key) && !seen.has(key)) seen.set(key, raw);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: schema as unknown as FormSchema };
}

type Lang = 'vi' | 'en';

const MESSAGES = {
  required: { vi: 'Nhập {label}', en: 'Enter {label}' },
  requiredChoice: { vi: 'Chọn {label}', en: 'Select {label}' },
  requiredCheckbox: { vi: 'Bạn phải xác nhận: {label}', en: 'You must confirm: {label}' },
  unknown: { vi: 'Trường này không có trong biểu mẫu', en: 'This field is not part of the form' },
  tooLong: { vi: '{label} không được dài quá {n} ký tự', en: '{label} must be {n} characters or fewer' },
  pattern: { vi: '{label} không đúng định dạng', en: '{label} is not in the right format' },
  number: { vi: '{label} phải là một số', en: '{label} must be a number' },
  min: { vi: '{label} phải từ {n} trở lên', en: '{label} must be {n} or more' },
  max: { vi: '{label} không được lớn hơn {n}', en: '{label} must be {n} or less' },
  date: {
    vi: '{label} phải là ngày có thật, dạng ngày/tháng/năm',
    en: '{label} must be a real date, as day/month/year',
  },
  dateMin: { vi: '{label} không được trước ngày {n}', en: '{label} must be on or after {n}' },
  dateMax: { vi: '{label} không được sau ngày {n}', en: '{label} must be on or before {n}' },
  notBefore: { vi: '{label} không được trước {other}', en: '{label} must not be before {other}' },
  option: { vi: 'Chọn một giá trị có trong danh sách cho {label}', en: 'Select {label} from the list' },
  checkbox: { vi: '{label}: giá trị không hợp lệ', en: '{label}: invalid value' },
  cccd: {
    vi: 'Số định danh cá nhân (CCCD) gồm đúng 12 chữ số',
    en: 'A citizen ID number (CCCD) has exactly 12 digits',
  },
  phone: {
    vi: '{label} phải là số điện thoại Việt Nam, ví dụ 0912345678',
    en: '{label} must be a Vietnamese phone number, like 0912345678',
  },
  email: {
    vi: '{label} phải là địa chỉ thư điện tử, ví dụ ten@example.com',
    en: '{label} must be an email address, like name@example.com',
  },
  text: { vi: '{label} phải là văn bản', en: '{label} must be text' },
} satisfies Record<string, LocalizedText>;

function message(lang: Lang, id: keyof typeof MESSAGES, params: Record<string, string | number>): string {
  return MESSAGES[id][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Checks a submission against the schema and normalizes it (trimmed text, numbers, ISO dates, booleans, digits-only
 * CCCD and phone). Hidden fields (showIf not met) are not required and are dropped; fields the schema does not have
 * are rejected. Accepts strings as an HTML form sends them, or JSON values.
 */
export function validateFormData(
  schema: FormSchema,
  data: unknown,
  opts: { lang?: Lang; today?: string } = {},
): FormValidation<FormValues> {
  const lang = opts.lang ?? 'vi';
  const today = opts.today ?? todayInVietnam();
  const errors: FieldProblem[] = [];
  const values: FormValues = {};
  if (!isRecord(data)) return { ok: false, errors: [{ field: '', messages: ['must be an object'] }] };
  const keys = new Set(schema.fields.map((f) => f.key));
  for (const k of Object.keys(data))
    if (!keys.has(k)) errors.push({ field: k, messages: [message(lang, 'unknown', {})] });

  const visible = new Set<string>();
  for (const field of schema.fields) {
    if (field.showIf) {
      const { field: target, equals } = field.showIf;
      if (!visible.has(target) || values[target] !== equals) continue;
    }
    visible.add(field.key);
    const label = field.label[lang];
    const fail = (id: keyof typeof MESSAGES, params: Record<string, string | number> = {}) =>
      errors.push({ field: field.key, messages: [message(lang, id, { label, ...params })] });
    const outOfRange = (id: keyof typeof MESSAGES, params: Record<string, string | number>) => {
      if (field.rangeMessage) errors.push({ field: field.key, messages: [field.rangeMessage[lang]] });
      else fail(id, params);
    };
    const raw = data[field.key];

    if (field.type === 'checkbox') {
      let checked: boolean | null;
      if (raw === undefined || raw === null || raw === '' || raw === false || raw === 'false' || raw === '0')
        checked = false;
      else if (raw === true || raw === 'true' || raw === 'on' || raw === '1') checked = true;
      else checked = null;
      if (checked === null) fail('checkbox');
      else if (field.required && !checked) fail('requiredCheckbox');
      else values[field.key] = checked;
      continue;
    }
    if (isBlank(raw)) {
      if (field.required) fail(field.type === 'select' ? 'requiredChoice' : 'required');
      continue;
    }
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      fail('text');
      continue;
    }
    const text = String(raw).trim();
    switch (field.type) {
      case 'text':
      case 'textarea': {
        if (typeof raw !== 'string') fail('text');
        else if (field.maxLength !== undefined && [...text].length > field.maxLength)
          fail('tooLong', { n: field.maxLength });
        else if (field.pattern !== undefined && !matchesPattern(field.pattern, text)) fail('pattern');
        else values[field.key] = text;
        break;
      }
      case 'number': {
        const n = typeof raw === 'number' ? raw : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
        if (!Number.isFinite(n)) fail('number');
        else if (typeof field.min === 'number' && n < field.min) outOfRange('min', { n: field.min });
        else if (typeof field.max === 'number' && n > field.max) outOfRange('max', { n: field.max });
        else values[field.key] = n;
        break;
      }
      case 'date': {
        const [vn, day = '', month = '', year = ''] = VN_DATE.exec(text) ?? [];
        const iso = vn ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : text;
        const date = typeof raw === 'string' ? parseIsoDate(iso) : null;
        const min = typeof field.min === 'string' ? resolveDateBound(field.min, today) : null;
        const max = typeof field.max === 'string' ? resolveDateBound(field.max, today) : null;
        const other = field.notBefore ? schema.fields.find((f) => f.key === field.notBefore) : undefined;
        const otherValue = field.notBefore ? values[field.notBefore] : undefined;
        if (!date) fail('date');
        else if (min && date < min) outOfRange('dateMin', { n: formatVnDate(min) });
        else if (max && date > max) outOfRange('dateMax', { n: formatVnDate(max) });
        else if (other && typeof otherValue === 'string' && date < otherValue) {
          fail('notBefore', { other: other.label[lang] });
        } else values[field.key] = date;
        break;
      }
      case 'select': {
        if (!field.options?.some((o) => o.value === text)) fail('option');
        else values[field.key] = text;
        break;
      }
      case 'cccd': {
        const digits = text.replace(/\s+/g, '');
        if (!/^\d{12}$/.test(digits)) fail('cccd');
        else values[field.key] = digits;
        break;
      }
      case 'phone': {
        let digits = text.replace(/[\s.()-]/g, '');
        if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
        else if (digits.startsWith('84') && digits.length >= 11) digits = `0${digits.slice(2)}`;
        if (!/^0\d{9,10}$/.test(digits)) fail('phone');
        else values[field.key] = digits;
        break;
      }
      case 'email': {
        if (text.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) fail('email');
        else values[field.key] = text;
        break;
      }
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: values };
}

/**
 * Whether the whole answer matches an administrator's pattern. Every test runs on bounded input: an answer longer
 * than PATTERN_INPUT_LIMIT does not match, and a stored pattern outside the safe subset (saved before the subset was
 * enforced) is never run — it cannot be trusted not to backtrack catastrophically, so the answer does not match.
 */
export function matchesPattern(pattern: string, text: string): boolean {
  if ([...text].length > PATTERN_INPUT_LIMIT) return false;
  if (unsafePatternReason(pattern) !== null) return false;
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(text);
  } catch {
    return false;
  }
}

/** 'YYYY-MM-DD' → 'DD/MM/YYYY' as Vietnamese readers write dates. */
export function formatVnDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
