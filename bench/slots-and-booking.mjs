// Slot search and booking benchmark. Runs the built API as a child process
// against a throw-away PostgreSQL database seeded with 2,000 coaches and 2,000
// sessions, and prints latency, throughput and the API's memory.
//
//   npm run bench:booking
//
// Needs PostgreSQL (BENCH_DATABASE_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379).
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { ADMIN_URL, dbUrl, describeMachine, memoryOf, migrate, ms, percentile, REDIS_URL } from './common.mjs';

const DB = `cac_bench_${randomBytes(3).toString('hex')}`;
const PORT = Number(process.env.BENCH_PORT ?? 3950);
const BASE = `http://127.0.0.1:${PORT}`;
const SECRET = randomBytes(32).toString('hex');
const COACHES = 2000;
const SESSIONS = 2000;
const MATCHING_COACHES = 50;
const CLIENTS = 20;
const SEARCHES = 200;
const MATCHES = 100;
const MAIN = 'dist/apps/api/apps/api/src/main.js';

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An access token as sign-in issues it: the account, its token version (0 for new accounts) and the sign-in row. */
function token({ sub, sid }) {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, ver: 0, sid, iat: now, exp: now + 3600, iss: 'coaching-api', aud: 'coaching' })}`;
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
}
const isoDate = (d) => d.toISOString().slice(0, 10);
/** CPU seconds a process has used (user + system), from /proc. */
function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = values[3] + values[4];
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

async function seed(client) {
  const { rows: [{ id: academy }] } = await client.query(`SELECT id FROM academy WHERE slug = 'siena'`);
  const zones = ['Europe/Rome', 'Europe/Belgrade', 'America/Toronto', 'Asia/Karachi', 'Africa/Lagos', 'Australia/Sydney', 'Asia/Kathmandu'];
  await client.query(
    `INSERT INTO app_user (email, password_hash, role, academy_id, display_name, locale, time_zone, languages)
     SELECT 'coach' || g || '@bench.invalid', 'unused', 'coach', $1, 'Coach ' || g, 'en', ($2::text[])[1 + g % 7],
            CASE WHEN g <= $3 THEN ARRAY['ur', 'en'] ELSE ARRAY[(ARRAY['it', 'sr', 'uk', 'ar', 'fa', 'en'])[1 + g % 6]] END
     FROM generate_series(1, $4) g`,
    [academy, zones, MATCHING_COACHES, COACHES],
  );
  await client.query(
    `INSERT INTO coach_profile (user_id, topics, session_lengths, minimum_notice_minutes, horizon_days, buffer_after_minutes, status, availability_time_zone)
     SELECT u.id,
            CASE WHEN split_part(u.email, '@', 1) IN (SELECT 'coach' || g FROM generate_series(1, $1) g) THEN ARRAY['employment', 'housing']
                 ELSE ARRAY[(ARRAY['education', 'housing', 'language', 'public-services'])[1 + (substr(split_part(u.email, '@', 1), 6)::int % 4)]] END,
            '{30,60}', 60, 60, 10, 'active', u.time_zone
     FROM app_user u WHERE u.role = 'coach'`,
    [MATCHING_COACHES],
  );
  // Realistic weeks: three weekday mornings and two evenings, in each coach's own zone.
  await client.query(
    `INSERT INTO availability_rule (coach_id, weekday, start_time, end_time, time_zone)
     SELECT p.user_id, r.weekday, r.start_time::time, r.end_time::time, p.availability_time_zone
     FROM coach_profile p CROSS JOIN (VALUES (1, '09:00', '12:00'), (3, '09:00', '12:00'), (5, '09:00', '12:00'),
                                             (2, '18:00', '21:00'), (4, '18:00', '21:00')) AS r(weekday, start_time, end_time)`,
  );
  await client.query(
    `INSERT INTO app_user (email, password_hash, role, academy_id, display_name, locale, time_zone, languages, email_verified_at)
     SELECT 'newcomer' || g || '@bench.invalid', 'unused', 'newcomer', $1, 'Newcomer ' || g, 'ur', 'Europe/Rome', ARRAY['ur', 'it'], now()
     FROM generate_series(1, $2) g`,
    [academy, SESSIONS * 2],
  );
  // One existing session per coach within the next 14 days, each with its own newcomer.
  await client.query(
    `WITH c AS (SELECT user_id, row_number() OVER (ORDER BY user_id) AS n FROM coach_profile),
          n AS (SELECT id, row_number() OVER (ORDER BY email) AS n FROM app_user WHERE role = 'newcomer' AND email LIKE 'newcomer%'),
          s AS (SELECT c.user_id AS coach_id, n.id AS newcomer_id,
                       date_trunc('hour', now()) + make_interval(days => 1 + (c.n % 14)::int, hours => (c.n % 10)::int) AS start_at
                FROM c JOIN n ON n.n = c.n WHERE c.n <= $2)
     INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at,
                                   buffer_before_minutes, buffer_after_minutes, blocked_start, blocked_end, meeting_url)
     SELECT coach_id, newcomer_id, $1, newcomer_id, 'employment', 'en', start_at, start_at + interval '1 hour', 0, 10,
            start_at, start_at + interval '70 minutes', 'https://meet.jit.si/cac-bench-' || md5(coach_id::text)
     FROM s`,
    [academy, SESSIONS],
  );
  await client.query('ANALYZE');
  // Each bench newcomer is signed in once: the sign-in row its access token names.
  const { rows } = await client.query(
    `WITH n AS (SELECT id, email FROM app_user WHERE role = 'newcomer' ORDER BY email DESC LIMIT $1),
          s AS (INSERT INTO sign_in (user_id, token_version, expires_at) SELECT id, 0, now() + interval '1 day' FROM n RETURNING id, user_id)
     SELECT n.id AS sub, s.id AS sid FROM n JOIN s ON s.user_id = n.id ORDER BY n.email DESC`,
    [SESSIONS],
  );
  return rows;
}

async function waitForHealth(child) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${BASE}/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the API did not become healthy in 30 s');
}

async function main() {
  if (!existsSync(MAIN)) execFileSync('npx', ['nest', 'build', 'api'], { stdio: 'inherit' });
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${DB}"`);
  let api;
  try {
    migrate(dbUrl(DB));
    const client = new pg.Client({ connectionString: dbUrl(DB) });
    await client.connect();
    const seeding = performance.now();
    const newcomers = await seed(client);
    const version = (await client.query('SHOW server_version')).rows[0].server_version;
    await client.end();
    const seedSeconds = (performance.now() - seeding) / 1000;

    api = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: dbUrl(DB),
        REDIS_URL,
        QUEUE_PREFIX: `{cac-bench-${DB}}`,
        JWT_SECRET: SECRET,
        PORT: String(PORT),
        // The bench's clients search from one address and one account far more often than people do.
        SEARCH_MAX_PER_MINUTE: '100000',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForHealth(api);
    const idle = memoryOf(api.pid);

    // 1. Slot search over 14 days, filtered to the coaches who speak Urdu and coach on employment.
    const searcher = token(newcomers[0]);
    const from = new Date(Date.now() + 86_400_000);
    const query = `from=${isoDate(from)}&to=${isoDate(new Date(from.getTime() + 13 * 86_400_000))}&timeZone=Europe/Rome&durationMinutes=60&language=ur&topic=employment`;
    const search = async () => {
      const started = performance.now();
      const response = await fetch(`${BASE}/v1/slots?${query}`, { headers: { Authorization: `Bearer ${searcher}` } });
      const body = await response.json();
      if (!response.ok) throw new Error(`search answered ${response.status}: ${JSON.stringify(body)}`);
      return { elapsed: performance.now() - started, body };
    };
    for (let i = 0; i < 20; i++) await search();
    const searchTimes = [];
    let lastBody;
    for (let i = 0; i < SEARCHES; i++) {
      const { elapsed, body } = await search();
      searchTimes.push(elapsed);
      lastBody = body;
    }
    const coachesInResult = new Set(lastBody.slots.map((s) => s.coachId)).size;
    const afterSearch = memoryOf(api.pid);

    // 2. Match requests: weekday mornings in Rome, 14 days. Two language sets: Urdu or Italian
    //    (about 380 coaches qualify), and every language (all 2,000 coaches are scored).
    const matchTimes = {};
    const matchSizes = {};
    for (const [label, languages] of [['ur+it', ['ur', 'it']], ['all', ['ur', 'it', 'sr', 'uk', 'ar', 'fa', 'en']]]) {
      const body = JSON.stringify({
        languages,
        topics: ['employment', 'housing'],
        timeZone: 'Europe/Rome',
        preferredWindows: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' })),
        limit: 5,
      });
      const run = async () => {
        const started = performance.now();
        const response = await fetch(`${BASE}/v1/matches`, { method: 'POST', headers: { Authorization: `Bearer ${searcher}`, 'Content-Type': 'application/json' }, body });
        const answer = await response.json();
        if (response.status !== 200) throw new Error(`match answered ${response.status}: ${JSON.stringify(answer)}`);
        return { elapsed: performance.now() - started, answer };
      };
      for (let i = 0; i < 10; i++) await run();
      matchTimes[label] = [];
      for (let i = 0; i < MATCHES; i++) {
        const { elapsed, answer } = await run();
        matchTimes[label].push(elapsed);
        matchSizes[label] = answer.candidates.length;
      }
    }
    const afterMatch = memoryOf(api.pid);

    // 3. Bookings by 20 concurrent clients on distinct slots: per coach, starts at least 70 minutes apart (60 + 10-minute buffer).
    const lastEnd = new Map();
    const targets = [];
    for (const slot of lastBody.slots) {
      const start = Date.parse(slot.start);
      if (start < (lastEnd.get(slot.coachId) ?? 0)) continue;
      lastEnd.set(slot.coachId, start + 70 * 60_000);
      targets.push(slot);
    }
    const bookings = targets.slice(0, newcomers.length - 1).map((slot, i) => ({ slot, token: token(newcomers[i + 1]) }));
    const statuses = {};
    const bookingTimes = [];
    const failures = [];
    let next = 0;
    const apiCpuBefore = cpuSecondsOf(api.pid);
    const machineBefore = machineTicks();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < bookings.length) {
          const { slot, token: bearer } = bookings[next++];
          const t0 = performance.now();
          const response = await fetch(`${BASE}/v1/sessions`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ coachId: slot.coachId, start: slot.start, durationMinutes: 60, topic: 'employment', language: 'ur' }),
          });
          bookingTimes.push(performance.now() - t0);
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          const body = await response.json();
          if (response.status !== 201 && failures.length < 5) failures.push(body);
        }
      }),
    );
    const bookingSeconds = (performance.now() - started) / 1000;
    const apiCpu = (cpuSecondsOf(api.pid) - apiCpuBefore) / bookingSeconds;
    const machineAfter = machineTicks();
    const machineBusy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    const afterBooking = memoryOf(api.pid);
    const created = statuses[201] ?? 0;

    const rows = [
      ['Machine', describeMachine(version)],
      ['Set-up', `${COACHES} coaches (5 weekly rules each, 7 zones), ${SESSIONS} sessions in the next 14 days, seeded in ${seedSeconds.toFixed(1)} s`],
      ['Slot search', `14 days, ${coachesInResult} coaches matched (language ur, topic employment), ${lastBody.slots.length} slots per answer`],
      ['  latency', `p50 ${ms(percentile(searchTimes, 50))}, p95 ${ms(percentile(searchTimes, 95))}, p99 ${ms(percentile(searchTimes, 99))}, max ${ms(Math.max(...searchTimes))} (${SEARCHES} sequential requests)`],
      ...Object.entries(matchTimes).map(([label, times]) => [
        `Match (${label})`,
        `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, p99 ${ms(percentile(times, 99))} (${MATCHES} sequential requests, ${matchSizes[label]} candidates returned)`,
      ]),
      ['Booking', `${bookings.length} bookings on distinct slots by ${CLIENTS} concurrent clients in ${bookingSeconds.toFixed(2)} s`],
      ['  throughput', `${(created / bookingSeconds).toFixed(0)} created/s; statuses ${JSON.stringify(statuses)}`],
      ['  latency', `p50 ${ms(percentile(bookingTimes, 50))}, p95 ${ms(percentile(bookingTimes, 95))}`],
      ['  CPU', `API process ${(apiCpu * 100).toFixed(0)}% of one core; whole machine ${(machineBusy * 100).toFixed(0)}% busy (API, PostgreSQL and this client)`],
      ['API memory', `RSS idle ${idle.rssMb.toFixed(0)} MB, after search ${afterSearch.rssMb.toFixed(0)} MB, after matching ${afterMatch.rssMb.toFixed(0)} MB, after booking ${afterBooking.rssMb.toFixed(0)} MB; peak ${afterBooking.peakMb.toFixed(0)} MB`],
      ['Goals', [
        `search p95 ≤ 50 ms: ${percentile(searchTimes, 95) <= 50 ? 'met' : 'NOT met'}`,
        `match p95 ≤ 100 ms: ${Object.values(matchTimes).every((t) => percentile(t, 95) <= 100) ? 'met' : 'NOT met'}`,
        `≥ 250 bookings/s: ${created / bookingSeconds >= 250 ? 'met' : 'NOT met'}`,
        `RSS < 300 MB: ${afterBooking.peakMb < 300 ? 'met' : 'NOT met'}`,
      ].join('; ')],
    ];
    console.log('\nSlot search and booking benchmark');
    for (const [label, value] of rows) console.log(`${label.padEnd(13)} ${value}`);
    if (failures.length > 0) console.log('First refusals:', JSON.stringify(failures, null, 1));
  } finally {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api.once('exit', r));
    }
    await admin.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
