import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/observability';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const KEY_LOCK_SEED = 7_331;

export interface StoredAnswer<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/** A stable digest of a request: the operation, the target and the body with keys in a fixed order. */
export function requestHash(operation: string, target: string, body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify([operation, target, canonical(body)]))
    .digest('hex');
}

/**
 * Runs `work` at most once per (scope, key) inside the caller's transaction: the same key with the same request
 * replays the stored answer; the same key with another request is refused (422). Requests under one key are
 * serialised by an advisory lock, so two concurrent retries never both do the work. Without a key the work runs.
 */
export async function runOnce<T>(
  em: EntityManager,
  scope: string,
  key: string | null,
  hash: string,
  work: () => Promise<{ statusCode: number; body: T }>,
): Promise<StoredAnswer<T>> {
  if (key === null) return { ...(await work()), replayed: false };
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new DomainError('validation_failed', 'Idempotency-Key must be 1–128 characters of A–Z a–z 0–9 . _ : -', {
      errors: [{ field: 'Idempotency-Key', messages: ['must be 1–128 characters of A–Z a–z 0–9 . _ : -'] }],
    });
  }
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, ${KEY_LOCK_SEED}))`, [`${scope}|${key}`]);
  const [stored] = await em.query<Array<{ request_hash: string; status_code: number; response: T }>>(
    `SELECT request_hash, status_code, response FROM idempotency_record WHERE scope = $1 AND idempotency_key = $2`,
    [scope, key],
  );
  if (stored) {
    if (stored.request_hash !== hash) {
      throw new DomainError(
        'unprocessable',
        'This Idempotency-Key was already used for a different request; use a new key for a new request.',
        { errors: [{ field: 'Idempotency-Key', messages: ['was used for a different request'] }] },
      );
    }
    return { statusCode: stored.status_code, body: stored.response, replayed: true };
  }
  const answer = await work();
  await em.query(
    `INSERT INTO idempotency_record (scope, idempotency_key, request_hash, status_code, response)
     VALUES ($1, $2, $3, $4, $5)`,
    [scope, key, hash, answer.statusCode, JSON.stringify(answer.body)],
  );
  return { ...answer, replayed: false };
}
