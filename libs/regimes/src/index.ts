export * from './legal-regime';
export * from './regime-row';
export * from './regime.service';
export * from './regime.module';
