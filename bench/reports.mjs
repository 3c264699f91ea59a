// Report benchmark. Seeds a throw-away database with one year of sessions for
// each academy, 10,000 in Belgrade and 200,000 in Siena, then runs the built API
// once per academy as a child process and times the sessions report and its
// CSV over that year, with the API's memory (current and peak) from /proc.
//
//   npm run bench:reports
//
// Needs PostgreSQL (BENCH_DATABASE_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379). BENCH_API_MAIN runs another build of the API;
// BENCH_NODE_ARGS passes options to its node (e.g. --cpu-prof).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { accessToken, benchApiEnvironment, waitForHealth } from './api-process.mjs';
import { ADMIN_URL, benchNodeArgs, dbUrl, describeMachine, memoryOf, migrate, ms, percentile } from './common.mjs';

const DB = `cac_bench_${randomBytes(3).toString('hex')}`;
const PORT = Number(process.env.BENCH_PORT ?? 3951);
const BASE = `http://127.0.0.1:${PORT}`;
const SECRET = randomBytes(32).toString('hex');
const MAIN = process.env.BENCH_API_MAIN ?? 'dist/apps/api/apps/api/src/main.js';
const COACHES = 40;
const NEWCOMERS = 2000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const YEAR = { from: '2025-01-01', to: '2025-12-31' };
const SIZES = [
  { academy: 'belgrade', sessions: 10_000 },
  { academy: 'siena', sessions: 200_000 },
];

const token = (sub) => accessToken(SECRET, { sub });

/**
 * One academy's year: 40 active coaches with weekday hours, 2,000 newcomers, and
 * `sessions` sessions spread evenly over 2025, every status and five topics.
 * Coach k's sessions follow one another; no coach or newcomer overlaps itself.
 */
async function seed(client, slug, sessions) {
  const {
    rows: [{ id: academy, time_zone: zone }],
  } = await client.query(`SELECT id, time_zone FROM academy WHERE slug = $1`, [slug]);
  await client.query(
    `INSERT INTO app_user (email, password_hash, role, academy_id, display_name, locale, time_zone, languages)
     SELECT $1 || '-coach' || g || '@bench.invalid', 'unused', 'coach', $2, 'Coach ' || g, 'en', $3, ARRAY['en', 'it'] FROM generate_series(1, $4) g`,
    [slug, academy, zone, COACHES],
  );
  await client.query(
    `INSERT INTO coach_profile (user_id, topics, session_lengths, status, availability_time_zone)
     SELECT id, ARRAY['employment', 'housing'], '{30,60}', 'active', time_zone FROM app_user WHERE email LIKE $1 || '-coach%'`,
    [slug],
  );
  await client.query(
    `INSERT INTO availability_rule (coach_id, weekday, start_time, end_time, time_zone)
     SELECT p.user_id, d, '09:00', '17:00', p.availability_time_zone
       FROM coach_profile p JOIN app_user u ON u.id = p.user_id, generate_series(1, 5) d WHERE u.email LIKE $1 || '-coach%'`,
    [slug],
  );
  await client.query(
    `INSERT INTO app_user (email, password_hash, role, academy_id, display_name, locale, time_zone, languages)
     SELECT $1 || '-newcomer' || g || '@bench.invalid', 'unused', 'newcomer', $2, 'Newcomer ' || g, 'it', $3, ARRAY['it'] FROM generate_series(1, $4) g`,
    [slug, academy, zone, NEWCOMERS],
  );
  const {
    rows: [{ id: coordinator }],
  } = await client.query(
    `INSERT INTO app_user (email, password_hash, role, academy_id, display_name, locale, time_zone, languages)
     VALUES ($1 || '-coordinator@bench.invalid', 'unused', 'coordinator', $2, 'Coordinator', 'en', $3, ARRAY['en']) RETURNING id`,
    [slug, academy, zone],
  );
  const perCoach = Math.ceil(sessions / COACHES);
  const stepMinutes = Math.floor((365 * 24 * 60) / perCoach);
  await client.query(
    `WITH c AS (SELECT p.user_id AS id, row_number() OVER (ORDER BY p.user_id) - 1 AS n FROM coach_profile p JOIN app_user u ON u.id = p.user_id
                 WHERE u.email LIKE $1 || '-coach%'),
          n AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM app_user WHERE email LIKE $1 || '-newcomer%'),
          s AS (SELECT g, (timestamptz '2025-01-01 00:00 UTC' + make_interval(mins => ((g / $4) * $5)::int)) AS start_at FROM generate_series(0, $3 - 1) g)
     INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at, blocked_start, blocked_end, status,
       meeting_url)
     SELECT c.id, n.id, $2, n.id, (ARRAY['employment', 'housing', 'education', 'language', 'public-services'])[1 + s.g % 5], 'it',
            s.start_at, s.start_at + interval '30 minutes', s.start_at, s.start_at + interval '30 minutes',
            (ARRAY['completed', 'completed', 'cancelled', 'newcomer_no_show', 'booked', 'coach_no_show'])[1 + s.g % 6], 'https://meet.jit.si/cac-bench'
       FROM s JOIN c ON c.n = s.g % $4 JOIN n ON n.n = s.g % $6`,
    [slug, academy, sessions, COACHES, stepMinutes, NEWCOMERS],
  );
  return { academy, coordinator };
}

