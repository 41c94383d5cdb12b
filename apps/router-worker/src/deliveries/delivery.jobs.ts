import type { JobsOptions } from 'bullmq';
import { DELIVERY_JOBS, deliveryJobId } from '@app/queues';

export interface DeliveryJobData {
  deliveryId: string;
}

/** A delivery at one point of its schedule: the attempts made so far and when the next one is due. */
export interface DeliverySchedulePoint {
  id: string;
  attempts: number;
  nextAttemptAt: Date;
}

/**
 * The job of one scheduled attempt: its id names the schedule point, so adding it twice (the outbox handler run
 * again, the reconciler) is a no-op, and it waits in BullMQ until the attempt is due.
 */
export function deliveryAttemptJob(
  point: DeliverySchedulePoint,
  now: number = Date.now(),
): { name: typeof DELIVERY_JOBS.attempt; data: DeliveryJobData; opts: JobsOptions & { jobId: string } } {
  return {
    name: DELIVERY_JOBS.attempt,
    data: { deliveryId: point.id },
    opts: {
      jobId: deliveryJobId(point.id, point.attempts, point.nextAttemptAt),
      delay: Math.max(0, point.nextAttemptAt.getTime() - now),
    },
  };
}
