import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, EntityList } from './data-source.factory';

@Module({})
export class DatabaseModule {
  /** The app's one DataSource; entities are listed by the app so each app loads only what it uses. */
  static forRoot(params: {
    url: string;
    entities: EntityList;
    applicationName: string;
    poolSize?: number;
  }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(params), retryAttempts: 3, retryDelay: 1000 })],
    };
  }
}
