import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@app/config';
import { exitGracefullyOnSignals } from '@app/logging';
import { createApiApp } from './api-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApiApp(config);
  await app.listen(config.port);
  exitGracefullyOnSignals([() => app.close()], config.shutdownTimeoutMs);
}

bootstrap().catch((error: unknown) => {
  // Before the logger exists; configuration problems name their variables and carry no secrets.
  console.error(error instanceof ConfigValidationError ? error.message : error);
  process.exit(1);
});
