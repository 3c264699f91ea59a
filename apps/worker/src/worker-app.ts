import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { type AppConfig } from '@app/config';
import { assertSchemaIsCurrent } from '@app/persistence';
import { WorkerModule, type WorkerOptions } from './worker.module';

/** An application context with no HTTP server: it consumes the queues and serves only /health. */
export async function createWorkerApp(config: AppConfig, options: WorkerOptions): Promise<INestApplicationContext> {
  await assertSchemaIsCurrent(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return app;
}
