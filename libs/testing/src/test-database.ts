import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const TEST_PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** Migrated once per test run by the global setup; every test file copies it. */
export const TEST_TEMPLATE_DB = 'motcua_test_template';

export function databaseUrl(name: string): string {
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** An empty database (no schema), for tests of migrations themselves. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  return createDatabase(null);
}

/** A fresh database copied from the migrated template: files run in parallel and never share rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  return createDatabase(TEST_TEMPLATE_DB);
}

async function createDatabase(template: string | null): Promise<TestDatabase> {
  const name = `motcua_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** (Re)creates the template database and migrates it; called once by the global setup. */
export async function prepareTemplateDatabase(migrate: (url: string) => Promise<unknown>): Promise<void> {
  await admin(async (c) => {
    await c.query(`UPDATE pg_database SET datistemplate = false WHERE datname = '${TEST_TEMPLATE_DB}'`);
    await c.query(`DROP DATABASE IF EXISTS ${TEST_TEMPLATE_DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${TEST_TEMPLATE_DB}`);
  });
  await migrate(databaseUrl(TEST_TEMPLATE_DB));
  await admin((c) => c.query(`UPDATE pg_database SET datistemplate = true WHERE datname = '${TEST_TEMPLATE_DB}'`));
}

/** A Redis key prefix of this test file alone. */
export function testRedisPrefix(): string {
  return `t${process.pid}${randomBytes(3).toString('hex')}`;
}
