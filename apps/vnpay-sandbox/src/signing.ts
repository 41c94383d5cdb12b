import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * VNPay 2.1.0 checksums. The payment URL, the return URL and the IPN carry `vnp_SecureHash` over a canonical query
 * string; the querydr API carries it over its fields joined with `|`. Both are lower-case hex HMAC-SHA512 with the
 * merchant's hash secret.
 */

/** The parameters a checksum never covers. */
const UNSIGNED = new Set(['vnp_SecureHash', 'vnp_SecureHashType']);

/**
 * Form-URL-encoding as PHP's `urlencode` does it (RFC 1738): every UTF-8 byte except A–Z a–z 0–9 `-` `_` `.` becomes
 * `%XX` in upper-case hex, and a space becomes `+`. Throws URIError on a lone surrogate (not text).
 */
export function vnpEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

type Params = Readonly<Record<string, string>> | Iterable<readonly [string, string]>;

function entriesOf(params: Params): Array<readonly [string, string]> {
  return Symbol.iterator in params
    ? [...(params as Iterable<readonly [string, string]>)]
    : Object.entries(params as Record<string, string>);
}

/** The parameters a checksum covers, in the order it covers them. */
export function canonicalEntries(params: Params): Array<readonly [string, string]> {
  return entriesOf(params)
    .filter(([name, value]) => name.startsWith('vnp_') && !UNSIGNED.has(name) && value !== '')
    .sort(([a], [b]) => byteOrder(a, b));
}

/**
 * The string `vnp_SecureHash` signs: every `vnp_*` parameter except `vnp_SecureHash` and `vnp_SecureHashType`,
 * empty values left out, sorted by name in byte order, `name=value` (both {@link vnpEncode}d) joined with `&`.
 */
export function canonicalQuery(params: Params): string {
  return canonicalEntries(params)
    .map(([name, value]) => `${vnpEncode(name)}=${vnpEncode(value)}`)
    .join('&');
}

/** Lower-case hex HMAC-SHA512 of `data` (UTF-8) with the hash secret. */
export function hmacSha512Hex(secret: string, data: string): string {
  return createHmac('sha512', secret).update(data, 'utf8').digest('hex');
}

/** `vnp_SecureHash` of a payment request, a return URL or an IPN. */
export function secureHash(secret: string, params: Params): string {
  return hmacSha512Hex(secret, canonicalQuery(params));
}

/** Whether a hex checksum (either case) equals the expected one, in constant time. */
export function sameHash(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `vnp_SecureHash` among the parameters is the right one for the rest. */
export function verifySecureHash(secret: string, params: Params): boolean {
  const entries = entriesOf(params);
  const given = entries.find(([name]) => name === 'vnp_SecureHash')?.[1];
  if (!given) return false;
  return sameHash(secureHash(secret, entries), given);
}

/** The parameters with their `vnp_SecureHash`, as a query string in canonical order (what VNPay sends). */
export function signedQuery(secret: string, params: Readonly<Record<string, string>>): string {
  const canonical = canonicalQuery(params);
  return `${canonical}&vnp_SecureHash=${hmacSha512Hex(secret, canonical)}`;
}

/** The querydr request's fields, in the order its checksum joins them with `|`. */
export const QUERYDR_REQUEST_FIELDS = [
  'vnp_RequestId',
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_TransactionDate',
  'vnp_CreateDate',
  'vnp_IpAddr',
  'vnp_OrderInfo',
] as const;

/** The querydr answer's fields, in the order its checksum joins them with `|`. */
export const QUERYDR_RESPONSE_FIELDS = [
  'vnp_ResponseId',
  'vnp_Command',
  'vnp_ResponseCode',
  'vnp_Message',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_BankCode',
  'vnp_PayDate',
  'vnp_TransactionNo',
  'vnp_TransactionType',
  'vnp_TransactionStatus',
  'vnp_OrderInfo',
  'vnp_PromotionCode',
  'vnp_PromotionAmount',
] as const;

/** The checksum of a querydr request or answer: the named fields' values joined with `|` (absent ones empty). */
export function pipeHash(secret: string, fields: readonly string[], values: Readonly<Record<string, unknown>>): string {
  const text = fields.map((f) => {
    const v = values[f];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  });
  return hmacSha512Hex(secret, text.join('|'));
}
