/**
 * `npm start`: the API and the worker in one process, for trying the platform
 * on one machine. With no environment it needs nothing installed: PostgreSQL
 * is embedded (PGlite, data in ./.data/pgdata), BullMQ runs on its PostgreSQL
 * backend in that database, and mail is written as .eml files to ./.data/mail.
 * The embedded default seeds the demo accounts (`--demo` does so with real
 * services too). With DATABASE_URL, REDIS_URL and SMTP_URL set it uses those services. It
 * creates the database if needed and applies migrations first. Deployments run
 * the two apps as separate processes instead.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { ConfigValidationError, dataDirectoryOf, describeMeetings, loadConfig } from '@app/config';
import { exitGracefullyOnSignals } from '@app/logging';
import { type EmbeddedDatabase, prepareDevelopmentDatabase, startEmbeddedDatabase } from '@app/persistence';
import { usePostgresQueueBackend } from '@app/queue';
import { createApiApp } from '@apps/api';
import { createWorkerApp } from '@apps/worker';
import { seedDemo } from './demo-seed';

async function bootstrap(): Promise<void> {
  const env = { ...process.env };
  let embedded: EmbeddedDatabase | null = null;
  if (!env.DATABASE_URL?.trim()) {
    // The embedded default comes with demo accounts whose password is published: never in production.
    if (env.NODE_ENV?.trim() === 'production')
      throw new ConfigValidationError(['DATABASE_URL is required in production; the embedded database is for trying the platform']);
    embedded = await startEmbeddedDatabase(join(dataDirectoryOf(env), 'pgdata'));
    env.DATABASE_URL = embedded.url;
    // Someone trying the platform wants the banner below, not every request's log line; LOG_LEVEL=info brings them back.
    env.LOG_LEVEL ??= 'warn';
  }
  const config = loadConfig(env);
  // Jobs are picked up within two seconds: the embedded database passes no NOTIFY between connections.
  if (embedded && !config.redisUrl) usePostgresQueueBackend({ maxWaitSeconds: 2 });
  // The embedded default is for trying the platform: it comes with the demo accounts.
  const demo = process.argv.includes('--demo') || embedded !== null;
  if (demo && config.env === 'production')
    throw new Error('--demo seeds accounts with a published password; it refuses to run in production.');
  const applied = await prepareDevelopmentDatabase(config.databaseUrl);
  const api = await createApiApp(config);
  const worker = await createWorkerApp(config, { healthPort: null });
  const demoLines = demo ? await seedDemo(api) : [];
  // The demo accounts' password is published: with them, only this machine may connect.
  await (demo ? api.listen(config.port, '127.0.0.1') : api.listen(config.port));
  // The API first: no new bookings, the ones in flight answered; then the worker finishes its jobs; the embedded database last.
  exitGracefullyOnSignals([() => api.close(), () => worker.close(), async () => embedded?.stop()], config.shutdownTimeoutMs);
  const database = embedded
    ? `embedded PostgreSQL (PGlite), data in ${join(config.dataDirectory, 'pgdata')}`
    : `PostgreSQL at ${new URL(config.databaseUrl).host}`;
  const lines = [
    '',
    'Coaching across continents is running.',
    `  App       ${config.publicUrl}/`,
    `  API       ${config.publicUrl}/v1`,
    `  Docs      ${config.publicUrl}/docs`,
    `  Health    ${config.publicUrl}/health`,
    `  Database  ${database}`,
    `  Queue     ${config.redisUrl ? `Redis at ${new URL(config.redisUrl).host}` : 'BullMQ on its PostgreSQL backend, in the same database'}`,
    `  Mail      ${config.smtpUrl ? `sent through ${new URL(config.smtpUrl).host}` : `written as .eml files to ${config.mailDirectory}`}`,
    ...describeMeetings(config.meeting),
    applied.length > 0 ? `  Applied migrations: ${applied.join(', ')}` : '  Database schema is current.',
    '',
    ...(demo ? [...demoLines, ''] : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigValidationError ? error.message : error);
  process.exit(1);
});
