import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Store } from 'express-session';
import { WEB_APP_CONFIG, WebAppConfig } from '@app/config';
import { sessionKeys } from '@app/queues';
import { REDIS, SESSION_STORE } from './auth.tokens';

/**
 * Maps Keycloak sessions (`sid`) and subjects (`sub`) to the portal sessions opened under them, so a back-channel
 * logout can destroy every one of them, on whichever portal instance they were created.
 */
@Injectable()
export class SessionIndexService {
  private readonly logger = new Logger(SessionIndexService.name);

  constructor(
    @Inject(WEB_APP_CONFIG) private readonly config: WebAppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SESSION_STORE) private readonly store: Store,
  ) {}

  async add(sessionId: string, sid: string | null, sub: string): Promise<void> {
    const ttl = this.config.session.maxAgeSeconds + 60;
    const prefix = this.config.redis.prefix;
    const multi = this.redis.multi();
    for (const key of [sid ? sessionKeys.bySid(prefix, sid) : null, sessionKeys.bySub(prefix, sub)]) {
      if (!key) continue;
      multi.sadd(key, sessionId).expire(key, ttl);
    }
    await multi.exec();
  }

  async remove(sessionId: string, sid: string | null, sub: string): Promise<void> {
    const prefix = this.config.redis.prefix;
    const multi = this.redis.multi();
    if (sid) multi.srem(sessionKeys.bySid(prefix, sid), sessionId);
    multi.srem(sessionKeys.bySub(prefix, sub), sessionId);
    await multi.exec();
  }

  private destroy(sessionId: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.store.destroy(sessionId, (err: unknown) =>
        err ? reject(err instanceof Error ? err : new Error('session store error')) : resolve(),
      ),
    );
  }

  /**
   * Destroys the portal sessions of a Keycloak session (or, when the logout names only a subject, of every session
   * of that user). Returns how many were destroyed.
   */
  async destroyFor(sid: string | null, sub: string | null): Promise<number> {
    const prefix = this.config.redis.prefix;
    const key = sid ? sessionKeys.bySid(prefix, sid) : sub ? sessionKeys.bySub(prefix, sub) : null;
    if (!key) return 0;
    const ids = await this.redis.smembers(key);
    for (const id of ids) await this.destroy(id);
    await this.redis.del(key);
    this.logger.log({ sid, sub, sessions: ids.length }, 'back-channel logout destroyed portal sessions');
    return ids.length;
  }
}
