import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { Registry } from 'prom-client';
import { WORKER_CONFIG, WorkerConfig } from '@app/config';
import { createMetricsRegistry } from '@app/observability';
import { createRedis } from '@app/queues';
import { EGRESS_POLICY } from '@app/routing';
import { WORKER_REDIS } from './worker.tokens';

@Global()
@Module({})
export class WorkerCoreModule implements OnApplicationShutdown {
  constructor(@Inject(WORKER_REDIS) private readonly redis: Redis) {}

  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerCoreModule,
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: WORKER_REDIS, useFactory: () => createRedis(config.redis.url, 'command', 'motcua-worker') },
        { provide: Registry, useFactory: () => createMetricsRegistry('router-worker') },
        { provide: EGRESS_POLICY, useValue: config.egress },
      ],
      exports: [WORKER_CONFIG, WORKER_REDIS, Registry, EGRESS_POLICY],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
