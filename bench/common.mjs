// Helpers the benchmarks share: throw-away databases, percentiles, /proc readings, the machine's description.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const dbUrl = (name) => Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

export const ms = (v) => `${v.toFixed(1)} ms`;

/** Current and peak resident memory of a process, in MB. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)[1]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Applies the built migrations to a database. */
export function migrate(url) {
  execFileSync('npx', ['typeorm', 'migration:run', '-d', 'dist/apps/api/libs/persistence/src/data-source.js'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'ignore',
  });
}

/** Extra Node flags for the API processes a bench starts, from BENCH_NODE_ARGS (space-separated). */
export const benchNodeArgs = () => (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

export function describeMachine(postgresVersion) {
  const cpu = cpus()[0]?.model ?? 'unknown';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, PostgreSQL ${postgresVersion}`;
}
