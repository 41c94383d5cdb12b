import { Client } from 'pg';
import { createEmptyDatabase, PORTAL_MAIN, spawnApp, WORKER_MAIN, nth } from '@app/testing';

const validPortalEnv = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: 'redis://127.0.0.1:6379',
  OIDC_ISSUER: 'http://localhost:8181/realms/motcua',
  OIDC_CLIENT_SECRET: 'secret',
  SESSION_SECRET: 'x'.repeat(40),
  PORT: '0',
};

describe('configuration at boot', () => {
  it.each([
    ['a missing variable', { OIDC_ISSUER: '' }, /OIDC_ISSUER: is required but not set/],
    ['a malformed port', { PORT: 'eighty' }, /PORT: must be an integer, got "eighty"/],
    ['a malformed URL', { REDIS_URL: 'not a url' }, /REDIS_URL: is not a valid URL/],
    ['a short session secret', { SESSION_SECRET: 'short' }, /SESSION_SECRET: must be at least 32 characters long/],
  ])('the portal exits non-zero naming %s', async (_label, override, message) => {
    const proc = spawnApp(PORTAL_MAIN, ['serve'], { ...validPortalEnv, ...override });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(message);
    expect(proc.output()).not.toMatch(/ at .*\.js:\d+/);
  });

  it('the worker exits non-zero naming every bad variable', async () => {
    const proc = spawnApp(WORKER_MAIN, [], { DATABASE_URL: 'mysql://x', WORKER_CONCURRENCY: 'many' });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/DATABASE_URL: must use postgres or postgresql, got mysql/);
    expect(proc.output()).toMatch(/REDIS_URL: is required but not set/);
    expect(proc.output()).toMatch(/WORKER_CONCURRENCY: must be an integer, got "many"/);
  });

  it('an unknown command exits with usage', async () => {
    const proc = spawnApp(PORTAL_MAIN, ['frobnicate'], validPortalEnv);
    expect(await proc.exited).toBe(2);
    expect(proc.output()).toMatch(/usage: main\.js \[serve \| migrate \| seed \| national-target --url <url>/);
  });
});

describe('migrate command', () => {
  it('started twice at once: both exit 0 and every migration is applied once', async () => {
    const db = await createEmptyDatabase();
    try {
      const env = { DATABASE_URL: db.url };
      const a = spawnApp(PORTAL_MAIN, ['migrate'], env);
      const b = spawnApp(PORTAL_MAIN, ['migrate'], env);
      expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
      const reports = [a.output(), b.output()].map(
        (o) => JSON.parse(o.trim().split('\n').pop() ?? '{}') as { applied: string[] },
      );
      const applied = reports.flatMap((r) => r.applied);
      expect(new Set(applied).size).toBe(applied.length);
      expect(reports.some((r) => r.applied.length === 0)).toBe(true);

      const client = new Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM schema_migration');
      await client.end();
      expect(Number(nth(rows, 0).n)).toBe(applied.length);

      const again = spawnApp(PORTAL_MAIN, ['migrate'], env);
      expect(await again.exited).toBe(0);
      expect(again.output()).toContain('"applied":[]');
    } finally {
      await db.drop();
    }
  });
});
