import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { REDIS } from '@app/auth';
import { DomainError } from '@app/observability';

/** Redis keys of the lookup limits, shared by every portal instance of a deployment. */
export const lookupLimitKeys = {
  ip: (prefix: string, ip: string) => `${prefix}:rate:lookup-ip:${ip}`,
  code: (prefix: string, code: string) => `${prefix}:rate:lookup-code:${code}`,
};

/** Counts one hit in a fixed window: the window starts with the first hit; returns the count and ms left. */
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/**
 * Limits of the public lookup (page and API), kept in Redis so that every portal instance counts together:
 * - per client address, every lookup counts (`LOOKUP_LIMIT_PER_IP` in `LOOKUP_IP_WINDOW_SECONDS`);
 * - per dossier code, every wrong key counts (`LOOKUP_FAILURES_PER_CODE` in `LOOKUP_CODE_WINDOW_SECONDS`), so
 *   guesses spread over many addresses still meet one limit. Once either is reached the caller gets 429 with
 *   Retry-After until the window ends, whether the key is right or not.
 */
@Injectable()
export class LookupThrottle {
  constructor(
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Counts this lookup for `ip`; throws 429 when the address or the code has used its allowance. */
  async admit(ip: string, code: string): Promise<void> {
    const { lookup, redis } = this.config;
    const [ipHits, ipTtl] = (await this.redis.eval(
      HIT,
      1,
      lookupLimitKeys.ip(redis.prefix, ip),
      String(lookup.ipWindowSeconds * 1000),
    )) as [number, number];
    if (ipHits > lookup.perIp) throw tooMany(ipTtl);
    const codeKey = lookupLimitKeys.code(redis.prefix, normalise(code));
    const [failures, codeTtl] = await Promise.all([this.redis.get(codeKey), this.redis.pttl(codeKey)]);
    if (Number(failures ?? 0) >= lookup.failuresPerCode) throw tooMany(codeTtl);
  }

  /** Runs one lookup within the limits: admitted first, a wrong code or key (not_found) counted against the code. */
  async run<T>(ip: string | undefined, code: string, lookup: () => Promise<T>): Promise<T> {
    await this.admit(ip ?? 'unknown', code);
    try {
      return await lookup();
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') await this.failed(code);
      throw err;
    }
  }

  /** Records a wrong code or key for `code`. */
  async failed(code: string): Promise<void> {
    const { lookup, redis } = this.config;
    await this.redis.eval(
      HIT,
      1,
      lookupLimitKeys.code(redis.prefix, normalise(code)),
      String(lookup.codeWindowSeconds * 1000),
    );
  }
}

function normalise(code: string): string {
  return code.trim().toUpperCase().slice(0, 64);
}

function tooMany(ttlMs: number): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return new DomainError('too_many_requests', `Too many lookups; try again in ${retryAfterSeconds} seconds.`, {
    retryAfterSeconds,
    extensions: { retryAfterSeconds },
  });
}
