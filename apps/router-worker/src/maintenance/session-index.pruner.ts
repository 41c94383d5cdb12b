import type Redis from 'ioredis';
import { sessionKeys } from '@app/queues';

export interface PruneResult {
  indexesScanned: number;
  entriesRemoved: number;
  indexesDeleted: number;
}

/**
 * Removes, from the back-channel logout indexes, portal session ids whose session no longer exists (expired in
 * Redis). Safe to run twice or concurrently: it only removes ids that are gone.
 */
export async function pruneSessionIndex(redis: Redis, prefix: string, batch = 500): Promise<PruneResult> {
  const result: PruneResult = { indexesScanned: 0, entriesRemoved: 0, indexesDeleted: 0 };
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', sessionKeys.indexPattern(prefix), 'COUNT', batch);
    cursor = next;
    for (const key of keys) {
      result.indexesScanned += 1;
      let setCursor = '0';
      do {
        const [nextSet, ids] = await redis.sscan(key, setCursor, 'COUNT', batch);
        setCursor = nextSet;
        if (ids.length === 0) continue;
        const exists = redis.pipeline();
        for (const id of ids) exists.exists(sessionKeys.session(prefix, id));
        const answers = (await exists.exec()) ?? [];
        const gone = ids.filter((_, i) => answers[i]?.[1] === 0);
        if (gone.length > 0) result.entriesRemoved += await redis.srem(key, ...gone);
      } while (setCursor !== '0');
      // Redis drops a set when its last member goes.
      if ((await redis.exists(key)) === 0) result.indexesDeleted += 1;
    }
  } while (cursor !== '0');
  return result;
}
