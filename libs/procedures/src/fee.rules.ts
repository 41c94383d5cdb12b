import type { FieldProblem } from '@app/observability';

/**
 * Fees and charges (phí, lệ phí) as data, in integer đồng. A procedure lists fee items, each with one rule:
 * - `free`: no fee (e.g. đăng ký kết hôn trong nước);
 * - `free_when_on_time`: free when done within the legal period, otherwise `lateAmount` (e.g. khai sinh, khai tử);
 * - `fixed`: one amount per copy/request;
 * - `per_page`: tiers by page number with an optional cap per copy (chứng thực bản sao, TT 226/2016/TT-BTC);
 * - `set_by_province`: the amount the provincial People's Council fixed (`amount`), within the national range.
 */
export type FeeRule =
  | { kind: 'free' }
  | { kind: 'free_when_on_time'; lateAmount: number }
  | { kind: 'fixed'; amount: number }
  | { kind: 'per_page'; tiers: Array<{ fromPage: number; perPage: number }>; capPerCopy?: number }
  | {
      kind: 'set_by_province';
      province: string;
      amount: number;
      range?: { min: number; max: number };
      /** The provincial resolution fixing it; absent when the amount is a configured placeholder. */
      decision?: string;
    };

export const FEE_RULE_KINDS = ['free', 'free_when_on_time', 'fixed', 'per_page', 'set_by_province'] as const;

export interface FeeItem {
  name: string;
  rule: FeeRule;
  note?: string;
}

