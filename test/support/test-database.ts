import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Each test run gets its own databases, named after a run id: a migrated
 * template, and one copy per Jest worker, so workers never share a schema.
 */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function currentRunId(): string {
  const id = process.env.CAC_TEST_RUN_ID;
  if (!id) throw new Error('CAC_TEST_RUN_ID is unset: end-to-end suites must run through the jest e2e project (global setup)');
  return id;
}

export const templateDatabase = (runId: string) => `cac_test_${runId}_template`;
const workerDatabase = (runId: string, worker: string) => `cac_test_${runId}_w${worker}`;

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

let ensured: Promise<string> | undefined;

/** The URL of this Jest worker's database, cloned from the migrated template on first use. */
export function workerDatabaseUrl(): Promise<string> {
  ensured ??= (async () => {
    const runId = currentRunId();
    const name = workerDatabase(runId, process.env.JEST_WORKER_ID ?? '1');
    await withAdminClient(async (client) => {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase(runId)}"`);
    });
    return databaseUrl(name);
  })();
  return ensured;
}

/**
 * A database of its own, cloned from the migrated template, for a suite whose
 * assertions need an academy nobody else writes to (ranking across all of an
 * academy's coaches). Dropped with the others at the end of the run.
 */
export async function privateDatabaseUrl(label: string): Promise<string> {
  const runId = currentRunId();
  const name = `cac_test_${runId}_${label}_${randomBytes(3).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase(runId)}"`));
  return databaseUrl(name);
}
