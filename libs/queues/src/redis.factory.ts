import Redis, { RedisOptions } from 'ioredis';

export type RedisRole = 'command' | 'worker' | 'subscriber';

/**
 * One place that creates Redis connections. BullMQ workers need `maxRetriesPerRequest: null` (a blocking command
 * must never be failed by ioredis' retry budget); command connections fail fast so requests do not hang on an outage.
 */
export function createRedis(url: string, role: RedisRole, name: string): Redis {
  const options: RedisOptions = {
    connectionName: name,
    enableReadyCheck: true,
    lazyConnect: false,
    maxRetriesPerRequest: role === 'command' ? 2 : null,
    retryStrategy: (attempt) => Math.min(200 * 2 ** Math.min(attempt, 5), 5000),
    reconnectOnError: (err) => err.message.startsWith('READONLY'),
  };
  return new Redis(url, options);
}

/** ioredis options from a redis:// URL, for libraries (BullMQ) that create their own connections. */
export function redisOptionsFromUrl(url: string): RedisOptions & { host: string; port: number } {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
  };
}
