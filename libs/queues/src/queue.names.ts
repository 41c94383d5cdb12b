/**
 * Every queue and job name of the system. The portal only produces jobs; the router worker is the only consumer and
 * refuses to boot if a job name declared here has no handler in its processor.
 */
export const QUEUES = {
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const MAINTENANCE_JOBS = {
  /** Drops session ids that no longer exist from the back-channel logout indexes. */
  pruneSessionIndex: 'sessions.prune-index',
} as const;

export type MaintenanceJobName = (typeof MAINTENANCE_JOBS)[keyof typeof MAINTENANCE_JOBS];

export const JOBS_BY_QUEUE: Readonly<Record<QueueName, readonly string[]>> = {
  maintenance: Object.values(MAINTENANCE_JOBS),
};

/** BullMQ key prefix for a deployment: hash-tagged so every key of a queue lands in one Redis Cluster slot. */
export function bullPrefix(redisPrefix: string): string {
  return `{${redisPrefix}:bull}`;
}
