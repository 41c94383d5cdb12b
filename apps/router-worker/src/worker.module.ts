import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { LoggerModule } from 'nestjs-pino';
import { WorkerConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { loggerParams, ProblemDetailsFilter } from '@app/observability';
import { bullPrefix, QUEUES, redisOptionsFromUrl } from '@app/queues';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { WorkerCoreModule } from './infra/worker-core.module';
import { WorkerHealthController } from './infra/worker-health.controller';
import { WorkerLifecycle } from './infra/worker-lifecycle.service';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        WorkerCoreModule.forRoot(config),
        LoggerModule.forRoot(loggerParams('router-worker', config.logLevel)),
        DatabaseModule.forRoot({ url: config.database.url, entities: [], applicationName: 'motcua-worker' }),
        BullModule.forRoot({
          connection: { ...redisOptionsFromUrl(config.redis.url), retryStrategy: undefined },
          prefix: bullPrefix(config.redis.prefix),
        }),
        BullModule.registerQueue({
          name: QUEUES.maintenance,
          defaultJobOptions: {
            attempts: 5,
            backoff: { type: 'exponential', delay: 10_000 },
            // Bounded history: completed jobs for a day, failures for a month (never dropped at once).
            removeOnComplete: { age: 24 * 3600, count: 1000 },
            removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
          },
        }),
      ],
      controllers: [WorkerHealthController],
      providers: [MaintenanceProcessor, WorkerLifecycle, { provide: APP_FILTER, useValue: new ProblemDetailsFilter() }],
    };
  }
}
