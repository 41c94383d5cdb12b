import * as agency from '@app/agency';
import * as procedures from '@app/procedures';
import * as routing from '@app/routing';
import * as seed from '@app/seed';

describe('demo data stays out of the production barrels', () => {
  const demo = Object.keys(seed);

  it('is all in the seed library', () => {
    expect(demo).toEqual(
      expect.arrayContaining(['DEMO_AGENCIES', 'DEMO_PROCEDURES', 'SEED_ROUTES', 'seedProcedures', 'seedRouting']),
    );
  });

  it.each([
    ['@app/agency', agency],
    ['@app/procedures', procedures],
    ['@app/routing', routing],
  ])('%s exports none of it, only the writer of its own tables', (_, barrel) => {
    const exported = Object.keys(barrel);
    expect(exported.filter((name) => demo.includes(name) || /^(DEMO|SEED)_/.test(name))).toEqual([]);
  });
});
