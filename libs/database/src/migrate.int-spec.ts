import { Client } from 'pg';
import { createEmptyDatabase, TestDatabase } from '@app/testing';
import { MIGRATIONS } from './migrations';
import { revertLastMigration, runMigrations } from './migrate.command';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('runMigrations', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createEmptyDatabase();
  });

  afterEach(async () => {
    await db.drop();
  });

  it('applies each migration exactly once when several callers race', async () => {
    const results = await Promise.all([runMigrations(db.url), runMigrations(db.url), runMigrations(db.url)]);
    const applied = results.flatMap((r) => r.applied);
    expect(applied).toEqual(MIGRATIONS.map((m) => new m().name));
    const rows = await query<{ name: string }>(db.url, 'SELECT name FROM schema_migration');
    expect(rows).toHaveLength(MIGRATIONS.length);
  });

  it('reverts and re-applies cleanly (every down works)', async () => {
    await runMigrations(db.url);
    for (let i = 0; i < MIGRATIONS.length; i++) await revertLastMigration(db.url);
    const tables = await query<{ tablename: string }>(
      db.url,
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migration'`,
    );
    expect(tables).toEqual([]);
    expect((await runMigrations(db.url)).applied).toHaveLength(MIGRATIONS.length);
  });
});
