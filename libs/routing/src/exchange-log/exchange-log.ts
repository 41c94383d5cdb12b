import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The exchange log: every message sent to or received from another agency (and the national portal) is kept with
 * its exact body and signature. Entries of one dossier form a hash chain — each entry's hash covers its content and
 * the previous entry's hash — so changing, removing or inserting an entry breaks every later link. The table is
 * append-only (a trigger refuses UPDATE and DELETE); the chain catches what a privileged hand could still do.
 */
export const GENESIS_HASH = '0'.repeat(64);
/** Advisory-lock namespace for appending to one dossier's chain. */
const CHAIN_LOCK_SEED = 4_114;

export interface ExchangeEntryInput {
  dossierId: string;
  agencyCaseId: string | null;
  direction: 'out' | 'in';
  /** Agency electronic ID, or the delivery target code (e.g. national-portal). */
  counterparty: string;
  messageType: string;
  messageId: string;
  body: string;
  signature: string | null;
}

export interface ExchangeEntry extends ExchangeEntryInput {
  id: string;
  recordedAt: Date;
  prevHash: string;
  hash: string;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The hash of an entry: every field that matters, the body by its digest, and the previous link. */
export function entryHash(e: Omit<ExchangeEntry, 'id' | 'hash'>): string {
  return sha256(
    [
      e.prevHash,
      e.dossierId,
      e.agencyCaseId ?? '',
      e.direction,
      e.counterparty,
      e.messageType,
      e.messageId,
      sha256(e.body),
      e.signature ?? '',
      e.recordedAt.toISOString(),
    ].join('\n'),
  );
}

/** Appends one entry to its dossier's chain inside the caller's transaction (serialised per dossier). */
export async function appendExchange(em: EntityManager, input: ExchangeEntryInput, now = new Date()): Promise<string> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, ${CHAIN_LOCK_SEED}))`, [input.dossierId]);
  const [last] = await em.query<Array<{ hash: string }>>(
    `SELECT hash FROM exchange_log WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1`,
    [input.dossierId],
  );
  // Millisecond precision: what PostgreSQL stores must hash the same when read back.
  const recordedAt = new Date(Math.floor(now.getTime()));
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = entryHash({ ...input, recordedAt, prevHash });
  await em.query(
    `INSERT INTO exchange_log (dossier_id, agency_case_id, direction, counterparty, message_type, message_id, body,
                               signature, recorded_at, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      input.dossierId,
      input.agencyCaseId,
      input.direction,
      input.counterparty,
      input.messageType,
      input.messageId,
      input.body,
      input.signature,
      recordedAt,
      prevHash,
      hash,
    ],
  );
  return hash;
}

export interface ChainProblem {
  dossierId: string;
  entryId: string;
  problem: 'hash_mismatch' | 'broken_link';
  detail: string;
}

export interface VerifyReport {
  dossiers: number;
  entries: number;
  problems: ChainProblem[];
}

interface Row {
  id: string;
  dossier_id: string;
  agency_case_id: string | null;
  direction: 'out' | 'in';
  counterparty: string;
  message_type: string;
  message_id: string;
  body: string;
  signature: string | null;
  recorded_at: Date;
  prev_hash: string;
  hash: string;
}

/** Checks one chain in order: each entry's stored hash against its content, and each link against its predecessor. */
export function verifyChain(rows: readonly Row[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let expectedPrev = GENESIS_HASH;
  for (const r of rows) {
    if (r.prev_hash !== expectedPrev) {
      problems.push({
        dossierId: r.dossier_id,
        entryId: String(r.id),
        problem: 'broken_link',
        detail: `previous hash ${r.prev_hash.slice(0, 12)}… where the chain has ${expectedPrev.slice(0, 12)}…`,
      });
    }
    const computed = entryHash({
      dossierId: r.dossier_id,
      agencyCaseId: r.agency_case_id,
      direction: r.direction,
      counterparty: r.counterparty,
      messageType: r.message_type,
      messageId: r.message_id,
      body: r.body,
      signature: r.signature,
      recordedAt: r.recorded_at,
      prevHash: r.prev_hash,
    });
    if (computed !== r.hash) {
      problems.push({
        dossierId: r.dossier_id,
        entryId: String(r.id),
        problem: 'hash_mismatch',
        detail: 'the entry’s content does not match its recorded hash',
      });
    }
    expectedPrev = r.hash;
  }
  return problems;
}

/**
 * Verifies whole chains: one dossier's, or every dossier with an entry recorded in [from, to). A period check
 * always verifies each touched dossier's full chain, because a link can only be judged from the start.
 */
export async function verifyExchangeLog(
  db: DataSource | EntityManager,
  scope: { dossierId: string } | { from: Date; to: Date },
): Promise<VerifyReport> {
  const dossierIds =
    'dossierId' in scope
      ? [scope.dossierId]
      : (
          await db.query<Array<{ dossier_id: string }>>(
            `SELECT DISTINCT dossier_id FROM exchange_log WHERE recorded_at >= $1 AND recorded_at < $2`,
            [scope.from, scope.to],
          )
        ).map((r) => r.dossier_id);
  const report: VerifyReport = { dossiers: 0, entries: 0, problems: [] };
  for (const dossierId of dossierIds) {
    const rows = await db.query<Row[]>(`SELECT * FROM exchange_log WHERE dossier_id = $1 ORDER BY id`, [dossierId]);
    report.dossiers += 1;
    report.entries += rows.length;
    report.problems.push(...verifyChain(rows));
  }
  return report;
}
