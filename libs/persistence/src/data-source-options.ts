import { type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseSettings {
  readonly url: string;
  readonly poolSize?: number;
  readonly applicationName?: string;
  /** Session limits in milliseconds, sent as startup options of each connection; 0 or absent leaves the server's. */
  readonly timeouts?: { readonly statementMs: number; readonly lockMs: number; readonly idleInTransactionMs: number };
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
    extra: {
      max: settings.poolSize ?? 20,
      // No JIT compilation: at 20,000 coaches the match query's estimated cost crossed jit_above_cost and
      // compiling it took 0.9 s of a 1.3 s statement; every query here is short (bench/README.md).
      options: '-c jit=off',
      // A connection that cannot be had within the statement limit fails instead of queueing for ever.
      ...(settings.timeouts?.statementMs ? { connectionTimeoutMillis: settings.timeouts.statementMs } : {}),
      ...(settings.timeouts?.statementMs ? { statement_timeout: settings.timeouts.statementMs } : {}),
      ...(settings.timeouts?.lockMs ? { lock_timeout: settings.timeouts.lockMs } : {}),
      ...(settings.timeouts?.idleInTransactionMs ? { idle_in_transaction_session_timeout: settings.timeouts.idleInTransactionMs } : {}),
    },
  };
}
