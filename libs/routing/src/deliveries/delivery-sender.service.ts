import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { appendExchange } from '../exchange-log/exchange-log';
import { signWebhook } from '../signing/webhook-signature';
import {
  AttemptOutcome,
  AttemptResponse,
  circuitAfter,
  circuitGate,
  classify,
  DELIVERY_POLICY,
  DeliveryPolicy,
  probeLeaseUntil,
  retryAt,
} from './delivery-policy';
import {
  allowedNetworkList,
  DEFAULT_EGRESS_POLICY,
  EGRESS_POLICY,
  EgressPolicy,
  EgressRefusedError,
  forbiddenAddressReason,
  guardedLookup,
  socketHost,
} from './egress';
import { firstRow } from '@app/database';

export const USER_AGENT = 'MotCua-Router/1';
/** A job may run slightly before the row's due time (clocks of Redis, the worker and PostgreSQL differ a little). */
const DUE_TOLERANCE_MS = 2000;
/** Postponed deliveries come back spread over this window after the circuit's open period ends. */
const POSTPONE_SPREAD_MS = 5000;
/** How much of a receiver's answer is kept in last_error (shown to administrators). */
const ERROR_SNIPPET_CHARS = 200;
/** How much of a receiver's answer is read at most. */
const SNIPPET_READ_BYTES = 4096;

/**
 * What one call of `attempt` did:
 * - `delivered`, `retry`, `dead`: an HTTP attempt was made and recorded with this outcome;
 * - `postponed`: no attempt (target inactive, circuit open, or another worker's half-open probe in flight), the
 *   delivery waits until `next.nextAttemptAt`, attempts not counted;
 * - `dead` without `statusCode` or `durationMs`: no attempt either, the target no longer receives push;
 * - `not_due`: the row's next attempt is later than this job (a duplicate or early job);
 * - `skipped`: nothing to do here: no such delivery, no longer pending, or its row is locked by another worker
 *   that is attempting it right now (that worker schedules what follows).
 */
export interface AttemptReport {
  deliveryId: string;
  result: AttemptOutcome | 'postponed' | 'not_due' | 'skipped';
  reason: string | null;
  targetCode: string | null;
  statusCode: number | null;
  durationMs: number | null;
  /** When set, the caller enqueues the attempt job for this schedule point (see deliveryJobId). */
  next: { attempts: number; nextAttemptAt: Date } | null;
}

interface DeliveryRow {
  id: string;
  target_id: string;
  dossier_id: string | null;
  agency_case_id: string | null;
  event_type: string;
  payload: unknown;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_at: Date;
  target_code: string;
  mode: 'push' | 'pull' | 'inbox';
  url: string | null;
  secret: string | null;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  timeout_ms: number;
  active: boolean;
  circuit_open_until: Date | null;
}

interface CircuitRow {
  consecutive_failures: number;
  circuit_open_until: Date | null;
  circuit_opened_count: number;
}

interface HttpResult {
  response: AttemptResponse;
  error: string | null;
  durationMs: number;
}

/**
 * Makes one HTTP attempt of a push delivery (an agency webhook or the national portal) and records it. The delivery
 * row stays locked (FOR UPDATE SKIP LOCKED) from the decision to the recorded outcome, HTTP call included, so two
 * workers never send the same delivery at once; the attempt, the delivery's new state, the target's circuit and,
 * once delivered, the exchange-log entry are written in that one transaction. A crash mid-call rolls everything
 * back and the delivery is sent again with the same `webhook-id`, on which receivers deduplicate.
 */
@Injectable()
export class DeliverySender implements OnModuleDestroy {
  private readonly logger = new Logger(DeliverySender.name);
  /** Replaceable in tests; Math.random in production. */
  random: () => number = Math.random;

