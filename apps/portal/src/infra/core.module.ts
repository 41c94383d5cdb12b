import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import RedisStore from 'connect-redis';
import { Registry } from 'prom-client';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { REDIS, SESSION_STORE } from '@app/auth';
import { EGRESS_POLICY } from '@app/routing';
import { createMetricsRegistry } from '@app/observability';
import { createRedis, sessionKeys } from '@app/queues';
import { LookupThrottle } from './lookup-throttle.service';

/** Process-wide infrastructure of the portal: config, the Redis connection, the session store, metrics. */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot(config: PortalConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: PORTAL_CONFIG, useValue: config },
        { provide: REDIS, useFactory: () => createRedis(config.redis.url, 'command', 'motcua-portal') },
        {
          provide: SESSION_STORE,
          inject: [REDIS],
          useFactory: (redis: Redis) =>
            new RedisStore({
              client: redis,
              prefix: sessionKeys.session(config.redis.prefix),
              ttl: config.session.maxAgeSeconds,
            }),
        },
        { provide: Registry, useFactory: () => createMetricsRegistry('portal') },
        { provide: EGRESS_POLICY, useValue: config.egress },
        LookupThrottle,
      ],
      exports: [PORTAL_CONFIG, REDIS, SESSION_STORE, Registry, EGRESS_POLICY, LookupThrottle],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
