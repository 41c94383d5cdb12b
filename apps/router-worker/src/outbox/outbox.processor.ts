import { Logger, Optional } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Queue } from 'bullmq';
import { OUTBOX_JOBS, OutboxJobName, QUEUES } from '@app/queues';
import { RoutingService } from '@app/routing';
import { deliveryAttemptJob } from '../deliveries/delivery.jobs';
import { MessageDispatcher } from '../messages/message.dispatcher';
import type { OutboxJobData } from './outbox.relay';

/**
 * The one processor of the outbox queue: applies a relayed event's effects (once: RoutingService marks the event
 * handled in the same transaction) and enqueues the first attempt of the push deliveries it made due. If this
 * process dies between the two, the deliveries are pending in PostgreSQL and the reconciler enqueues them.
 */
@Processor(QUEUES.outbox)
export class OutboxProcessor extends WorkerHost {
  /** Job names this processor handles; boot fails if the queue declares one that is not here. */
  static readonly handles: readonly OutboxJobName[] = [OUTBOX_JOBS.event];
  private readonly logger = new Logger(OutboxProcessor.name);

  constructor(
    private readonly routing: RoutingService,
    @InjectQueue(QUEUES.delivery) private readonly deliveries: Queue,
    /** Absent when no mail server is configured. */
    @Optional() private readonly messages?: MessageDispatcher,
  ) {
    super();
  }

  async process(job: Job<OutboxJobData, unknown, string>): Promise<{ deliveriesEnqueued: number }> {
    const name = job.name as OutboxJobName;
    switch (name) {
      case OUTBOX_JOBS.event: {
        const { eventId, correlationId } = job.data;
        const due = await this.routing.handleOutboxEvent(eventId);
        // The handling may have planned messages to the applicant: send them now rather than at the next poll.
        this.messages?.wake();
        if (due.length > 0) {
          const now = Date.now();
          await this.deliveries.addBulk(due.map((d) => deliveryAttemptJob(d, now)));
        }
        this.logger.debug({ eventId, correlationId, deliveries: due.length }, 'outbox event handled');
        return { deliveriesEnqueued: due.length };
      }
      default: {
        const unknownName: never = name;
        throw new Error(`outbox: no handler for job ${String(unknownName)}`);
      }
    }
  }
}
