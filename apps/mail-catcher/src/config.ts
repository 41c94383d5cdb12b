import { isIP } from 'node:net';

/**
 * The mail catcher's settings, from the environment only. A bad value stops it at start with one line per offending
 * variable, each naming the variable, what it must be and what it got.
 */
export interface MailCatcherConfig {
  /** Where the SMTP server listens (the portal's MAIL_SMTP_URL points here). */
  readonly smtpHost: string;
  readonly smtpPort: number;
  /** Where the page and the JSON API listen. */
  readonly httpHost: string;
  readonly httpPort: number;
  /** The eSMS account the SMS gateway side accepts (the worker's SMS_ESMS_* and SMS_BRANDNAME point here). */
  readonly esms: { readonly apiKey: string; readonly secretKey: string; readonly brandnames: readonly string[] };
}

export class MailCatcherConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`mail-catcher: invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadMailCatcherConfig(env: Env): MailCatcherConfig {
  const problems: string[] = [];
  const read = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  };
  const host = (name: string, fallback: string): string => {
    const value = read(name, fallback);
    if (isIP(value) === 0 && !/^[A-Za-z0-9.-]+$/.test(value))
      problems.push(`${name}: must be an address or host name, got "${value}"`);
    return value;
  };
  const port = (name: string, fallback: string): number => {
    const text = read(name, fallback);
    const value = Number(text);
    if (!/^\d{1,5}$/.test(text) || value < 1 || value > 65535)
      problems.push(`${name}: must be a whole number from 1 to 65535, got "${text}"`);
    return value;
  };
  const config = {
    smtpHost: host('MAIL_CATCHER_SMTP_HOST', '127.0.0.1'),
    smtpPort: port('MAIL_CATCHER_SMTP_PORT', '2525'),
    httpHost: host('MAIL_CATCHER_HTTP_HOST', '127.0.0.1'),
    httpPort: port('MAIL_CATCHER_HTTP_PORT', '3400'),
    esms: {
      apiKey: read('MAIL_CATCHER_ESMS_API_KEY', 'motcua-demo-api-key'),
      secretKey: read('MAIL_CATCHER_ESMS_SECRET_KEY', 'motcua-demo-secret-key'),
      brandnames: read('MAIL_CATCHER_ESMS_BRANDNAMES', 'UBND-TXUAN')
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b !== ''),
    },
  };
  if (config.smtpPort === config.httpPort && problems.length === 0 && config.smtpHost === config.httpHost)
    problems.push(`MAIL_CATCHER_HTTP_PORT: must differ from MAIL_CATCHER_SMTP_PORT, got "${config.httpPort}" for both`);
  if (problems.length > 0) throw new MailCatcherConfigError(problems);
  return Object.freeze(config);
}
