/**
 * `npm start`: the API and the worker in one process, for trying the platform
 * on one machine. It creates the database if needed and applies migrations
 * first. Deployments run the two apps as separate processes instead.
 */
import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@app/config';
import { exitGracefullyOnSignals } from '@app/logging';
import { prepareDevelopmentDatabase } from '@app/persistence';
import { createApiApp } from '../../api/src/api-app';
import { createWorkerApp } from '../../worker/src/worker-app';
import { seedDemo } from './demo-seed';

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  const demo = process.argv.includes('--demo');
  if (demo && config.env === 'production') throw new Error('--demo seeds accounts with a published password; it refuses to run in production.');
  const applied = await prepareDevelopmentDatabase(config.databaseUrl);
  const api = await createApiApp(config);
  const worker = await createWorkerApp(config, { healthPort: null });
  await api.listen(config.port);
  // The API first: no new bookings, the ones in flight answered; then the worker finishes its jobs.
  exitGracefullyOnSignals([() => api.close(), () => worker.close()]);
  const lines = [
    '',
    'Coaching across continents is running.',
    `  API     ${config.publicUrl}/v1`,
    `  Docs    ${config.publicUrl}/docs`,
    `  Health  ${config.publicUrl}/health`,
    `  Mail    ${config.smtpUrl ? `sent through ${new URL(config.smtpUrl).host}` : `written as .eml files to ${config.mailDirectory}`}`,
    applied.length > 0 ? `  Applied migrations: ${applied.join(', ')}` : '  Database schema is current.',
    '',
    ...(demo ? [...(await seedDemo(api)), ''] : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigValidationError ? error.message : error);
  process.exit(1);
});
