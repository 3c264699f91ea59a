import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { type AppConfig } from '../../libs/config/src';

const ROOT = join(__dirname, '..', '..');
const MAIN = { api: 'dist/apps/api/apps/api/src/main.js', worker: 'dist/apps/worker/apps/worker/src/main.js' } as const;
export type AppName = keyof typeof MAIN;

/**
 * The app must have been built as `npm run build` builds it: `npm test` builds
 * once before Jest starts, so no suite rebuilds what another is running.
 */
export function assertAppBuilt(app: AppName): void {
  if (!existsSync(join(ROOT, MAIN[app]))) throw new Error(`${MAIN[app]} is missing: run npm run build first (npm test does)`);
}

/** An app as its own process, configured like the test's in-process apps: same database, Redis, queue prefix and SMTP server. */
export class AppProcess {
  private child: ChildProcess | null = null;
  output = '';

  constructor(
    private readonly config: AppConfig,
    private readonly app: AppName = 'worker',
    private readonly env: Record<string, string> = {},
  ) {}

  start(): void {
    this.child = spawn(process.execPath, [join(ROOT, MAIN[this.app])], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: this.config.databaseUrl,
        REDIS_URL: this.config.redisUrl,
        QUEUE_PREFIX: this.config.queuePrefix,
        SMTP_URL: this.config.smtpUrl,
        WORKER_HEALTH_PORT: '0',
        LOG_LEVEL: 'warn',
        JWT_SECRET: this.config.jwt.secret,
        PUBLIC_URL: this.config.publicUrl,
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Sends `signal` and resolves with the exit code (null when killed by the signal). */
  async stop(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = once(child, 'exit') as Promise<[number | null]>;
    child.kill(signal);
    const [code] = await exited;
    return code;
  }
}

/** Starts the built API as its own process on a port of its own, and resolves once its /health answers (or after about 10 s). */
export async function startApiProcess(config: AppConfig, env: Record<string, string> = {}): Promise<{ api: AppProcess; port: number }> {
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const api = new AppProcess(config, 'api', { PORT: String(port), ...env });
  api.start();
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { api, port };
}
