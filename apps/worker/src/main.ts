import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@app/config';
import { exitGracefullyOnSignals } from '@app/logging';
import { createWorkerApp } from './worker-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  const worker = await createWorkerApp(config, { healthPort: config.workerHealthPort });
  exitGracefullyOnSignals([() => worker.close()], config.shutdownTimeoutMs);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigValidationError ? error.message : error);
  process.exit(1);
});
