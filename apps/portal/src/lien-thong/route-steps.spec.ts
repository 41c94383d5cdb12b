import {
  routeProblemText,
  routeRowsFromForm,
  routeStepsFromJson,
  routeStepsFromRows,
  stepFieldOf,
} from './route-steps';
import { translator } from '../web/page-kit';
import { nth } from '@app/testing';

describe('routeStepsFromJson', () => {
  it('keeps the step fields as given and names each unknown field by its step', () => {
    const { steps, problems } = routeStepsFromJson([
      {
        stage: 1,
        stepCode: 'thuong-tru',
        name: 'Thường trú',
        agencyCode: 'A',
        budgetUnit: 'working_days',
        budgetAmount: 2,
      },
      { stage: '2', stepCode: 'bhyt', agency: 'B' },
    ]);
    expect(steps[0]).toEqual({
      stage: 1,
      stepCode: 'thuong-tru',
      name: 'Thường trú',
      agencyCode: 'A',
      budgetUnit: 'working_days',
      budgetAmount: 2,
    });
    // Values are not coerced: the route checks report `steps[1].stage` as not a whole number.
    expect(nth(steps, 1).stage).toBe('2');
    expect(problems).toEqual([{ field: 'steps[1].agency', messages: ['is not a field of a route step'] }]);
  });
});

describe('routeRowsFromForm', () => {
  const row = (i: number) => ({
    stage: String(i),
    stepCode: `step-${i}`,
    name: `Bước ${i}`,
    agencyCode: 'A',
    budgetUnit: 'working_days',
    budgetAmount: '1',
  });

  it('reads one row posted as single values', () => {
    expect(routeRowsFromForm(row(1))).toEqual([row(1)]);
  });

  it('reads rows posted as arrays, drops blank rows and the ones ticked for removal', () => {
    const body = {
      stage: ['1', '1', '2', '3'],
      stepCode: ['a-1', ' ', 'b-2', 'c-3'],
      name: ['A', '', 'B', 'C'],
      agencyCode: ['X', '', 'Y', 'Z'],
      budgetUnit: ['working_days', 'working_days', 'working_hours', 'working_days'],
      budgetAmount: ['1', '', '4', '2'],
      remove: '3',
    };
    expect(routeRowsFromForm(body).map((r) => r.stepCode)).toEqual(['a-1', 'b-2']);
  });

  it('reads more than twenty rows, which the body parser gives as an object keyed by position', () => {
    const rows = Array.from({ length: 25 }, (_, i) => row(i + 1));
    const asObject = (values: string[]) => Object.fromEntries(values.map((v, i) => [String(i), v]));
    const body = Object.fromEntries(
      (['stage', 'stepCode', 'name', 'agencyCode', 'budgetUnit', 'budgetAmount'] as const).map((f) => [
        f,
        asObject(rows.map((r) => r[f])),
      ]),
    );
    expect(routeRowsFromForm(body)).toEqual(rows);
  });
});

describe('routeStepsFromRows', () => {
  it('turns whole numbers into numbers and anything else into NaN for the checks to report', () => {
    const [ok, bad] = routeStepsFromRows([
      { stage: '2', stepCode: 'a', name: 'A', agencyCode: 'X', budgetUnit: 'working_hours', budgetAmount: '16' },
      { stage: 'hai', stepCode: 'b', name: 'B', agencyCode: 'Y', budgetUnit: 'working_days', budgetAmount: '1.5' },
    ]);
    expect(ok).toMatchObject({ stage: 2, budgetAmount: 16, budgetUnit: 'working_hours' });
    expect(bad?.stage).toBeNaN();
    expect(bad?.budgetAmount).toBeNaN();
  });
});

describe('stepFieldOf', () => {
  it('finds the row and field of a step problem, and nothing for a problem of the whole route', () => {
    expect(stepFieldOf('steps[2].agencyCode')).toEqual({ row: 2, field: 'agencyCode' });
    expect(stepFieldOf('steps')).toBeNull();
  });
});

describe('routeProblemText', () => {
  const t = translator('vi');
  // The service's English words may change: the page's words follow the code alone.
  const said = ['worded differently'];

  it('names the route’s own problems by their code', () => {
    expect(routeProblemText({ field: 'steps', messages: said, code: 'too_few' }, t, '3 ngày')).toBe(
      t('lt.routes.error.empty'),
    );
    expect(routeProblemText({ field: 'steps', messages: said, code: 'too_many' }, t, '3 ngày')).toBe(
      t('lt.routes.error.tooMany'),
    );
    expect(routeProblemText({ field: 'steps', messages: said, code: 'stage_gap' }, t, '3 ngày')).toBe(
      t('lt.routes.error.stages'),
    );
    const budget = routeProblemText({ field: 'steps', messages: said, code: 'over_time_limit' }, t, '3 ngày');
    expect(budget).toBe(t('lt.routes.error.budget', { limit: '3 ngày' }));
    expect(budget).toContain('3 ngày');
  });

  it('names a step’s problem by its field, a taken step code by its code, and passes an unknown one on', () => {
    expect(routeProblemText({ field: 'steps[1].stepCode', messages: said, code: 'taken' }, t, '')).toBe(
      t('lt.routes.error.stepCodeTaken'),
    );
    expect(routeProblemText({ field: 'steps[1].stepCode', messages: said }, t, '')).toBe(t('lt.routes.error.stepCode'));
    expect(routeProblemText({ field: 'steps', messages: said }, t, '')).toBe('worded differently');
  });
});
