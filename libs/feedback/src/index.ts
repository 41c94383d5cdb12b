export * from './feedback.contract';
export * from './feedback.rules';
export * from './feedback.service';
export * from './feedback.module';
