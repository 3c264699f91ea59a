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
    // No JIT compilation: at 20,000 coaches the match query's estimated cost crossed jit_above_cost and
    // compiling it took 0.9 s of a 1.3 s statement; every query here is short (bench/README.md).
    extra: { max: settings.poolSize ?? 20, options: '-c jit=off' },
  };
}
