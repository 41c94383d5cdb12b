import type { FieldProblem } from '@app/observability';
import type { RouteStepInput } from '../routing.types';

export interface RouteLimit {
  unit: string;
  amount: number;
  extendedAmount: number | null;
}

/** Budget of a step in working hours (an 8-hour working day), to compare steps counted in different units. */
export function budgetHours(step: Pick<RouteStepInput, 'budgetUnit' | 'budgetAmount'>): number {
  return step.budgetUnit === 'working_days' ? step.budgetAmount * 8 : step.budgetAmount;
}

/**
 * The checks of an edited route, as field problems: stages numbered 1..n without gaps (several steps in one stage
 * run in parallel; stages run one after the other), unique step codes, a budget for every step, a known agency for
 * every step, and the longest path through the stages within the procedure's legal limit (the extended one when the
 * procedure has it). `knownAgencies` are the codes of active agencies.
 */
export function routeProblems(
  steps: readonly RouteStepInput[],
  ctx: { knownAgencies: ReadonlySet<string>; limit: RouteLimit },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (steps.length === 0) return [{ field: 'steps', messages: ['a route has at least one step'], code: 'too_few' }];
  if (steps.length > 30) return [{ field: 'steps', messages: ['a route has at most 30 steps'], code: 'too_many' }];
  const codes = new Set<string>();
  steps.forEach((s, i) => {
    const at = (f: string) => `steps[${i}].${f}`;
    if (!Number.isInteger(s.stage) || s.stage < 1 || s.stage > 20)
      problems.push({ field: at('stage'), messages: ['must be a whole number from 1 to 20'] });
    if (typeof s.stepCode !== 'string' || !/^[a-z][a-z0-9-]{1,47}$/.test(s.stepCode))
      problems.push({ field: at('stepCode'), messages: ['must be 2–48 lowercase letters, digits or dashes'] });
    else if (codes.has(s.stepCode))
      problems.push({ field: at('stepCode'), messages: ['is used by another step'], code: 'taken' });
    else codes.add(s.stepCode);
    if (typeof s.name !== 'string' || s.name.trim() === '' || s.name.length > 200)
      problems.push({ field: at('name'), messages: ['is required (at most 200 characters)'] });
    if (!ctx.knownAgencies.has(s.agencyCode))
      problems.push({ field: at('agencyCode'), messages: ['is not an active agency of the directory'] });
    if (s.budgetUnit !== 'working_days' && s.budgetUnit !== 'working_hours')
      problems.push({ field: at('budgetUnit'), messages: ['must be working_days or working_hours'] });
    if (!Number.isInteger(s.budgetAmount) || s.budgetAmount < 1 || s.budgetAmount > 365)
      problems.push({ field: at('budgetAmount'), messages: ['must be a whole number from 1 to 365'] });
  });
  if (problems.length > 0) return problems;

  const stages = [...new Set(steps.map((s) => s.stage))].sort((a, b) => a - b);
  if (stages.some((stage, i) => stage !== i + 1)) {
    problems.push({
      field: 'steps',
      messages: [`stages must be numbered 1 to ${stages.length} without gaps`],
      code: 'stage_gap',
    });
  }
  const longest = stages.reduce(
    (sum, stage) => sum + Math.max(...steps.filter((s) => s.stage === stage).map(budgetHours)),
    0,
  );
  const legal = ctx.limit.extendedAmount ?? ctx.limit.amount;
  const legalHours = ctx.limit.unit === 'working_days' ? legal * 8 : legal;
  if (legalHours > 0 && longest > legalHours) {
    const unit = ctx.limit.unit === 'working_days' ? 'working days' : 'working hours';
    problems.push({
      field: 'steps',
      messages: [
        `the longest path takes ${longest / 8} working days, more than the procedure’s limit of ${legal} ${unit}`,
      ],
      code: 'over_time_limit',
    });
  }
  return problems;
}
