import { Client } from 'pg';
import { createDataSource } from './data-source.factory';

/** Arbitrary constant shared by every process of this system: the advisory lock that serialises migrations. */
export const MIGRATION_LOCK_KEY = 7_414_040_001;

export interface MigrateResult {
  applied: string[];
  waitedForLockMs: number;
}

/**
 * Runs pending migrations while holding a session-level Postgres advisory lock on a dedicated connection, so any
 * number of processes may call it at once: the first applies, the others wait and then find nothing to do.
 */
export async function runMigrations(url: string): Promise<MigrateResult> {
  const lock = new Client({ connectionString: url, application_name: 'motcua-migrate-lock' });
  await lock.connect();
  try {
    const started = Date.now();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const waitedForLockMs = Date.now() - started;
    const dataSource = createDataSource({ url, applicationName: 'motcua-migrate', poolSize: 1 });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return { applied: applied.map((m) => m.name), waitedForLockMs };
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

/** Reverts the latest migration (operators only; used to check every `down` works). */
export async function revertLastMigration(url: string): Promise<void> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const dataSource = createDataSource({ url, poolSize: 1 });
    await dataSource.initialize();
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
