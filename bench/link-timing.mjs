// Link-request timing benchmark. Does asking for a password reset or a sign-in
// link answer in the same time for an address with an account and for one
// without? Runs the built API as a child process on a throw-away database,
// asks RUNS times for each kind of link, alternating an existing address with
// a new unknown one, and prints medians and spreads side by side.
//
//   npm run bench:link-timing
//
// Needs PostgreSQL (BENCH_DATABASE_ADMIN_URL) and Redis (BENCH_REDIS_URL) as the
// other benches do. BENCH_RUNS sets the requests per kind and address (default 40);
// BENCH_API_MAIN runs another build of the API (for example one without the floor).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { benchApiEnvironment, waitForHealth } from './api-process.mjs';
import { ADMIN_URL, benchNodeArgs, dbUrl, describeMachine, migrate, ms, percentile } from './common.mjs';

const DB = `cac_bench_${randomBytes(3).toString('hex')}`;
const PORT = Number(process.env.BENCH_PORT ?? 3953);
const BASE = `http://127.0.0.1:${PORT}`;
const MAIN = process.env.BENCH_API_MAIN ?? 'dist/apps/api/apps/api/src/main.js';
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const EXISTING = 'existing-account@bench.invalid';
const KINDS = [
  { name: 'password reset', path: '/v1/auth/password-reset' },
  { name: 'sign-in link', path: '/v1/auth/sign-in-link' },
];

async function ask(path, email) {
  const started = performance.now();
  const response = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.status !== 202) throw new Error(`${path} answered ${response.status}`);
  return elapsed;
}

async function main() {
  if (!existsSync(MAIN)) execFileSync('npx', ['nest', 'build', 'api'], { stdio: 'inherit' });
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${DB}"`);
  const api = { child: null };
  try {
    migrate(dbUrl(DB));
    const client = new pg.Client({ connectionString: dbUrl(DB) });
    await client.connect();
    await client.query(
      `INSERT INTO app_user (email, password_hash, role, academy_id, display_name, locale, time_zone, languages, email_verified_at)
       SELECT $1, 'unused', 'newcomer', id, 'Bench', 'it', time_zone, ARRAY['it'], now() FROM academy WHERE slug = 'siena'`,
      [EXISTING],
    );
    const version = (await client.query('SHOW server_version')).rows[0].server_version;
    await client.end();

    api.child = spawn(process.execPath, [...benchNodeArgs(), MAIN], {
      // No limit on link requests here: the bench asks many times for one address, which the limits exist to stop.
      env: benchApiEnvironment({
        database: DB,
        jwtSecret: randomBytes(32).toString('hex'),
        port: PORT,
        REGISTER_MAX_PER_ADDRESS: '100000',
        REGISTER_MAX_PER_EMAIL: '1000',
      }),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // A shared machine may be slow to start it; the figures are taken once it answers.
    await waitForHealth(api.child, BASE, 180);
    const loadBefore = loadavg();

    const results = [];
    for (const kind of KINDS) {
      // Warm-up: the first requests pay for connections and compiled code.
      for (let i = 0; i < 3; i++) {
        await ask(kind.path, EXISTING);
        await ask(kind.path, `unknown-${randomBytes(6).toString('hex')}@bench.invalid`);
      }
      const existing = [];
      const unknown = [];
      for (let i = 0; i < RUNS; i++) {
        // Alternating, so a change of load on the machine falls on both alike.
        existing.push(await ask(kind.path, EXISTING));
        unknown.push(await ask(kind.path, `unknown-${randomBytes(6).toString('hex')}@bench.invalid`));
      }
      results.push({ kind, existing, unknown });
    }
    const loadAfter = loadavg();

    console.log('\nLink-request timing benchmark');
    console.log(`Machine   ${describeMachine(version)}`);
    console.log(
      `Load      ${loadBefore.map((l) => l.toFixed(2)).join(' ')} at the start, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} at the end`,
    );
    console.log(`API       ${MAIN}, ${RUNS} requests per kind and address, alternating, after 3 of each as warm-up`);
    for (const { kind, existing, unknown } of results) {
      const line = (label, values) =>
        `   ${label.padEnd(17)} min ${ms(Math.min(...values))}, p50 ${ms(percentile(values, 50))}, p90 ${ms(percentile(values, 90))}, max ${ms(Math.max(...values))}`;
      console.log(`${kind.name} (${kind.path})`);
      console.log(line('existing address', existing));
      console.log(line('unknown address', unknown));
      console.log(`   median difference (existing − unknown): ${ms(percentile(existing, 50) - percentile(unknown, 50))}`);
    }
  } finally {
    if (api.child && api.child.exitCode === null) {
      api.child.kill('SIGTERM');
      await new Promise((r) => api.child.once('exit', r));
    }
    await admin.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
