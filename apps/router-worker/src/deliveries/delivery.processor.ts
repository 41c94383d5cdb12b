import { Logger } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, Job, Queue } from 'bullmq';
import { DELIVERY_JOBS, DeliveryJobName, QUEUES } from '@app/queues';
import { AttemptReport, DeliverySender } from '@app/routing';
import { WorkerMetrics } from '../metrics/worker.metrics';
import { deliveryAttemptJob, DeliveryJobData } from './delivery.jobs';

/**
 * The one processor of the delivery queue: one attempt per job (DeliverySender decides from the row whether it is
 * due and records the outcome), then the job of the next schedule point when there is one. PostgreSQL holds the
 * schedule; the job only wakes the worker at the right time.
 */
@Processor(QUEUES.delivery)
export class DeliveryProcessor extends WorkerHost {
  /** Job names this processor handles; boot fails if the queue declares one that is not here. */
  static readonly handles: readonly DeliveryJobName[] = [DELIVERY_JOBS.attempt];
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(
    private readonly sender: DeliverySender,
    private readonly metrics: WorkerMetrics,
    @InjectQueue(QUEUES.delivery) private readonly queue: Queue,
  ) {
    super();
  }

  async process(job: Job<DeliveryJobData, unknown, string>, token?: string): Promise<Pick<AttemptReport, 'result'>> {
    const name = job.name as DeliveryJobName;
    switch (name) {
      case DELIVERY_JOBS.attempt: {
        const report = await this.sender.attempt(job.data.deliveryId, new Date());
        this.metrics.recordAttempt(report);
        this.log(report);
        if (report.next) {
          const next = deliveryAttemptJob({ id: report.deliveryId, ...report.next });
          if (next.opts.jobId === job.id) {
            // This very job ran before its time: it waits again rather than adding itself (a no-op on an active id).
            await job.moveToDelayed(report.next.nextAttemptAt.getTime(), token);
            throw new DelayedError();
          }
          await this.queue.add(next.name, next.data, next.opts);
        }
        return { result: report.result };
      }
      default: {
        const unknownName: never = name;
        throw new Error(`delivery: no handler for job ${String(unknownName)}`);
      }
    }
  }

  private log(r: AttemptReport): void {
    const fields = {
      deliveryId: r.deliveryId,
      target: r.targetCode,
      result: r.result,
      reason: r.reason,
      statusCode: r.statusCode,
      durationMs: r.durationMs,
      nextAttemptAt: r.next?.nextAttemptAt,
    };
    switch (r.result) {
      case 'delivered':
      case 'retry':
        this.logger.log(fields, `delivery ${r.result}`);
        return;
      case 'dead':
        this.logger.warn(fields, 'delivery dead-lettered');
        return;
      case 'postponed':
      case 'not_due':
      case 'skipped':
        this.logger.debug(fields, `delivery ${r.result}`);
        return;
    }
  }
}
