import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseSettings {
  readonly url: string;
  readonly poolSize?: number;
  readonly applicationName?: string;
}

/**
 * The single description of the database connection, used by both apps and by
 * the migration CLI. `synchronize` is off for good: the schema changes only
 * through migrations.
 */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: settings.applicationName ?? 'coaching',
    extra: { max: settings.poolSize ?? 20 },
  };
}