export interface FeeInput {
  /** Pages of the document (per_page); at least 1. */
  pages?: number;
  /** Copies requested; default 1. */
  copies?: number;
  /** Registered after the legal period (free_when_on_time). */
  late?: boolean;
}

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer`);
  return n;
}

/** The fee in integer đồng for one request. */
export function computeFee(rule: FeeRule, input: FeeInput = {}): number {
  const copies = positiveInt(input.copies, 1, 'copies');
  switch (rule.kind) {
    case 'free':
      return 0;
    case 'free_when_on_time':
      return input.late ? rule.lateAmount : 0;
    case 'fixed':
      return rule.amount * copies;
    case 'set_by_province':
      return rule.amount * copies;
    case 'per_page': {
      const pages = positiveInt(input.pages, 1, 'pages');
      const tiers = [...rule.tiers].sort((a, b) => a.fromPage - b.fromPage);
      let perCopy = 0;
      for (let page = 1; page <= pages; page++) {
        const tier = tiers.filter((t) => t.fromPage <= page).pop();
        perCopy += tier?.perPage ?? 0;
      }
      if (rule.capPerCopy !== undefined) perCopy = Math.min(perCopy, rule.capPerCopy);
      return perCopy * copies;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMoney(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

const RULE_PROPS: Record<FeeRule['kind'], readonly string[]> = {
  free: ['kind'],
  free_when_on_time: ['kind', 'lateAmount'],
  fixed: ['kind', 'amount'],
  per_page: ['kind', 'tiers', 'capPerCopy'],
  set_by_province: ['kind', 'province', 'amount', 'range', 'decision'],
};

/** Checks a fee rule an admin wrote; money must be integer đồng. Field names are relative to `at`. */
export function validateFeeRule(rule: unknown, at: string): FieldProblem[] {
  const errors: FieldProblem[] = [];
  const add = (field: string, m: string) => errors.push({ field, messages: [m] });
  if (!isRecord(rule) || !(FEE_RULE_KINDS as readonly string[]).includes(rule.kind as string)) {
    add(`${at}.kind`, `must be one of ${FEE_RULE_KINDS.join(', ')}`);
    return errors;
  }
  const kind = rule.kind as FeeRule['kind'];
  for (const k of Object.keys(rule)) if (!RULE_PROPS[kind].includes(k)) add(`${at}.${k}`, 'is not a known property');
  const money = (k: string, required = true) => {
    if (rule[k] === undefined && !required) return;
    if (!isMoney(rule[k])) add(`${at}.${k}`, 'must be a whole number of đồng, 0 or more');
  };
  switch (kind) {
    case 'free':
      break;
    case 'free_when_on_time':
      money('lateAmount');
      break;
    case 'fixed':
      money('amount');
      break;
    case 'set_by_province': {
      money('amount');
      if (typeof rule.province !== 'string' || rule.province.trim() === '') add(`${at}.province`, 'must be named');
      if (rule.decision !== undefined && typeof rule.decision !== 'string') add(`${at}.decision`, 'must be text');
      if (rule.range !== undefined) {
        const r = rule.range;
        if (!isRecord(r) || !isMoney(r.min) || !isMoney(r.max) || r.min > r.max) {
          add(`${at}.range`, 'must be { min, max } in đồng with min ≤ max');
        } else if (isMoney(rule.amount) && (rule.amount < r.min || rule.amount > r.max)) {
          add(`${at}.amount`, `must be within the national range ${r.min}–${r.max} đồng`);
        }
      }
      break;
    }
    case 'per_page': {
      money('capPerCopy', false);
      const tiers = rule.tiers;
      if (!Array.isArray(tiers) || tiers.length === 0) {
        add(`${at}.tiers`, 'needs at least one tier { fromPage, perPage }');
        break;
      }
      tiers.forEach((t: unknown, i: number) => {
        if (!isRecord(t) || !Number.isInteger(t.fromPage) || (t.fromPage as number) < 1 || !isMoney(t.perPage)) {
          add(`${at}.tiers[${i}]`, 'must be { fromPage ≥ 1, perPage in whole đồng }');
        }
      });
      const first = tiers[0] as unknown;
      if (errors.length === 0 && (!isRecord(first) || first.fromPage !== 1))
        add(`${at}.tiers[0].fromPage`, 'must be 1');
      break;
    }
  }
  return errors;
}

/** Checks a procedure's list of fee items. */
export function validateFeeItems(items: unknown, at: string): FieldProblem[] {
  if (!Array.isArray(items)) return [{ field: at, messages: ['must be an array'] }];
  return items.flatMap((item: unknown, i: number) => {
    const p = `${at}[${i}]`;
    if (!isRecord(item)) return [{ field: p, messages: ['must be { name, rule, note? }'] }];
    const errors: FieldProblem[] = [];
    for (const k of Object.keys(item)) {
      if (!['name', 'rule', 'note'].includes(k))
        errors.push({ field: `${p}.${k}`, messages: ['is not a known property'] });
    }
    if (typeof item.name !== 'string' || item.name.trim() === '') {
      errors.push({ field: `${p}.name`, messages: ['must be named'] });
    }
    if (item.note !== undefined && typeof item.note !== 'string') {
      errors.push({ field: `${p}.note`, messages: ['must be text'] });
    }
    return [...errors, ...validateFeeRule(item.rule, `${p}.rule`)];
  });
}

/** A human description of a rule, for pages: amounts formatted in Vietnamese style. */
export function describeFeeRule(rule: FeeRule, lang: 'vi' | 'en' = 'vi'): string {
  const d = (n: number) => `${new Intl.NumberFormat('vi-VN').format(n)}đ`;
  const vi = lang === 'vi';
  switch (rule.kind) {
    case 'free':
      return vi ? 'Miễn phí' : 'Free';
    case 'free_when_on_time':
      return vi
        ? `Miễn lệ phí khi đăng ký đúng hạn; quá hạn: ${d(rule.lateAmount)}`
        : `Free when on time; late: ${d(rule.lateAmount)}`;
    case 'fixed':
      return vi ? `${d(rule.amount)} mỗi bản` : `${d(rule.amount)} per copy`;
    case 'set_by_province':
      return vi
        ? `${d(rule.amount)} (mức do HĐND ${rule.province} quyết định${rule.decision ? `, ${rule.decision}` : ''})`
        : `${d(rule.amount)} (set by ${rule.province}${rule.decision ? `, ${rule.decision}` : ''})`;
    case 'per_page': {
      const tiers = [...rule.tiers]
        .sort((a, b) => a.fromPage - b.fromPage)
        .map((t) =>
          t.fromPage === 1
            ? vi
              ? `${d(t.perPage)}/trang`
              : `${d(t.perPage)}/page`
            : vi
              ? `từ trang thứ ${t.fromPage}: ${d(t.perPage)}/trang`
              : `from page ${t.fromPage}: ${d(t.perPage)}/page`,
        );
      const cap =
        rule.capPerCopy !== undefined
          ? vi
            ? `tối đa ${d(rule.capPerCopy)}/bản`
            : `at most ${d(rule.capPerCopy)}/copy`
          : '';
      return [...tiers, cap].filter(Boolean).join('; ');
    }
  }
}
