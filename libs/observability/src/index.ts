export * from './domain.error';
export * from './problem-details.filter';
export * from './validation.pipe';
export * from './logging';
export * from './health.service';
export * from './metrics';
export * from './metrics-server';
