import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/**
 * The apps never migrate on their own: migrations run once, before a release
 * starts (`npm run migration:run`, or the compose `migrate` service). An app
 * that finds the schema behind its code refuses to start, before it serves a
 * request or takes a job, rather than fail later.
 */
export async function assertSchemaIsCurrent(databaseUrl: string): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions({ url: databaseUrl, poolSize: 1, applicationName: 'coaching-schema-check' }));
  await dataSource.initialize();
  try {
    if (await dataSource.showMigrations()) {
      throw new Error('The database schema is behind this version: run `npm run migration:run` before starting the apps.');
    }
  } finally {
    await dataSource.destroy();
  }
}
