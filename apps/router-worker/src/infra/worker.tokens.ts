/** The worker's ioredis command connection (not BullMQ's own blocking connections). */
export const WORKER_REDIS = Symbol('WORKER_REDIS');
