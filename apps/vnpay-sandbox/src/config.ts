import { isIP } from 'node:net';

/**
 * The sandbox's settings, from the environment only. A bad value stops it at start with one line per offending
 * variable, each naming the variable, what it must be and what it got (the hash secret itself is never shown).
 */
export interface VnpaySandboxConfig {
  /** Where the payment pages, the merchant API and the sandbox's own page listen. */
  readonly host: string;
  readonly port: number;
  /** The one merchant account (website) the sandbox knows: its terminal code and hash secret. */
  readonly tmnCode: string;
  readonly hashSecret: string;
  /** The merchant's name shown on the payment page. */
  readonly merchantName: string;
  /** The merchant's IPN URL, as VNPay keeps it in the merchant account; null: no IPN is sent. */
  readonly ipnUrl: string | null;
  /** How many times one payment's IPN is sent at most, and the wait before the second (doubling after). */
  readonly ipnMaxAttempts: number;
  readonly ipnRetryMs: number;
  /** When set, transactions, IPN attempts and numbering are kept in this JSON file across restarts. */
  readonly stateFile: string | null;
}

export const DEFAULT_TMN_CODE = 'MOTCUA01';
export const DEFAULT_HASH_SECRET = 'MOTCUADEMOSECRETKEY0123456789ABC';
export const DEFAULT_MERCHANT_NAME = 'Cổng dịch vụ công Một Cửa – phường Thủy Xuân';

export class VnpaySandboxConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`vnpay-sandbox: invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadVnpaySandboxConfig(env: Env): VnpaySandboxConfig {
  const problems: string[] = [];
  const read = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  };
  const problem = (name: string, rule: string, value: string) => problems.push(`${name}: ${rule}, got "${value}"`);
  const whole = (name: string, fallback: string, min: number, max: number): number => {
    const text = read(name, fallback);
    const value = Number(text);
    if (!/^\d{1,9}$/.test(text) || value < min || value > max)
      problem(name, `must be a whole number from ${min} to ${max}`, text);
    return value;
  };

  const host = read('VNPAY_SANDBOX_HOST', '127.0.0.1');
  if (isIP(host) === 0 && !/^[A-Za-z0-9.-]+$/.test(host))
    problem('VNPAY_SANDBOX_HOST', 'must be an address or host name', host);
  const port = whole('VNPAY_SANDBOX_PORT', '3500', 1, 65535);

  const tmnCode = read('VNPAY_SANDBOX_TMN_CODE', DEFAULT_TMN_CODE);
  if (!/^[A-Za-z0-9]{8}$/.test(tmnCode))
    problem(
      'VNPAY_SANDBOX_TMN_CODE',
      'must be a terminal code of 8 letters or digits (VNPay: Alphanumeric[8])',
      tmnCode,
    );
  const hashSecret = read('VNPAY_SANDBOX_HASH_SECRET', DEFAULT_HASH_SECRET);
  if (!/^[\x21-\x7e]{16,256}$/.test(hashSecret))
    problems.push(
      `VNPAY_SANDBOX_HASH_SECRET: must be 16 to 256 printable ASCII characters without spaces (value not shown, ${hashSecret.length} characters)`,
    );
  const merchantName = read('VNPAY_SANDBOX_MERCHANT_NAME', DEFAULT_MERCHANT_NAME);
  if (merchantName.length > 200)
    problem('VNPAY_SANDBOX_MERCHANT_NAME', 'must be at most 200 characters', `${merchantName.slice(0, 40)}…`);

  const ipnText = read('VNPAY_SANDBOX_IPN_URL', '');
  let ipnUrl: string | null = null;
  if (ipnText !== '') {
    try {
      const url = new URL(ipnText);
      if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash)
        throw new Error('not plain');
      ipnUrl = url.href;
    } catch {
      problem('VNPAY_SANDBOX_IPN_URL', 'must be an http(s) URL without credentials, query or fragment', ipnText);
    }
  }
  const ipnMaxAttempts = whole('VNPAY_SANDBOX_IPN_MAX_ATTEMPTS', '5', 1, 20);
  const ipnRetryMs = whole('VNPAY_SANDBOX_IPN_RETRY_MS', '2000', 0, 3_600_000);
  const stateFile = read('VNPAY_SANDBOX_STATE_FILE', '') || null;

  if (problems.length > 0) throw new VnpaySandboxConfigError(problems);
  return Object.freeze({
    host,
    port,
    tmnCode,
    hashSecret,
    merchantName,
    ipnUrl,
    ipnMaxAttempts,
    ipnRetryMs,
    stateFile,
  });
}
