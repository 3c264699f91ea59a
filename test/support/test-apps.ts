import { PassThrough, type Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { type INestApplication, type INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/api-app';
import { type Clock } from '../../apps/api/src/common/clock';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { type AppConfig, loadConfig } from '../../libs/config/src';
import { SmtpSink } from './smtp-sink';
import { privateDatabaseUrl, TEST_REDIS_URL, workerDatabaseUrl } from './test-database';

export interface TestApps {
  config: AppConfig;
  api: INestApplication;
  worker: INestApplicationContext | null;
  smtp: SmtpSink;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export interface TestAppsOptions {
  /** Extra environment, as an operator would set it. */
  env?: Record<string, string>;
  /** Boot the worker too (default true). */
  worker?: boolean;
  /** Pins the API's and the worker's "now". */
  clock?: Clock;
  /** A database of this suite's own instead of the one the Jest worker's suites share. */
  privateDatabase?: string;
  /**
   * Where both apps' logs go (set LOG_LEVEL in `env` too). The logger is one per
   * test file: whichever app starts first decides it for both.
   */
  logDestination?: Writable;
  /** The built web app to serve at `/` (default: dist/web when it has been built; null: none). */
  webDirectory?: string | null;
}

/**
 * The database behind each test's `http` function, so that helpers taking
 * only `http` (registerNewcomer) can do what a test needs but the API
 * rightly does not offer, such as marking an address verified.
 */
export const TEST_DATABASE_OF = new WeakMap<() => unknown, DataSource>();

/** The configuration of one test's apps: its own queue prefix, its own SMTP server, this worker's database. */
export async function testConfig(smtpUrl: string, env: Record<string, string> = {}): Promise<AppConfig> {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: await workerDatabaseUrl(),
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `{cac-test-${randomBytes(4).toString('hex')}}`,
    SMTP_URL: smtpUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PUBLIC_URL: 'http://coaching.test',
    // Every test signs in, registers and searches from 127.0.0.1; the limiters' own tests lower these.
    LOGIN_MAX_ATTEMPTS: '1000',
    REGISTER_MAX_PER_ADDRESS: '100000',
    REGISTER_MAX_PER_EMAIL: '1000',
    SEARCH_MAX_PER_MINUTE: '100000',
    // Hundreds of accounts are registered in a run; argon2 at full cost would spend minutes on them.
    PASSWORD_HASH_COST: 'test',
    ...env,
  });
}

/** A `logDestination` that keeps what is written to it, one log record a line, for a test to read. */
export function captureLogs(): { destination: Writable; lines: string[] } {
  const destination = new PassThrough();
  const lines: string[] = [];
  destination.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  return { destination, lines };
}

/** Boots the API (and by default the worker) in this process against real PostgreSQL, Redis and SMTP. */
export async function startTestApps(options: TestAppsOptions = {}): Promise<TestApps> {
  const smtp = new SmtpSink();
  await smtp.start();
  const config = await testConfig(smtp.url, {
    ...(options.privateDatabase ? { DATABASE_URL: await privateDatabaseUrl(options.privateDatabase) } : {}),
    ...options.env,
  });
  const api = await createApiApp(config, {
    clock: options.clock,
    logDestination: options.logDestination,
    webDirectory: options.webDirectory,
  });
  const worker =
    options.worker === false
      ? null
      : await createWorkerApp(config, { healthPort: null, logDestination: options.logDestination, clock: options.clock });
  const server = api.getHttpServer();
  const http = () => request(server);
  TEST_DATABASE_OF.set(http, api.get(DataSource));
  return {
    config,
    api,
    worker,
    smtp,
    http,
    close: async () => {
      await worker?.close();
      await api.close();
      await smtp.stop();
      await deleteQueueKeys(config);
    },
  };
}

/** Removes this test's Redis keys, so runs leave nothing behind. */
async function deleteQueueKeys(config: AppConfig): Promise<void> {
  if (!config.redisUrl) return;
  const redis = new Redis(config.redisUrl);
  try {
    const pattern = `${config.queuePrefix.replace(/[{}[\]*?]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
