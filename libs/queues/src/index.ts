export * from './redis.factory';
export * from './queue.names';
export * from './session-keys';