/** Starts a fresh API, times RUNS JSON reports and RUNS CSV downloads after one warm-up each, and stops it. */
async function measure({ academy, coordinator }) {
  const api = spawn(process.execPath, [...benchNodeArgs(), MAIN], {
    env: benchApiEnvironment({ database: DB, jwtSecret: SECRET, port: PORT }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(api, BASE);
    const idle = memoryOf(api.pid);
    const headers = { Authorization: `Bearer ${token(coordinator)}` };
    const query = `from=${YEAR.from}&to=${YEAR.to}&academyId=${academy}`;
    const get = async (path) => {
      const started = performance.now();
      const response = await fetch(`${BASE}${path}?${query}`, { headers });
      const body = Buffer.from(await response.arrayBuffer());
      if (!response.ok) throw new Error(`${path} answered ${response.status}: ${body.toString('utf8').slice(0, 300)}`);
      return { elapsed: performance.now() - started, body };
    };
    const json = [];
    const csv = [];
    let report;
    let csvBytes = 0;
    let csvRows = 0;
    await get('/v1/reports/sessions');
    await get('/v1/reports/sessions.csv');
    for (let i = 0; i < RUNS; i++) {
      const r = await get('/v1/reports/sessions');
      json.push(r.elapsed);
      report = JSON.parse(r.body.toString('utf8'));
      const c = await get('/v1/reports/sessions.csv');
      csv.push(c.elapsed);
      csvBytes = c.body.length;
      csvRows = c.body
        .toString('utf8')
        .split('\r\n')
        .filter((line) => line.startsWith('session,')).length;
    }
    return { idle, after: memoryOf(api.pid), json, csv, csvBytes, csvRows, totals: report.totals.sessions };
  } finally {
    if (api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api.once('exit', r));
    }
  }
}

async function main() {
  if (!existsSync(MAIN)) execFileSync('npx', ['nest', 'build', 'api'], { stdio: 'inherit' });
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${DB}"`);
  try {
    migrate(dbUrl(DB));
    const client = new pg.Client({ connectionString: dbUrl(DB) });
    await client.connect();
    const seeding = performance.now();
    const seeded = [];
    for (const size of SIZES) seeded.push({ ...size, ...(await seed(client, size.academy, size.sessions)) });
    await client.query('ANALYZE');
    const version = (await client.query('SHOW server_version')).rows[0].server_version;
    await client.end();
    const seedSeconds = (performance.now() - seeding) / 1000;

    const results = [];
    for (const size of seeded) results.push({ ...size, ...(await measure(size)) });

    console.log('\nReport benchmark');
    console.log(`Machine       ${describeMachine(version)}`);
    console.log(`API           ${MAIN}`);
    console.log(
      `Set-up        one year (${YEAR.from} to ${YEAR.to}) per academy, ${COACHES} active coaches each; seeded in ${seedSeconds.toFixed(1)} s`,
    );
    for (const r of results) {
      console.log(
        `${String(r.sessions).padStart(7)} sessions (${r.academy}): report counted ${r.totals}; CSV ${r.csvRows} session rows, ` +
          `${(r.csvBytes / 2 ** 20).toFixed(1)} MB`,
      );
      console.log(`   JSON report p50 ${ms(percentile(r.json, 50))}, max ${ms(Math.max(...r.json))}`);
      console.log(`   CSV         p50 ${ms(percentile(r.csv, 50))}, max ${ms(Math.max(...r.csv))}`);
      console.log(
        `   API memory  RSS idle ${r.idle.rssMb.toFixed(0)} MB, after ${r.after.rssMb.toFixed(0)} MB, peak ${r.after.peakMb.toFixed(0)} MB (${RUNS + 1}` +
          ` reports and ${RUNS + 1} CSVs)`,
      );
    }
    const [small, large] = results;
    const ratio = (a, b) => (a / b).toFixed(2);
    console.log(
      `Ratios 200k/10k: JSON p50 ×${ratio(percentile(large.json, 50), percentile(small.json, 50))}, CSV p50 ×` +
        `${ratio(percentile(large.csv, 50), percentile(small.csv, 50))}, ` +
        `peak memory ×${ratio(large.after.peakMb, small.after.peakMb)} (peak above idle: ${(small.after.peakMb - small.idle.rssMb).toFixed(0)} MB vs ` +
        `${(large.after.peakMb - large.idle.rssMb).toFixed(0)} MB)`,
    );
    console.log(
      `Goals (200k): JSON under 1 s: ${percentile(large.json, 50) < 1000 ? 'met' : 'NOT met'}; CSV under 1 s: ` +
        `${percentile(large.csv, 50) < 1000 ? 'met' : 'NOT met'}; ` +
        `flat memory (peak within 1.25× of 10k): ${large.after.peakMb <= small.after.peakMb * 1.25 ? 'met' : 'NOT met'}`,
    );
  } finally {
    if (process.env.BENCH_KEEP_DATABASE) console.log(`Kept database ${DB}`);
    else await admin.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