  private readonly allowed: ReturnType<typeof allowedNetworkList>;
  private readonly lookup: ReturnType<typeof guardedLookup>;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy,
    @Optional() @Inject(EGRESS_POLICY) egress: EgressPolicy = DEFAULT_EGRESS_POLICY,
  ) {
    this.allowed = allowedNetworkList(egress.allowedNetworks);
    this.lookup = guardedLookup(this.allowed);
  }

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  async attempt(deliveryId: string, now: Date = new Date()): Promise<AttemptReport> {
    return this.dataSource.transaction((em) => this.attemptWithin(em, deliveryId, now));
  }

  private async attemptWithin(em: EntityManager, deliveryId: string, now: Date): Promise<AttemptReport> {
    const report = (partial: Partial<AttemptReport> & Pick<AttemptReport, 'result'>): AttemptReport => ({
      deliveryId,
      reason: null,
      targetCode: null,
      statusCode: null,
      durationMs: null,
      next: null,
      ...partial,
    });
    const [row] = await em.query<DeliveryRow[]>(
      `SELECT d.id, d.target_id, d.dossier_id, d.agency_case_id, d.event_type, d.payload, d.status, d.attempts,
              d.next_attempt_at, t.code AS target_code, t.mode, t.url, t.secret, t.previous_secret,
              t.previous_secret_expires_at, t.timeout_ms, t.active, t.circuit_open_until
         FROM delivery d JOIN delivery_target t ON t.id = d.target_id
        WHERE d.id = $1
          FOR UPDATE OF d SKIP LOCKED`,
      [deliveryId],
    );
    if (!row) {
      const [exists] = await em.query<unknown[]>(`SELECT 1 FROM delivery WHERE id = $1`, [deliveryId]);
      return report({ result: 'skipped', reason: exists ? 'locked' : 'not_found' });
    }
    const base = { targetCode: row.target_code };
    if (row.status !== 'pending') return report({ ...base, result: 'skipped', reason: `status ${row.status}` });
    if (row.next_attempt_at.getTime() > now.getTime() + DUE_TOLERANCE_MS) {
      return report({
        ...base,
        result: 'not_due',
        next: { attempts: row.attempts, nextAttemptAt: row.next_attempt_at },
      });
    }

    if (row.mode !== 'push') {
      // The agency now pulls its cases or works them in the inbox: nothing will ever be pushed to it. Dead-lettered
      // (visible, replayable once the target is push again) rather than retried forever.
      const error = `target ${row.target_code} no longer receives push (mode ${row.mode})`;
      await em.query(`UPDATE delivery SET status = 'dead', dead_at = $2, last_error = $3 WHERE id = $1`, [
        row.id,
        now,
        error,
      ]);
      return report({ ...base, result: 'dead', reason: error });
    }
    if (!row.active || !row.url || !row.secret) {
      const at = new Date(now.getTime() + this.policy.inactiveRecheckSeconds * 1000);
      return this.postpone(em, row, at, 'target_inactive');
    }
    let wasProbe = false;
    const gate = circuitGate({ openUntil: row.circuit_open_until }, now);
    if (gate === 'open' && row.circuit_open_until) {
      return this.postpone(em, row, this.spread(row.circuit_open_until), 'circuit_open');
    }
    if (gate === 'half_open' && row.circuit_open_until) {
      // Claimed in its own committed statement so that every other worker sees the probe in flight and waits.
      const lease = probeLeaseUntil(now, row.timeout_ms);
      const [claimed] = await this.dataSource.query<[Array<{ id: string }>, number]>(
        `UPDATE delivery_target SET circuit_open_until = $3, updated_at = now()
          WHERE id = $1 AND circuit_open_until <= $2 RETURNING id`,
        [row.target_id, now, lease],
      );
      if (claimed.length === 0) {
        const [current] = await this.dataSource.query<CircuitRow[]>(
          `SELECT circuit_open_until FROM delivery_target WHERE id = $1`,
          [row.target_id],
        );
        const until = current?.circuit_open_until;
        if (until && until.getTime() > now.getTime()) {
          // The probe cannot outlast its timeout: look again then rather than at the end of its lease (which only
          // covers a worker that died mid-probe), so a recovered receiver gets the backlog without a long pause.
          const probeVerdictBy = new Date(Math.min(until.getTime(), now.getTime() + row.timeout_ms + 1000));
          return this.postpone(em, row, this.spread(probeVerdictBy), 'probe_in_flight');
        }
        // Closed meanwhile (the probe succeeded), or half-open again: go ahead as a normal attempt.
      } else {
        wasProbe = true;
      }
    }

    const secrets = [row.secret];
    if (
      row.previous_secret &&
      (row.previous_secret_expires_at === null || row.previous_secret_expires_at.getTime() > now.getTime())
    ) {
      secrets.push(row.previous_secret);
    }
    // The exact bytes sent, signed and kept in the exchange log: serialised once.
    const body = JSON.stringify(row.payload);
    const startedAt = new Date();
    const headers = signWebhook(secrets, row.id, body, startedAt);
    const http = await this.post(row.url, body, { ...headers }, row.timeout_ms);

    const verdict = classify(http.response, new Date(startedAt.getTime() + http.durationMs));
    const endedAt = new Date(now.getTime() + http.durationMs);
    const attempts = row.attempts + 1;
    let outcome = verdict.outcome;
    let nextAttemptAt: Date | null = null;
    let error = http.error;
    if (outcome === 'retry') {
      nextAttemptAt = retryAt(attempts, endedAt, this.policy, verdict.retryAfterSeconds, this.random());
      if (nextAttemptAt === null) {
        outcome = 'dead';
        error = `${error ?? 'failed'}; retries exhausted after ${attempts} attempts`;
      }
    }
    const statusCode = http.response.kind === 'status' ? http.response.statusCode : null;

    await em.query(
      `INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, error, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, attempts, startedAt, http.durationMs, statusCode, error, outcome],
    );
    await em.query(
      `UPDATE delivery
          SET status = $2::varchar, attempts = $3, last_attempt_at = $4, last_status_code = $5, last_error = $6,
              next_attempt_at = coalesce($7, next_attempt_at),
              delivered_at = CASE WHEN $2::varchar = 'delivered' THEN $8::timestamptz ELSE delivered_at END,
              dead_at = CASE WHEN $2::varchar = 'dead' THEN $8::timestamptz ELSE dead_at END
        WHERE id = $1`,
      [
        row.id,
        outcome === 'retry' ? 'pending' : outcome,
        attempts,
        startedAt,
        statusCode,
        error,
        nextAttemptAt,
        endedAt,
      ],
    );
    if (outcome === 'delivered' && row.dossier_id) {
      await appendExchange(
        em,
        {
          dossierId: row.dossier_id,
          agencyCaseId: row.agency_case_id,
          direction: 'out',
          counterparty: row.target_code,
          messageType: row.event_type,
          messageId: row.id,
          body,
          signature: headers['webhook-signature'],
        },
        endedAt,
      );
    }
    // Last, so the target row is locked only for the end of this transaction; FOR NO KEY UPDATE does not block the
    // foreign-key checks of deliveries being planned for the same target meanwhile.
    const circuit = firstRow(
      await em.query<CircuitRow[]>(
        `SELECT consecutive_failures, circuit_open_until, circuit_opened_count
         FROM delivery_target WHERE id = $1 FOR NO KEY UPDATE`,
        [row.target_id],
      ),
      'delivery target',
    );
    const before = {
      consecutiveFailures: circuit.consecutive_failures,
      openUntil: circuit.circuit_open_until,
      openedCount: circuit.circuit_opened_count,
    };
    const after = circuitAfter(before, verdict.reachable, endedAt, this.policy.circuit, wasProbe);
    if (
      after.consecutiveFailures !== before.consecutiveFailures ||
      after.openedCount !== before.openedCount ||
      after.openUntil?.getTime() !== before.openUntil?.getTime()
    ) {
      await em.query(
        `UPDATE delivery_target
            SET consecutive_failures = $2, circuit_open_until = $3, circuit_opened_count = $4, updated_at = now()
          WHERE id = $1`,
        [row.target_id, after.consecutiveFailures, after.openUntil, after.openedCount],
      );
      if (after.openedCount > before.openedCount) {
        this.logger.warn(
          { target: row.target_code, openUntil: after.openUntil, openedCount: after.openedCount },
          'delivery circuit opened',
        );
      } else if (before.openUntil !== null && after.openUntil === null) {
        this.logger.log({ target: row.target_code }, 'delivery circuit closed');
      }
    }
    return report({
      ...base,
      result: outcome,
      reason: error,
      statusCode,
      durationMs: http.durationMs,
      next: nextAttemptAt ? { attempts, nextAttemptAt } : null,
    });
  }

  private async postpone(em: EntityManager, row: DeliveryRow, at: Date, reason: string): Promise<AttemptReport> {
    await em.query(`UPDATE delivery SET next_attempt_at = $2 WHERE id = $1`, [row.id, at]);
    return {
      deliveryId: row.id,
      result: 'postponed',
      reason,
      targetCode: row.target_code,
      statusCode: null,
      durationMs: null,
      next: { attempts: row.attempts, nextAttemptAt: at },
    };
  }

  private spread(at: Date): Date {
    return new Date(at.getTime() + Math.floor(this.random() * POSTPONE_SPREAD_MS));
  }

  /**
   * One POST: the target's timeout covers connecting, the answer and reading its (bounded) body; no redirects. The
   * socket connects only to an address the egress policy allows, judged on the address actually resolved for this
   * connection (see guardedLookup) and again on the connected socket.
   */
  private async post(
    url: string,
    body: string,
    signed: Record<string, string>,
    timeoutMs: number,
  ): Promise<HttpResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const started = performance.now();
    const elapsed = () => Math.max(0, Math.round(performance.now() - started));
    try {
      const target = new URL(url);
      const host = socketHost(target);
      if (isIP(host) !== 0) {
        const reason = forbiddenAddressReason(host, this.allowed);
        if (reason) throw new EgressRefusedError(reason);
      }
      const headers = {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': USER_AGENT,
        ...signed,
      };
      const res = await this.request(target, body, headers, controller.signal);
      const durationMs = elapsed();
      const response: AttemptResponse = { kind: 'status', statusCode: res.status, retryAfter: res.retryAfter };
      if (res.status >= 200 && res.status < 300) return { response, error: null, durationMs };
      if (res.status >= 300 && res.status < 400) {
        const location = res.location ? sanitizeExcerpt(res.location, 200) : '';
        return {
          response,
          error: `HTTP ${res.status}: redirect${location ? ` to ${location}` : ''} not followed`,
          durationMs,
        };
      }
      return { response, error: `HTTP ${res.status}${res.snippet ? `: ${res.snippet}` : ''}`, durationMs };
    } catch (err) {
      const durationMs = elapsed();
      if (controller.signal.aborted) {
        return { response: { kind: 'timeout' }, error: `timed out after ${timeoutMs} ms`, durationMs };
      }
      const message = describeNetworkError(err);
      return { response: { kind: 'network', message }, error: `network error: ${message}`, durationMs };
    } finally {
      clearTimeout(timer);
    }
  }

  private request(
    target: URL,
    body: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ status: number; retryAfter: string | null; location: string | null; snippet: string }> {
    return new Promise((resolve, reject) => {
      const secure = target.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)(
        target,
        { method: 'POST', headers, signal, agent: secure ? this.httpsAgent : this.httpAgent, lookup: this.lookup },
        (res) => {
          const header = (name: string) => {
            const v = res.headers[name];
            return typeof v === 'string' ? v : null;
          };
          const chunks: Buffer[] = [];
          let size = 0;
          let settled = false;
          const done = () => {
            if (settled) return;
            settled = true;
            resolve({
              status: res.statusCode ?? 0,
              retryAfter: header('retry-after'),
              location: header('location'),
              snippet: sanitizeExcerpt(Buffer.concat(chunks).toString('utf8'), ERROR_SNIPPET_CHARS),
            });
          };
          res.on('data', (chunk: Buffer) => {
            if (settled) return;
            chunks.push(chunk);
            size += chunk.byteLength;
            if (size >= SNIPPET_READ_BYTES) {
              done();
              res.destroy();
            }
          });
          res.on('end', done);
          res.on('error', (err) => (settled ? undefined : reject(err)));
        },
      );
      req.on('socket', (socket) => {
        // The address this socket really reached: a last check, whatever resolved it (a kept-alive socket was
        // checked when it connected).
        const check = () => {
          const reason = socket.remoteAddress ? forbiddenAddressReason(socket.remoteAddress, this.allowed) : null;
          if (reason) req.destroy(new EgressRefusedError(reason));
        };
        if (socket.connecting) socket.once('connect', check);
        else check();
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}

/**
 * A short excerpt of a receiver's text for administrators: one line, printable characters only, markup removed, at
 * most `max` characters. A receiver's answer is untrusted (it can be anything an internal service says).
 */
export function sanitizeExcerpt(text: string, max: number): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/[^\p{L}\p{N}\p{P}\p{Zs}\p{S}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

/** The socket's error (ECONNREFUSED, ENOTFOUND, refused by the egress policy…) as one line; some keep it in `cause`. */
function describeNetworkError(err: unknown): string {
  const fields = (e: unknown): { message?: unknown; code?: unknown; cause?: unknown } =>
    typeof e === 'object' && e !== null ? e : {};
  const outer = fields(err);
  const cause = fields(outer.cause);
  const text = (e: { message?: unknown; code?: unknown }) =>
    [typeof e.code === 'string' ? e.code : '', typeof e.message === 'string' ? e.message : '']
      .filter(Boolean)
      .join(' ');
  return (text(cause) || text(outer) || String(err)).slice(0, 300);
}
