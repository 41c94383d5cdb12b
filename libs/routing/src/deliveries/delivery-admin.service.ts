import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/observability';
import { auditOnDossier, RecordActor } from '../cases/case-records';
import type { DeliveryMode, DeliveryTargetView } from '../routing.types';
import { CircuitGate, circuitGate } from './delivery-policy';

export const DELIVERY_LIST_STATUSES = ['pending', 'failing', 'dead', 'delivered'] as const;
/** `failing` is a pending delivery that has already failed at least once (attempts > 0). */
export type DeliveryListStatus = (typeof DELIVERY_LIST_STATUSES)[number];

/**
 * `open`: attempts are postponed until circuit_open_until; `half_open`: the period is over and the next attempt is the
 * probe whose outcome closes or re-opens the circuit; `closed`: deliveries flow.
 */
export type CircuitState = CircuitGate;

export interface DeliveryTargetStats extends DeliveryTargetView {
  circuit: CircuitState;
  circuitOpenedCount: number;
  pending: number;
  failing: number;
  dead: number;
  deliveredLast24h: number;
  oldestPendingAt: Date | null;
  /** Whole seconds since the oldest pending delivery was created; null when nothing is pending. */
  oldestPendingAgeSeconds: number | null;
}

export interface DeliveryListItem {
  id: string;
  targetCode: string;
  eventType: string;
  sourceKey: string;
  dossierId: string | null;
  dossierCode: string | null;
  agencyCaseId: string | null;
  status: 'pending' | 'delivered' | 'dead';
  failing: boolean;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  deadAt: Date | null;
  replayCount: number;
  createdAt: Date;
}

export interface DeliveryAttemptView {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  outcome: 'delivered' | 'retry' | 'dead';
}

export interface DeliveryDetail extends DeliveryListItem {
  attemptsHistory: DeliveryAttemptView[];
}

export interface DeliveryListQuery {
  target?: string;
  status?: DeliveryListStatus;
  /** The `nextCursor` of the previous page. */
  after?: string;
  limit?: number;
}

interface TargetStatsRow {
  code: string;
  kind: 'agency' | 'national_portal';
  agency_code: string | null;
  agency_name: string | null;
  mode: DeliveryMode;
  url: string | null;
  timeout_ms: number;
  active: boolean;
  has_secret: boolean;
  previous_secret_expires_at: Date | null;
  consecutive_failures: number;
  circuit_open_until: Date | null;
  circuit_opened_count: number;
  pending: number;
  failing: number;
  dead: number;
  delivered_24h: number;
  oldest_pending_at: Date | null;
  now: Date;
}

interface DeliveryRow {
  id: string;
  target_code: string;
  event_type: string;
  source_key: string;
  dossier_id: string | null;
  dossier_code: string | null;
  agency_case_id: string | null;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  dead_at: Date | null;
  replay_count: number;
  created_at: Date;
}

/** A delivery put back in line by a replay. */
interface ReplayedRow {
  id: string;
  dossier_id: string | null;
  replay_count: number;
  event_type: string;
}

const SELECT_DELIVERY = `
  SELECT x.id, t.code AS target_code, x.event_type, x.source_key, x.dossier_id, d.code AS dossier_code,
         x.agency_case_id, x.status, x.attempts, x.next_attempt_at, x.last_attempt_at, x.last_status_code, x.last_error,
         x.delivered_at, x.dead_at, x.replay_count, x.created_at
    FROM delivery x
    JOIN delivery_target t ON t.id = x.target_id
    LEFT JOIN dossier d ON d.id = x.dossier_id`;

/** Outbox events name at most this many deliveries each, so one replay-all never builds a huge payload. */
const SCHEDULE_CHUNK = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function itemOf(r: DeliveryRow): DeliveryListItem {
  return {
    id: r.id,
    targetCode: r.target_code,
    eventType: r.event_type,
    sourceKey: r.source_key,
    dossierId: r.dossier_id,
    dossierCode: r.dossier_code,
    agencyCaseId: r.agency_case_id,
    status: r.status,
    failing: r.status === 'pending' && r.attempts > 0,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    deliveredAt: r.delivered_at,
    deadAt: r.dead_at,
    replayCount: r.replay_count,
    createdAt: r.created_at,
  };
}

