import { createHmac, timingSafeEqual } from 'node:crypto';
import { webhookSecretKey } from './config';

/**
 * Receiver side of Standard Webhooks (https://www.standardwebhooks.com), written independently of the portal: the
 * signed content is `${webhook-id}.${webhook-timestamp}.${body}`, HMAC-SHA256 keyed with the base64-decoded part of
 * the `whsec_` secret; `webhook-signature` lists space-separated `v1,<base64>` signatures, any one of which may match
 * (a sender rotating its secret signs with both). Timestamps further than the tolerance from our clock are refused.
 */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export interface SignedHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type SignatureProblem =
  | 'missing webhook-id, webhook-timestamp or webhook-signature'
  | 'webhook-timestamp is not a whole number of seconds'
  | 'webhook-timestamp is more than 5 minutes old'
  | 'webhook-timestamp is more than 5 minutes in the future'
  | 'no v1 signature matches the secret';

/** Null when the message is authentic and fresh; otherwise why it is refused. */
export function verifySignature(
  secret: string,
  headers: SignedHeaders,
  body: Buffer | string,
  now: Date = new Date(),
  toleranceSeconds = TIMESTAMP_TOLERANCE_SECONDS,
): SignatureProblem | null {
  const key = webhookSecretKey(secret);
  if (typeof key === 'string') throw new Error(`webhook secret ${key}`);
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return 'missing webhook-id, webhook-timestamp or webhook-signature';
  if (!/^\d{1,12}$/.test(timestamp)) return 'webhook-timestamp is not a whole number of seconds';
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const sent = Number(timestamp);
  if (sent < nowSeconds - toleranceSeconds) return 'webhook-timestamp is more than 5 minutes old';
  if (sent > nowSeconds + toleranceSeconds) return 'webhook-timestamp is more than 5 minutes in the future';
  const expected = createHmac('sha256', key)
    .update(`${id}.${timestamp}.`)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest();
  for (const candidate of signature.split(' ')) {
    const comma = candidate.indexOf(',');
    if (comma < 0 || candidate.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(candidate.slice(comma + 1), 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return null;
  }
  return 'no v1 signature matches the secret';
}
