import { Inject, Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type Redis from 'ioredis';
import { WORKER_CONFIG, WorkerConfig } from '@app/config';
import { MAINTENANCE_JOBS, MaintenanceJobName, QUEUES } from '@app/queues';
import { WORKER_REDIS } from '../infra/worker.tokens';
import { pruneSessionIndex, PruneResult } from './session-index.pruner';

/** The one processor of the maintenance queue: an exhaustive switch over its job names. */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  /** Job names this processor handles; boot fails if the queue declares one that is not here. */
  static readonly handles: readonly MaintenanceJobName[] = [MAINTENANCE_JOBS.pruneSessionIndex];
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_REDIS) private readonly redis: Redis,
  ) {
    super();
  }

  async process(job: Job<unknown, unknown, string>): Promise<PruneResult> {
    const name = job.name as MaintenanceJobName;
    switch (name) {
      case MAINTENANCE_JOBS.pruneSessionIndex: {
        const result = await pruneSessionIndex(this.redis, this.config.redis.prefix);
        this.logger.log({ jobId: job.id, ...result }, 'session index pruned');
        return result;
      }
      default: {
        const unknownName: never = name;
        throw new Error(`maintenance: no handler for job ${String(unknownName)}`);
      }
    }
  }
}
