import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Gauge, Registry } from 'prom-client';
import { WORKER_CONFIG, WorkerConfig } from '@app/config';
import { MAINTENANCE_JOBS, QUEUES } from '@app/queues';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor';
import { assertEveryJobHandled } from './handler-registry.check';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** Boot-time checks and wiring of the worker: handler coverage, concurrency, schedules, queue metrics. */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap {
  private readonly logger = new Logger(WorkerLifecycle.name);

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @InjectQueue(QUEUES.maintenance) private readonly maintenanceQueue: Queue,
    private readonly maintenance: MaintenanceProcessor,
    private readonly registry: Registry,
  ) {
    assertEveryJobHandled({ maintenance: MaintenanceProcessor.handles });
  }

  get processors(): MaintenanceProcessor[] {
    return [this.maintenance];
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const p of this.processors) p.worker.concurrency = this.config.concurrency;
    // Idempotent across processes: one scheduler id, whatever the number of workers.
    await this.maintenanceQueue.upsertJobScheduler(
      'prune-session-index-hourly',
      { every: 3600_000 },
      { name: MAINTENANCE_JOBS.pruneSessionIndex, data: {} },
    );
    const queues = [this.maintenanceQueue];
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    this.logger.log({ concurrency: this.config.concurrency, queues: queues.map((q) => q.name) }, 'worker ready');
  }

  isRunning(): boolean {
    return this.processors.every((p) => p.worker.isRunning());
  }
}
