import { routeProblems } from './route.rules';
import type { RouteStepInput } from '../routing.types';
import { nth } from '@app/testing';

const known = new Set(['000.31.22.H56', '000.40.17.H56']);
const limit = { unit: 'working_days', amount: 3, extendedAmount: 5 };
const step = (over: Partial<RouteStepInput> = {}): RouteStepInput => ({
  stage: 1,
  stepCode: 'thuong-tru',
  name: 'Đăng ký thường trú',
  agencyCode: '000.31.22.H56',
  budgetUnit: 'working_days',
  budgetAmount: 2,
  ...over,
});

describe('routeProblems', () => {
  it('accepts parallel steps in one stage and sequential stages within the limit', () => {
    expect(
      routeProblems([step(), step({ stepCode: 'the-bhyt', agencyCode: '000.40.17.H56' })], {
        knownAgencies: known,
        limit,
      }),
    ).toEqual([]);
    expect(
      routeProblems([step(), step({ stage: 2, stepCode: 'bhxh', agencyCode: '000.40.17.H56', budgetAmount: 3 })], {
        knownAgencies: known,
        limit,
      }),
    ).toEqual([]);
  });

  it('names the field of each bad step', () => {
    const problems = routeProblems(
      [
        step({ stage: 0 }),
        step({ stepCode: 'Bad Code' }),
        step({ stepCode: 'x2', agencyCode: '999' }),
        step({ stepCode: 'x3', budgetAmount: 0 }),
        step({ stepCode: 'x4', budgetUnit: 'weeks' as never }),
        step({ stepCode: 'x5', name: ' ' }),
      ],
      { knownAgencies: known, limit },
    );
    expect(problems.map((p) => p.field)).toEqual([
      'steps[0].stage',
      'steps[1].stepCode',
      'steps[2].agencyCode',
      'steps[3].budgetAmount',
      'steps[4].budgetUnit',
      'steps[5].name',
    ]);
  });

  it('refuses duplicate step codes, gaps between stages, an empty route and a path over the legal limit', () => {
    expect(routeProblems([step(), step()], { knownAgencies: known, limit })[0]).toEqual({
      field: 'steps[1].stepCode',
      messages: ['is used by another step'],
      code: 'taken',
    });
    const [gap] = routeProblems([step({ stage: 2 })], { knownAgencies: known, limit });
    expect(nth(gap?.messages ?? [], 0)).toMatch(/without gaps/);
    expect(gap?.code).toBe('stage_gap');
    expect(routeProblems([], { knownAgencies: known, limit })[0]).toMatchObject({ field: 'steps', code: 'too_few' });
    const many = Array.from({ length: 31 }, (_, i) => step({ stepCode: `b${i}` }));
    expect(routeProblems(many, { knownAgencies: known, limit })[0]).toMatchObject({ field: 'steps', code: 'too_many' });
    const tooLong = routeProblems(
      [step({ budgetAmount: 3 }), step({ stage: 2, stepCode: 'bhxh', agencyCode: '000.40.17.H56', budgetAmount: 3 })],
      { knownAgencies: known, limit },
    );
    expect(tooLong).toEqual([
      {
        field: 'steps',
        messages: [expect.stringMatching(/longest path takes 6 working days/)],
        code: 'over_time_limit',
      },
    ]);
  });

  it('compares hours and days on one scale (8 working hours a day)', () => {
    const hours = routeProblems([step({ budgetUnit: 'working_hours', budgetAmount: 40 })], {
      knownAgencies: known,
      limit,
    });
    expect(hours).toEqual([]);
    const over = routeProblems([step({ budgetUnit: 'working_hours', budgetAmount: 41 })], {
      knownAgencies: known,
      limit,
    });
    expect(nth(over, 0).field).toBe('steps');
  });
});
