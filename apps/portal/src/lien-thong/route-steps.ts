import type { FieldProblem, FieldProblemCode } from '@app/observability';
import type { RouteStepInput } from '@app/routing';
import type { T } from '../web/page-kit';

export const STEP_FIELDS = ['stage', 'stepCode', 'name', 'agencyCode', 'budgetUnit', 'budgetAmount'] as const;

/**
 * Steps of a route from a JSON body, as given: the route service checks every value (and names `steps[i].field`);
 * here only unknown fields are refused, so a misspelt field is never silently dropped.
 */
export function routeStepsFromJson(raw: ReadonlyArray<Record<string, unknown>>): {
  steps: RouteStepInput[];
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const steps = raw.map((step, i) => {
    for (const key of Object.keys(step)) {
      if (!(STEP_FIELDS as readonly string[]).includes(key)) {
        problems.push({ field: `steps[${i}].${key}`, messages: ['is not a field of a route step'] });
      }
    }
    return Object.fromEntries(STEP_FIELDS.map((f) => [f, step[f]])) as unknown as RouteStepInput;
  });
  return { steps, problems };
}

/** One row of the route editor as posted (every value a string). */
export interface RouteFormRow {
  stage: string;
  stepCode: string;
  name: string;
  agencyCode: string;
  budgetUnit: string;
  budgetAmount: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * The values of a repeated form field in order. The body parser gives one value as a string, several as an array,
 * and more than 20 as an object keyed by position.
 */
function column(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (Array.isArray(value)) return value.map(text);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .filter(([k]) => /^\d+$/.test(k))
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => text(v));
  }
  return value === undefined ? [] : [text(value)];
}

/**
 * The editor's rows from the posted form (parallel arrays `stage`, `stepCode`, … in row order). Rows left entirely
 * blank are dropped, and so is the row whose `remove` box is ticked.
 */
export function routeRowsFromForm(body: Record<string, unknown>): RouteFormRow[] {
  const cols = Object.fromEntries(STEP_FIELDS.map((f) => [f, column(body, f)])) as Record<
    (typeof STEP_FIELDS)[number],
    string[]
  >;
  const removed = new Set(column(body, 'remove'));
  const count = Math.max(...STEP_FIELDS.map((f) => cols[f].length), 0);
  const rows: RouteFormRow[] = [];
  for (let i = 0; i < Math.min(count, 60); i++) {
    if (removed.has(String(i))) continue;
    const row: RouteFormRow = {
      stage: cols.stage[i] ?? '',
      stepCode: cols.stepCode[i] ?? '',
      name: cols.name[i] ?? '',
      agencyCode: cols.agencyCode[i] ?? '',
      budgetUnit: cols.budgetUnit[i] ?? '',
      budgetAmount: cols.budgetAmount[i] ?? '',
    };
    const blank = row.stepCode === '' && row.name === '' && row.agencyCode === '' && row.budgetAmount === '';
    if (!blank) rows.push(row);
  }
  return rows;
}

/** A whole number written in a form field, or NaN (which the route checks report on that field). */
function whole(value: string): number {
  return /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
}

export function routeStepsFromRows(rows: readonly RouteFormRow[]): RouteStepInput[] {
  return rows.map((r) => ({
    stage: whole(r.stage),
    stepCode: r.stepCode,
    name: r.name,
    agencyCode: r.agencyCode,
    budgetUnit: r.budgetUnit as RouteStepInput['budgetUnit'],
    budgetAmount: whole(r.budgetAmount),
  }));
}

/** `steps[2].agencyCode` → { row: 2, field: 'agencyCode' }; a problem of the whole route → null. */
export function stepFieldOf(field: string): { row: number; field: string } | null {
  const [m, row, name] = /^steps\[(\d+)\]\.(\w+)$/.exec(field) ?? [];
  return m && row !== undefined && name !== undefined ? { row: Number(row), field: name } : null;
}

/** The route's own problems (not a step's) in the page's words, by their code. */
const ROUTE_PROBLEM_KEYS: Partial<Record<FieldProblemCode, string>> = {
  too_few: 'lt.routes.error.empty',
  too_many: 'lt.routes.error.tooMany',
  stage_gap: 'lt.routes.error.stages',
  over_time_limit: 'lt.routes.error.budget',
};

/** A route problem in the page's language: a step's by its field, the route's own by its code. */
export function routeProblemText(p: FieldProblem, t: T, limit: string): string {
  const message = p.messages.join(', ');
  const at = stepFieldOf(p.field);
  if (at) {
    if (at.field === 'stepCode' && p.code === 'taken') return t('lt.routes.error.stepCodeTaken');
    if ((STEP_FIELDS as readonly string[]).includes(at.field)) return t(`lt.routes.error.${at.field}`);
    return `${p.field}: ${message}`;
  }
  const key = p.code && ROUTE_PROBLEM_KEYS[p.code];
  return key ? t(key, { limit }) : message;
}
