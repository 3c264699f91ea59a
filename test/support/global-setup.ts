import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../libs/persistence/src/data-source-options';
import { databaseUrl, newRunId, templateDatabase, withAdminClient } from './test-database';

/** Migrates a template database once per run; workers clone it (CREATE DATABASE … TEMPLATE is fast). */
export default async function globalSetup(): Promise<void> {
  const runId = newRunId();
  process.env.CAC_TEST_RUN_ID = runId;
  const name = templateDatabase(runId);
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const dataSource = new DataSource(
    buildDataSourceOptions({ url: databaseUrl(name), poolSize: 1, applicationName: 'coaching-test-setup' }),
  );
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