/** A page cursor: the created_at and id of the last row shown (newest first). */
function encodeCursor(r: DeliveryRow): string {
  return Buffer.from(`${r.created_at.toISOString()}|${r.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (Number.isNaN(createdAt.getTime()) || !id || !UUID.test(id)) {
    throw new DomainError('validation_failed', 'after: is not a cursor returned by this list', {
      errors: [{ field: 'after', messages: ['is not a cursor returned by this list'] }],
    });
  }
  return { createdAt, id };
}

function requireAdmin(principal: Principal): void {
  if (!principal.roles.includes('admin')) {
    throw new DomainError('forbidden', 'Only an administrator sees and replays deliveries.');
  }
}

function adminActor(principal: Principal): RecordActor {
  return {
    subject: principal.subject,
    username: principal.username,
    name: principal.name,
    agency: principal.agency,
    role: 'admin',
  };
}

/**
 * What operators see of push deliveries: per-target health (pending, failing, dead-lettered, delivered in the last
 * day, circuit, age of the oldest pending) and the deliveries themselves with their attempts; and the replay of
 * dead-lettered deliveries, which puts them back in the queue through the outbox like any newly planned delivery.
 */
@Injectable()
export class DeliveryAdminService {
  private readonly logger = new Logger(DeliveryAdminService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async targetStats(principal: Principal): Promise<DeliveryTargetStats[]> {
    requireAdmin(principal);
    const rows = await this.dataSource.query<TargetStatsRow[]>(
      `SELECT t.code, t.kind, a.code AS agency_code, a.name AS agency_name, t.mode, t.url, t.timeout_ms, t.active,
              t.secret IS NOT NULL AS has_secret, t.previous_secret_expires_at, t.consecutive_failures,
              t.circuit_open_until, t.circuit_opened_count,
              count(x.id) FILTER (WHERE x.status = 'pending')::int AS pending,
              count(x.id) FILTER (WHERE x.status = 'pending' AND x.attempts > 0)::int AS failing,
              count(x.id) FILTER (WHERE x.status = 'dead')::int AS dead,
              count(x.id) FILTER (WHERE x.status = 'delivered' AND x.delivered_at > now() - interval '24 hours')::int
                AS delivered_24h,
              min(x.created_at) FILTER (WHERE x.status = 'pending') AS oldest_pending_at,
              now() AS now
         FROM delivery_target t
         LEFT JOIN agency a ON a.id = t.agency_id
         LEFT JOIN delivery x ON x.target_id = t.id
                             AND (x.status <> 'delivered' OR x.delivered_at > now() - interval '24 hours')
        GROUP BY t.id, a.code, a.name
        ORDER BY t.kind, t.code`,
    );
    return rows.map((r) => ({
      code: r.code,
      kind: r.kind,
      agencyCode: r.agency_code,
      agencyName: r.agency_name,
      mode: r.mode,
      url: r.url,
      timeoutMs: r.timeout_ms,
      active: r.active,
      hasSecret: r.has_secret,
      previousSecretExpiresAt: r.previous_secret_expires_at,
      consecutiveFailures: r.consecutive_failures,
      circuit: circuitGate({ openUntil: r.circuit_open_until }, r.now),
      circuitOpenUntil: r.circuit_open_until,
      circuitOpenedCount: r.circuit_opened_count,
      pending: r.pending,
      failing: r.failing,
      dead: r.dead,
      deliveredLast24h: r.delivered_24h,
      oldestPendingAt: r.oldest_pending_at,
      oldestPendingAgeSeconds:
        r.oldest_pending_at === null
          ? null
          : Math.max(0, Math.floor((r.now.getTime() - r.oldest_pending_at.getTime()) / 1000)),
    }));
  }

  /** Deliveries, newest first, optionally of one target and one status; keyset-paginated. */
  async list(
    principal: Principal,
    query: DeliveryListQuery = {},
  ): Promise<{ items: DeliveryListItem[]; nextCursor: string | null }> {
    requireAdmin(principal);
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.target !== undefined) {
      await this.targetId(this.dataSource.manager, query.target);
      params.push(query.target);
      where.push(`t.code = $${params.length}`);
    }
    switch (query.status) {
      case undefined:
        break;
      case 'failing':
        where.push(`x.status = 'pending' AND x.attempts > 0`);
        break;
      case 'pending':
      case 'dead':
      case 'delivered':
        params.push(query.status);
        where.push(`x.status = $${params.length}`);
        break;
    }
    if (query.after !== undefined) {
      const cursor = decodeCursor(query.after);
      params.push(cursor.createdAt, cursor.id);
      where.push(`(x.created_at, x.id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `${SELECT_DELIVERY} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY x.created_at DESC, x.id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(itemOf),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /** One delivery with every attempt made (status code, error, duration, outcome). */
  async get(principal: Principal, id: string): Promise<DeliveryDetail> {
    requireAdmin(principal);
    const row = await this.row(this.dataSource.manager, id);
    const attempts = await this.dataSource.query<
      Array<{
        attempt: number;
        started_at: Date;
        duration_ms: number;
        status_code: number | null;
        error: string | null;
        outcome: DeliveryAttemptView['outcome'];
      }>
    >(
      `SELECT attempt, started_at, duration_ms, status_code, error, outcome
         FROM delivery_attempt WHERE delivery_id = $1 ORDER BY id`,
      [id],
    );
    return {
      ...itemOf(row),
      attemptsHistory: attempts.map((a) => ({
        attempt: a.attempt,
        startedAt: a.started_at,
        durationMs: a.duration_ms,
        statusCode: a.status_code,
        error: a.error,
        outcome: a.outcome,
      })),
    };
  }

  /**
   * Puts a dead-lettered delivery back in line: pending, attempts from zero, due now; audited on the dossier's trail
   * and scheduled through a `delivery.scheduled` outbox event, all in one transaction.
   */
  async replay(principal: Principal, id: string): Promise<DeliveryListItem> {
    requireAdmin(principal);
    return this.dataSource.transaction(async (em) => {
      const current = await this.row(em, id, true);
      if (current.status !== 'dead') {
        throw new DomainError('conflict', `Only a dead-lettered delivery is replayed; this one is ${current.status}.`, {
          status: current.status,
        });
      }
      const replayed = await this.resetDead(em, `x.id = $1`, [id]);
      await this.recordReplays(em, principal, replayed, current.target_code);
      return itemOf(await this.row(em, id));
    });
  }

  /** Replays every dead-lettered delivery of a target at once (same effects as `replay`, one transaction). */
  async replayAllDead(principal: Principal, targetCode: string): Promise<{ target: string; replayed: number }> {
    requireAdmin(principal);
    return this.dataSource.transaction(async (em) => {
      const targetId = await this.targetId(em, targetCode);
      const replayed = await this.resetDead(em, `x.target_id = $1`, [targetId]);
      await this.recordReplays(em, principal, replayed, targetCode);
      return { target: targetCode, replayed: replayed.length };
    });
  }

  private async resetDead(em: EntityManager, condition: string, params: unknown[]): Promise<ReplayedRow[]> {
    // For UPDATE, TypeORM's query() answers [rows, affected count].
    const [rows] = await em.query<[ReplayedRow[], number]>(
      `UPDATE delivery x
          SET status = 'pending', attempts = 0, next_attempt_at = now(), dead_at = NULL,
              replay_count = x.replay_count + 1
        WHERE ${condition} AND x.status = 'dead'
       RETURNING x.id, x.dossier_id, x.replay_count, x.event_type`,
      params,
    );
    return rows;
  }

  private async recordReplays(
    em: EntityManager,
    principal: Principal,
    replayed: readonly ReplayedRow[],
    targetCode: string,
  ): Promise<void> {
    if (replayed.length === 0) return;
    const actor = adminActor(principal);
    for (const r of replayed) {
      if (r.dossier_id === null) continue;
      await auditOnDossier(em, r.dossier_id, 'delivery_replayed', actor, {
        deliveryId: r.id,
        target: targetCode,
        eventType: r.event_type,
        replayCount: r.replay_count,
      });
    }
    for (let i = 0; i < replayed.length; i += SCHEDULE_CHUNK) {
      const ids = replayed.slice(i, i + SCHEDULE_CHUNK).map((r) => r.id);
      await em.query(
        `INSERT INTO outbox_event (aggregate_type, aggregate_id, event_type, payload)
         VALUES ('delivery', $1, 'delivery.scheduled', $2)`,
        [ids[0], { deliveryIds: ids }],
      );
    }
    // Deliveries without a dossier (none today) have no trail of their own: the log line is their record.
    this.logger.log(
      { target: targetCode, deliveries: replayed.map((r) => r.id), by: principal.subject },
      'dead-lettered deliveries replayed',
    );
  }

  private async row(em: EntityManager, id: string, lock = false): Promise<DeliveryRow> {
    if (!UUID.test(id)) throw new DomainError('not_found', 'No such delivery.');
    const [row] = await em.query<DeliveryRow[]>(`${SELECT_DELIVERY} WHERE x.id = $1 ${lock ? 'FOR UPDATE OF x' : ''}`, [
      id,
    ]);
    if (!row) throw new DomainError('not_found', 'No such delivery.');
    return row;
  }

  private async targetId(em: EntityManager, code: string): Promise<string> {
    const [row] = await em.query<Array<{ id: string }>>(`SELECT id FROM delivery_target WHERE code = $1`, [code]);
    if (!row) throw new DomainError('not_found', `No delivery target ${code}.`);
    return row.id;
  }
}
