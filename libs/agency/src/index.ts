export * from './agency.entity';
export * from './agency.directory';
export * from './agency.service';
export * from './agency.module';
