import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { WORKER_CONFIG, WorkerConfig } from '@app/config';
import { MAINTENANCE_JOBS, QUEUES } from '@app/queues';
import { DeliveryProcessor } from '../deliveries/delivery.processor';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor';
import { OutboxProcessor } from '../outbox/outbox.processor';
import { assertEveryJobHandled } from './handler-registry.check';

/** Boot-time checks and wiring of the worker: handler coverage, concurrency, schedules; orderly stop. */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerLifecycle.name);

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @InjectQueue(QUEUES.maintenance) private readonly maintenanceQueue: Queue,
    private readonly maintenance: MaintenanceProcessor,
    private readonly outbox: OutboxProcessor,
    private readonly delivery: DeliveryProcessor,
  ) {
    assertEveryJobHandled({
      maintenance: MaintenanceProcessor.handles,
      outbox: OutboxProcessor.handles,
      delivery: DeliveryProcessor.handles,
    });
  }

  get processors(): Array<MaintenanceProcessor | OutboxProcessor | DeliveryProcessor> {
    return [this.maintenance, this.outbox, this.delivery];
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const p of this.processors) p.worker.concurrency = this.config.concurrency;
    // Idempotent across processes: one scheduler id, whatever the number of workers.
    await this.maintenanceQueue.upsertJobScheduler(
      'prune-session-index-hourly',
      { every: 3600_000 },
      { name: MAINTENANCE_JOBS.pruneSessionIndex, data: {} },
    );
    this.logger.log(
      { concurrency: this.config.concurrency, queues: this.processors.map((p) => p.worker.name) },
      'worker ready',
    );
  }

  /**
   * Stops taking jobs and waits for the ones in progress before any module closes its connections (the database
   * above all: a delivery attempt records its outcome in PostgreSQL after the HTTP call).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.worker.close()));
  }

  isRunning(): boolean {
    return this.processors.every((p) => p.worker.isRunning());
  }
}
