export * from './form-schema';
export * from './fee.rules';
export * from './procedure-content';
export * from './procedure.entity';
export * from './procedure-version.entity';
export * from './procedure.catalogue';
export * from './procedure.service';
export * from './procedure.module';
