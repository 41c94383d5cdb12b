import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the signed content is `<id>.<timestamp>.<body>`,
 * HMAC-SHA256 with the base64-decoded part of a `whsec_` secret, sent as `v1,<base64>`; several signatures are
 * separated by spaces, which is how a rotated secret keeps working for receivers that have not switched yet.
 */
export const SECRET_PREFIX = 'whsec_';
/** Receivers reject messages whose timestamp is further than this from their clock (replay protection). */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('a webhook secret starts with whsec_');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 16) throw new Error('a webhook secret holds at least 16 bytes');
  return key;
}

/** The `v1,<base64>` signature of one message under one secret. */
export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** Headers for a message signed with every given secret (the current one first, then one kept during rotation). */
export function signWebhook(
  secrets: readonly string[],
  id: string,
  body: string,
  now: Date = new Date(),
): WebhookHeaders {
  if (secrets.length === 0) throw new Error('at least one secret is needed to sign');
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signature(s, id, timestamp, body)).join(' '),
  };
}

export type VerifyProblem = 'missing_headers' | 'bad_timestamp' | 'too_old' | 'too_new' | 'no_matching_signature';

/**
 * Receiver-side check: headers present, timestamp within the tolerance, and one `v1` signature matching the secret
 * (compared in constant time). Returns null when the message is authentic.
 */
export function verifyWebhook(
  secret: string,
  headers: Partial<Record<keyof WebhookHeaders, string | undefined>>,
  body: string,
  now: Date = new Date(),
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): VerifyProblem | null {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sigs = headers['webhook-signature'];
  if (!id || !ts || !sigs) return 'missing_headers';
  if (!/^\d{1,12}$/.test(ts)) return 'bad_timestamp';
  const timestamp = Number(ts);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (timestamp < nowSeconds - toleranceSeconds) return 'too_old';
  if (timestamp > nowSeconds + toleranceSeconds) return 'too_new';
  const expected = Buffer.from(signature(secret, id, timestamp, body).slice(3), 'base64');
  for (const candidate of sigs.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const got = Buffer.from(value, 'base64');
    if (got.length === expected.length && timingSafeEqual(got, expected)) return null;
  }
  return 'no_matching_signature';
}
