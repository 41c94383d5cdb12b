export * from './data-source.factory';
export * from './database.module';
export * from './migrate.command';
export * from './migrations';
export * from './rows';
export * from './snake-naming.strategy';
