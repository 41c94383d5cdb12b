import Redis from 'ioredis';
import { sessionKeys } from '@app/queues';
import { testRedisPrefix } from '@app/testing';
import { pruneSessionIndex } from './session-index.pruner';

describe('pruneSessionIndex on Redis', () => {
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefix = testRedisPrefix();

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('drops ids of sessions that expired and keeps live ones, then deletes emptied indexes', async () => {
    await redis.set(sessionKeys.session(prefix, 'live-1'), '{}');
    await redis.sadd(sessionKeys.bySid(prefix, 'kc-a'), 'live-1', 'gone-1', 'gone-2');
    await redis.sadd(sessionKeys.bySub(prefix, 'user-a'), 'live-1', 'gone-1');
    await redis.sadd(sessionKeys.bySid(prefix, 'kc-b'), 'gone-3');

    const result = await pruneSessionIndex(redis, prefix, 2);

    expect(result).toEqual({ indexesScanned: 3, entriesRemoved: 4, indexesDeleted: 1 });
    expect(await redis.smembers(sessionKeys.bySid(prefix, 'kc-a'))).toEqual(['live-1']);
    expect(await redis.smembers(sessionKeys.bySub(prefix, 'user-a'))).toEqual(['live-1']);
    expect(await redis.exists(sessionKeys.bySid(prefix, 'kc-b'))).toBe(0);
    expect(await pruneSessionIndex(redis, prefix)).toEqual({ indexesScanned: 2, entriesRemoved: 0, indexesDeleted: 0 });
  });
});
