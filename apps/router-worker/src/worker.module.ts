import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { LoggerModule } from 'nestjs-pino';
import { CALENDAR_ENTITIES } from '@app/calendar';
import { WorkerConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { loggerParams, ProblemDetailsFilter } from '@app/observability';
import { bullPrefix, QUEUES, redisOptionsFromUrl } from '@app/queues';
import { DELIVERY_POLICY, DeliveryPolicy, DeliverySender, RoutingModule } from '@app/routing';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { DeliveryProcessor } from './deliveries/delivery.processor';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { MessagesModule } from './messages/messages.module';
import { WorkerMetrics } from './metrics/worker.metrics';
import { OutboxProcessor } from './outbox/outbox.processor';
import { OutboxRelay } from './outbox/outbox.relay';
import { Reconciler } from './reconciler/reconciler.service';
import { WorkerCoreModule } from './infra/worker-core.module';
import { WorkerHealthController } from './infra/worker-health.controller';
import { WorkerLifecycle } from './infra/worker-lifecycle.service';

/** Bounded history: completed jobs for a day, failures for a month (never dropped at once). */
const KEEP = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 50_000 },
};

export function deliveryPolicyOf(config: WorkerConfig): DeliveryPolicy {
  return {
    retryScheduleSeconds: config.delivery.retryScheduleSeconds,
    circuit: {
      failureThreshold: config.delivery.circuitFailureThreshold,
      openSeconds: config.delivery.circuitOpenSeconds,
      maxOpenSeconds: config.delivery.circuitMaxOpenSeconds,
    },
    inactiveRecheckSeconds: 300,
  };
}

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        WorkerCoreModule.forRoot(config),
        LoggerModule.forRoot(loggerParams('router-worker', config.logLevel)),
        DatabaseModule.forRoot({
          url: config.database.url,
          entities: [...CALENDAR_ENTITIES],
          applicationName: 'motcua-worker',
          // Each job in progress holds a connection (a delivery attempt holds its row lock across the HTTP call),
          // plus a half-open probe claim, the relay, the reconciler, metrics and health.
          poolSize: config.concurrency * 3 + 6,
        }),
        BullModule.forRoot({
          connection: { ...redisOptionsFromUrl(config.redis.url), retryStrategy: undefined },
          prefix: bullPrefix(config.redis.prefix),
        }),
        BullModule.registerQueue(
          {
            name: QUEUES.maintenance,
            defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 }, ...KEEP },
          },
          {
            // Unexpected handler errors only (database down…): the event stays unhandled in PostgreSQL meanwhile,
            // and the reconciler retries the job if these attempts run out.
            name: QUEUES.outbox,
            defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 1000 }, ...KEEP },
          },
          {
            // Same for attempts: HTTP failures are not job failures (the sender records them and schedules the next
            // attempt); a job fails only when the attempt could not be recorded.
            name: QUEUES.delivery,
            defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 1000 }, ...KEEP },
          },
        ),
        RoutingModule,
        DeadlinesModule.forRoot(config),
        MessagesModule.forRoot(config),
      ],
      controllers: [WorkerHealthController],
      providers: [
        { provide: DELIVERY_POLICY, useValue: deliveryPolicyOf(config) },
        DeliverySender,
        WorkerMetrics,
        MaintenanceProcessor,
        OutboxProcessor,
        DeliveryProcessor,
        OutboxRelay,
        Reconciler,
        WorkerLifecycle,
        { provide: APP_FILTER, useValue: new ProblemDetailsFilter() },
      ],
    };
  }
}
