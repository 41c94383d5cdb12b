import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

export interface DataSourceParams {
  url: string;
  entities?: EntityList;
  applicationName?: string;
  poolSize?: number;
  /** How long a query waits for a free pooled connection before failing (default 5 s). */
  connectionTimeoutMillis?: number;
}

export function dataSourceOptions(params: DataSourceParams): DataSourceOptions {
  return {
    type: 'postgres',
    url: params.url,
    entities: params.entities ?? [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: params.applicationName ?? 'motcua',
    extra: { max: params.poolSize ?? 10, connectionTimeoutMillis: params.connectionTimeoutMillis ?? 5000 },
  };
}

export function createDataSource(params: DataSourceParams): DataSource {
  return new DataSource(dataSourceOptions(params));
}
