/**
 * Every queue and job name of the system. The portal only produces jobs; the router worker is the only consumer and
 * refuses to boot if a job name declared here has no handler in its processor.
 */
export const QUEUES = {
  maintenance: 'maintenance',
  /** Committed outbox events relayed from PostgreSQL; jobId = the event's id. */
  outbox: 'outbox',
  /** One HTTP attempt of a push delivery (agency webhook or national portal); see deliveryJobId. */
  delivery: 'delivery',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const MAINTENANCE_JOBS = {
  /** Drops session ids that no longer exist from the back-channel logout indexes. */
  pruneSessionIndex: 'sessions.prune-index',
} as const;

export type MaintenanceJobName = (typeof MAINTENANCE_JOBS)[keyof typeof MAINTENANCE_JOBS];

export const OUTBOX_JOBS = {
  /** Carries { eventId }: the worker applies the event's effects once (outbox_event.handled_at). */
  event: 'outbox.event',
} as const;

export type OutboxJobName = (typeof OUTBOX_JOBS)[keyof typeof OUTBOX_JOBS];

export const DELIVERY_JOBS = {
  /** Carries { deliveryId }: one attempt; the delivery row in PostgreSQL decides whether it is still due. */
  attempt: 'delivery.attempt',
} as const;

export type DeliveryJobName = (typeof DELIVERY_JOBS)[keyof typeof DELIVERY_JOBS];

export const JOBS_BY_QUEUE: Readonly<Record<QueueName, readonly string[]>> = {
  maintenance: Object.values(MAINTENANCE_JOBS),
  outbox: Object.values(OUTBOX_JOBS),
  delivery: Object.values(DELIVERY_JOBS),
};

/**
 * The BullMQ job id of one scheduled attempt of a delivery. Each (attempt number, due time) pair is a distinct job,
 * so re-adding the same schedule point is a no-op while a rescheduled attempt gets a fresh id.
 */
export function deliveryJobId(deliveryId: string, attempts: number, nextAttemptAt: Date): string {
  return `${deliveryId}.${attempts}.${nextAttemptAt.getTime()}`;
}

/** BullMQ key prefix for a deployment: hash-tagged so every key of a queue lands in one Redis Cluster slot. */
export function bullPrefix(redisPrefix: string): string {
  return `{${redisPrefix}:bull}`;
}
