import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@app/config';
import { createWorkerApp } from './worker-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  await createWorkerApp(config, { healthPort: config.workerHealthPort });
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigValidationError ? error.message : error);
  process.exit(1);
});
