import type { DataSource } from 'typeorm';
import { loadDatabaseConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { nationalReconciliation, verifyExchangeLog } from '@app/routing';
import { parseReconciliationArgs, parseVerifyArgs, UsageError } from './command-args';

export const USAGE = [
  'usage: main.js [run]                      run the router worker (the default)',
  '       main.js verify-exchange-log [--dossier <uuid|dossier code>] [--from YYYY-MM-DD --to YYYY-MM-DD]',
  '       main.js national-reconciliation --from YYYY-MM-DD --to YYYY-MM-DD [--target <delivery target code>]',
].join('\n');

/** Exit codes of the operations commands. */
export const EXIT = { ok: 0, failed: 1, usage: 2, tampered: 3 } as const;

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

type Env = Readonly<Record<string, string | undefined>>;

async function withDatabase<T>(env: Env, fn: (db: DataSource) => Promise<T>): Promise<T> {
  const { url } = loadDatabaseConfig(env);
  const db = createDataSource({ url, applicationName: 'motcua-ops', poolSize: 2 });
  await db.initialize();
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

function usage(io: CommandIo, err: UsageError): number {
  io.err(`${err.message}\n${USAGE}\n`);
  return EXIT.usage;
}

/**
 * Verifies the exchange log's hash chains — one dossier's, every dossier with entries in a period, or all — and
 * prints a JSON report. Exit 0 when intact, 3 when an entry was changed, removed or inserted, 2 on bad arguments.
 */
export async function verifyExchangeLogCommand(argv: readonly string[], env: Env, io: CommandIo): Promise<number> {
  let scope;
  try {
    scope = parseVerifyArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return usage(io, err);
    throw err;
  }
  return withDatabase(env, async (db) => {
    let reportScope: Record<string, unknown>;
    let verifyScope: { dossierId: string } | { from: Date; to: Date };
    if (scope.kind === 'dossier' || scope.kind === 'dossierCode') {
      const [dossier] = await db.query<Array<{ id: string; code: string | null }>>(
        scope.kind === 'dossier'
          ? `SELECT id, code FROM dossier WHERE id = $1`
          : `SELECT id, code FROM dossier WHERE code = $1`,
        [scope.kind === 'dossier' ? scope.dossierId : scope.code],
      );
      if (!dossier) {
        const named = scope.kind === 'dossier' ? scope.dossierId : scope.code;
        return usage(io, new UsageError(`--dossier: no dossier ${named}`));
      }
      verifyScope = { dossierId: dossier.id };
      reportScope = { dossierId: dossier.id, dossierCode: dossier.code };
    } else if (scope.kind === 'period') {
      verifyScope = { from: scope.from, to: scope.to };
      reportScope = { from: scope.from.toISOString(), to: scope.to.toISOString() };
    } else {
      verifyScope = { from: new Date(0), to: new Date('9999-12-31T00:00:00Z') };
      reportScope = { all: true };
    }
    const report = await verifyExchangeLog(db, verifyScope);
    const ids = [...new Set(report.problems.map((p) => p.dossierId))];
    const codes = new Map(
      (
        await db.query<Array<{ id: string; code: string | null }>>(
          `SELECT id, code FROM dossier WHERE id = ANY($1::uuid[])`,
          [ids],
        )
      ).map((r) => [r.id, r.code]),
    );
    const intact = report.problems.length === 0;
    io.out(
      `${JSON.stringify(
        {
          command: 'verify-exchange-log',
          scope: reportScope,
          intact,
          dossiers: report.dossiers,
          entries: report.entries,
          problems: report.problems.map((p) => ({ ...p, dossierCode: codes.get(p.dossierId) ?? null })),
        },
        null,
        2,
      )}\n`,
    );
    return intact ? EXIT.ok : EXIT.tampered;
  });
}

/** Prints the national-portal reconciliation of a period as JSON. Exit 0, or 2 on bad arguments. */
export async function nationalReconciliationCommand(argv: readonly string[], env: Env, io: CommandIo): Promise<number> {
  let scope;
  try {
    scope = parseReconciliationArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return usage(io, err);
    throw err;
  }
  return withDatabase(env, async (db) => {
    const report = await nationalReconciliation(db, scope);
    if (scope.targetCode !== undefined && report.target === null) {
      return usage(io, new UsageError(`--target: no national-portal delivery target ${scope.targetCode}`));
    }
    io.out(`${JSON.stringify({ command: 'national-reconciliation', ...report }, null, 2)}\n`);
    return EXIT.ok;
  });
}
