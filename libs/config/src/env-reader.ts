import { isIP } from 'node:net';

/**
 * A small typed reader over an environment map. Every accessor records a problem instead of throwing, so that
 * one boot reports every bad variable at once; `finish()` throws a ConfigError listing them all.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  private problem(name: string, message: string): void {
    this.problems.push(`${name}: ${message}`);
  }

  string(name: string, fallback?: string, opts: { minLength?: number; pattern?: RegExp; hint?: string } = {}): string {
    const value = this.raw(name) ?? fallback;
    if (value === undefined) {
      this.problem(name, 'is required but not set');
      return '';
    }
    if (opts.minLength !== undefined && value.length < opts.minLength) {
      this.problem(name, `must be at least ${opts.minLength} characters long`);
    }
    if (opts.pattern && !opts.pattern.test(value)) {
      this.problem(name, `is malformed${opts.hint ? ` (${opts.hint})` : ''}`);
    }
    return value;
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  url(name: string, fallback: string | undefined, protocols: readonly string[]): string {
    const value = this.raw(name) ?? fallback;
    if (value === undefined) {
      this.problem(name, 'is required but not set');
      return '';
    }
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.problem(name, `is not a valid URL (expected ${protocols.join(' or ')}://…)`);
      return value;
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
      this.problem(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol.replace(/:$/, '')}`);
    }
    return value.replace(/\/+$/, '');
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value)) {
      this.problem(name, `must be an integer, got "${value}"`);
      return fallback;
    }
    const n = Number(value);
    if (n < min || n > max) {
      this.problem(name, `must be between ${min} and ${max}, got ${n}`);
      return fallback;
    }
    return n;
  }

  port(name: string, fallback: number): number {
    return this.integer(name, fallback, 0, 65535);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
    this.problem(name, `must be true or false, got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problem(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
      return fallback;
    }
    return value as T;
  }

  list(name: string, fallback: readonly string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) return [...fallback];
    return value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }

  /** A comma list of IP addresses or CIDR networks (IPv4 or IPv6). */
  networkList(name: string, fallback: readonly string[]): string[] {
    const entries = this.list(name, fallback);
    const bad = entries.filter((entry) => {
      const [net, prefix, extra] = entry.split('/');
      const family = isIP(net ?? '');
      if (family === 0 || extra !== undefined) return true;
      if (prefix === undefined) return false;
      return !/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128);
    });
    if (bad.length > 0) {
      this.problem(name, `must be a comma list of IP addresses or CIDR networks, got "${bad.join(', ')}"`);
      return [...fallback];
    }
    return entries;
  }

  /** A comma list of whole numbers, each within [min, max], at most `maxLength` of them. */
  integerList(name: string, fallback: readonly number[], min: number, max: number, maxLength: number): number[] {
    const value = this.raw(name);
    if (value === undefined) return [...fallback];
    const parts = value.split(',').map((s) => s.trim());
    if (parts.length > maxLength || parts.some((p) => !/^\d+$/.test(p) || Number(p) < min || Number(p) > max)) {
      this.problem(
        name,
        `must be a comma list of at most ${maxLength} whole numbers between ${min} and ${max}, got "${value}"`,
      );
      return [...fallback];
    }
    return parts.map(Number);
  }

  finish(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

export function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
