export * from './rating.rules';
export * from './rating.options';
export * from './rating.service';
export * from './counter-device.service';
export * from './ratings.module';
