export * from './env-reader';
export * from './config.schema';
export * from './config.tokens';
