// Slot search, matching and booking benchmark. Runs the built API as a child
// process against a throw-away PostgreSQL database seeded with SQL, prints
// latency, throughput and the API's memory, each beside its limit or its peer
// of the same run (absolute times on a shared machine vary by 30% or more from
// run to run; ratios within one run do not), and runs the database's own floor
// for a booking with pgbench when pgbench is on the machine.
//
//   npm run bench:booking
//   BENCH_COACHES=20000 BENCH_PAST_SESSIONS=1000000 BENCH_EXPLAIN=1 npm run bench:booking
//
// Needs PostgreSQL (BENCH_DATABASE_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379).
//
// BENCH_COACHES        coaches of the searched academy (Siena), default 2000
// BENCH_OTHER_COACHES  coaches of the other academy (Belgrade), default 0
// BENCH_PAST_SESSIONS  completed sessions more than 30 days back, spread over every coach, default 0
// BENCH_EXPLAIN        1: print EXPLAIN (ANALYZE, BUFFERS) of the hot queries, as the API sent them
// BENCH_PHASES         which of search,match,booking,floor to run (search always runs: booking books its slots)
// BENCH_API_PROCESSES  API processes on the same database, default 1; bookings are spread over them, on ports PORT, PORT+1, ...
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { bookingFloor, hasPgbench } from './booking-floor.mjs';
import { accessToken, benchApiEnvironment, waitForHealth } from './api-process.mjs';
import { ADMIN_URL, benchNodeArgs, dbUrl, describeMachine, memoryOf, migrate, ms, percentile } from './common.mjs';

const DB = `cac_bench_${randomBytes(3).toString('hex')}`;
const PORT = Number(process.env.BENCH_PORT ?? 3950);
const BASE = `http://127.0.0.1:${PORT}`;
const SECRET = randomBytes(32).toString('hex');
const COACHES = Number(process.env.BENCH_COACHES ?? 2000);
const OTHER_COACHES = Number(process.env.BENCH_OTHER_COACHES ?? 0);
const PAST_SESSIONS = Number(process.env.BENCH_PAST_SESSIONS ?? 0);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const API_PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 1);
const PHASES = new Set((process.env.BENCH_PHASES ?? 'search,match,booking,floor').split(','));
const SESSIONS = Math.min(2000, COACHES + OTHER_COACHES);
const NEWCOMERS = 4000;
const MATCHING_COACHES = 50;
const CLIENTS = 20;
const SEARCHES = 200;
const MATCHES = 100;
const FLOOR_SECONDS = 15;
const MAIN = 'dist/apps/api/apps/api/src/main.js';
/** The API's Node flags in the Dockerfile and docker-compose.yml; BENCH_NODE_ARGS come after them. */
const API_NODE_FLAGS = ['--max-old-space-size=192'];
const CAPTURE = fileURLToPath(new URL('./capture-sql.cjs', import.meta.url));
const CAPTURED = join(tmpdir(), `${DB}-statements.jsonl`);

/** An access token as sign-in issues it: the account, its token version (0 for new accounts) and the sign-in row. */
const token = ({ sub, sid }) => accessToken(SECRET, { sub, ver: 0, sid });
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
  const {
    rows: [{ id: academy }],
  } = await client.query(`SELECT id FROM academy WHERE slug = 'siena'`);
  const {
    rows: [{ id: other }],
  } = await client.query(`SELECT id FROM academy WHERE slug = 'belgrade'`);
  const zones = ['Europe/Rome', 'Europe/Belgrade', 'America/Toronto', 'Asia/Karachi', 'Africa/Lagos', 'Australia/Sydney', 'Asia/Kathmandu'];
  // Coaches 1..COACHES in Siena, the rest in Belgrade; the first 50 speak Urdu and coach on employment.
  await client.query(
    `INSERT INTO app_user (email, password_hash, role, academy_id, display_name, locale, time_zone, languages)
     SELECT 'coach' || g || '@bench.invalid', 'unused', 'coach', CASE WHEN g <= $5 THEN $1::uuid ELSE $6::uuid END,
            'Coach ' || g, 'en', ($2::text[])[1 + g % 7],
            CASE WHEN g <= $3 THEN ARRAY['ur', 'en'] ELSE ARRAY[(ARRAY['it', 'sr', 'uk', 'ar', 'fa', 'en'])[1 + g % 6]] END
     FROM generate_series(1, $4) g`,
    [academy, zones, MATCHING_COACHES, COACHES + OTHER_COACHES, COACHES, other],
  );
  await client.query(
    `INSERT INTO coach_profile (user_id, topics, session_lengths, minimum_notice_minutes, horizon_days, buffer_after_minutes, status, availability_time_zone)
     SELECT u.id,
            CASE WHEN substr(split_part(u.email, '@', 1), 6)::int <= $1 THEN ARRAY['employment', 'housing']
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
    [academy, NEWCOMERS],
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
  if (PAST_SESSIONS > 0) {
    // The past: completed sessions from 31 days back and earlier, two hours apart per coach, round-robin over
    // every coach; each coach's past sessions are with a newcomer of its own academy.
    await client.query(
      `INSERT INTO app_user (email, password_hash, role, academy_id, display_name, locale, time_zone, languages)
       SELECT 'past-' || u.id || '@bench.invalid', 'unused', 'newcomer', u.academy_id, 'Past newcomer', 'ur', 'Europe/Rome', ARRAY['ur']
       FROM app_user u WHERE u.role = 'coach'`,
    );
    await client.query(
      `WITH c AS (SELECT u.id AS coach_id, u.academy_id, p.id AS newcomer_id, row_number() OVER (ORDER BY u.id) - 1 AS n
                    FROM app_user u JOIN app_user p ON p.email = 'past-' || u.id || '@bench.invalid' WHERE u.role = 'coach'),
            s AS (SELECT c.*, date_trunc('hour', now()) - interval '31 days' - (i / $2) * interval '2 hours' AS start_at
                    FROM generate_series(0, $1 - 1) i JOIN c ON c.n = i % $2)
       INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at,
                                     buffer_before_minutes, buffer_after_minutes, blocked_start, blocked_end, meeting_url, status, attendance_recorded_at)
       SELECT coach_id, newcomer_id, academy_id, newcomer_id, 'employment', 'en', start_at, start_at + interval '1 hour', 0, 10,
              start_at, start_at + interval '70 minutes', 'https://meet.jit.si/cac-past', 'completed', start_at + interval '2 hours'
       FROM s`,
      [PAST_SESSIONS, COACHES + OTHER_COACHES],
    );
  }
  await client.query('VACUUM ANALYZE');
  // Each bench newcomer is signed in once: the sign-in row its access token names.
  const { rows } = await client.query(
    `WITH n AS (SELECT id, email FROM app_user WHERE role = 'newcomer' AND email LIKE 'newcomer%' ORDER BY email DESC LIMIT $1),
          s AS (INSERT INTO sign_in (user_id, token_version, expires_at) SELECT id, 0, now() + interval '1 day' FROM n RETURNING id, user_id)
     SELECT n.id AS sub, s.id AS sid FROM n JOIN s ON s.user_id = n.id ORDER BY n.email DESC`,
    [SESSIONS],
  );
  return rows;
}

/** The largest resident memory seen while `phase` runs, sampled every 50 ms (VmHWM gives only the overall peak). */
function memoryWatch(pid) {
  const peaks = {};
  let phase = 'start-up';
  const timer = setInterval(() => {
    try {
      peaks[phase] = Math.max(peaks[phase] ?? 0, memoryOf(pid).rssMb);
    } catch {
      // The process has just exited and its /proc entry is gone: the peaks seen so far stand.
    }
  }, 50);
  return { set: (name) => (phase = name), peaks, stop: () => clearInterval(timer) };
}

const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

/** EXPLAIN (ANALYZE, BUFFERS) of the hot reads, each as the API sent it, with the largest parameters it was sent with. */
async function explainHotQueries(client) {
  if (!existsSync(CAPTURED)) return [];
  const statements = readFileSync(CAPTURED, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const hot = [
    ['Match candidates (POST /v1/matches)', (t) => t.includes('ORDER BY p.topics &&')],
    ['Schedules of many coaches (search and matching)', (t) => t.includes('= ANY($1::uuid[]) AND u.role')],
    ['Coach ids of a slot search page', (t) => t.includes('"p"."user_id" AS "id"')],
    ['The booking coach lock-and-read', (t) => t.includes('FOR UPDATE OF p')],
    ['The auth guard account read', (t) => t.includes('FROM "app_user" "UserEntity"')],
  ];
  const plans = [];
  for (const [label, test] of hot) {
    const found = statements.filter((s) => test(s.text));
    if (found.length === 0) continue;
    // The largest instance: the all-languages match, the 200 schedules it loads.
    const statement = found[found.length - 1];
    await client.query('BEGIN');
    try {
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
      plans.push({ label, plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
    } finally {
      await client.query('ROLLBACK');
    }
  }
  return plans;
}

async function main() {
  if (!existsSync(MAIN)) execFileSync('npx', ['nest', 'build', 'api'], { stdio: 'inherit' });
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${DB}"`);
  const loadAtStart = loads();
  const apis = [];
  let watch;
  let client;
  try {
    migrate(dbUrl(DB));
    client = new pg.Client({ connectionString: dbUrl(DB) });
    // Dropping the database at the end ends this connection too, when an error left it open.
    client.on('error', () => {});
    await client.connect();
    const seeding = performance.now();
    const newcomers = await seed(client);
    const version = (await client.query('SHOW server_version')).rows[0].server_version;
    const seedSeconds = (performance.now() - seeding) / 1000;

    const nodeArgs = [...API_NODE_FLAGS, ...benchNodeArgs(), ...(EXPLAIN ? ['-r', CAPTURE] : [])];
    for (let i = 0; i < API_PROCESSES; i++) {
      const child = spawn(process.execPath, [...nodeArgs, MAIN], {
        env: benchApiEnvironment({
          database: DB,
          jwtSecret: SECRET,
          port: PORT + i,
          // The bench's clients search from one address and one account far more often than people do.
          SEARCH_MAX_PER_MINUTE: '100000',
          BENCH_CAPTURE_FILE: CAPTURED,
        }),
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      apis.push(child);
      await waitForHealth(child, `http://127.0.0.1:${PORT + i}`);
    }
    const api = apis[0];
    const idle = memoryOf(api.pid);
    watch = memoryWatch(api.pid);

    // 1. Slot search over 14 days, filtered to the coaches who speak Urdu and coach on employment.
    watch.set('search');
    const searcher = token(newcomers[0]);
    const from = new Date(Date.now() + 86_400_000);
    const to = new Date(from.getTime() + 13 * 86_400_000);
    const query = `from=${isoDate(from)}&to=${isoDate(to)}&timeZone=Europe/Rome&durationMinutes=60&language=ur&topic=employment`;
    const search = async () => {
      const started = performance.now();
      const response = await fetch(`${BASE}/v1/slots?${query}`, { headers: { Authorization: `Bearer ${searcher}` } });
      const body = await response.json();
      if (!response.ok) throw new Error(`search answered ${response.status}: ${JSON.stringify(body)}`);
      return { elapsed: performance.now() - started, body };
    };
    const searches = PHASES.has('search') ? SEARCHES : 1;
    for (let i = 0; i < Math.min(20, searches); i++) await search();
    const searchTimes = [];
    let lastBody;
    for (let i = 0; i < searches; i++) {
      const { elapsed, body } = await search();
      searchTimes.push(elapsed);
      lastBody = body;
    }
    const coachesInResult = new Set(lastBody.slots.map((s) => s.coachId)).size;
    const afterSearch = memoryOf(api.pid);

    // 2. Match requests: weekday mornings in Rome, 14 days. Two language sets: Urdu or Italian
    //    (about a fifth of the coaches qualify), and every language (all of them do; at most 200 are scored).
    watch.set('match');
    const matchTimes = {};
    const matchSizes = {};
    for (const [label, languages] of PHASES.has('match')
      ? [
          ['ur+it', ['ur', 'it']],
          ['all', ['ur', 'it', 'sr', 'uk', 'ar', 'fa', 'en']],
        ]
      : []) {
      const body = JSON.stringify({
        languages,
        topics: ['employment', 'housing'],
        timeZone: 'Europe/Rome',
        preferredWindows: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' })),
        limit: 5,
      });
      const run = async () => {
        const started = performance.now();
        const response = await fetch(`${BASE}/v1/matches`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${searcher}`, 'Content-Type': 'application/json' },
          body,
        });
        const answer = await response.json();
        if (response.status !== 200) throw new Error(`match answered ${response.status}: ${JSON.stringify(answer)}`);
        return { elapsed: performance.now() - started, answer };
      };
      for (let i = 0; i < 10; i++) await run();
      matchTimes[label] = [];
      for (let i = 0; i < MATCHES; i++) {
        const { elapsed, answer } = await run();
        matchTimes[label].push(elapsed);
        matchSizes[label] =
          `${answer.candidates.length} candidates returned, ${answer.considered.coaches} scored${answer.considered.truncated ? ' (capped)' : ''}`;
      }
    }
    const afterMatch = memoryOf(api.pid);

    // 3. Bookings by 20 concurrent clients on distinct slots: per coach, starts at least 70 minutes apart (60 + 10-minute buffer).
    watch.set('booking');
    const lastEnd = new Map();
    const targets = [];
    for (const slot of lastBody.slots) {
      const start = Date.parse(slot.start);
      if (start < (lastEnd.get(slot.coachId) ?? 0)) continue;
      lastEnd.set(slot.coachId, start + 70 * 60_000);
      targets.push(slot);
    }
    // The last CLIENTS newcomers are the floor's.
    const bookings = PHASES.has('booking')
      ? targets.slice(0, newcomers.length - 1 - CLIENTS).map((slot, i) => ({ slot, token: token(newcomers[i + 1]) }))
      : [];
    const statuses = {};
    const bookingTimes = [];
    const failures = [];
    let next = 0;
    const apiCpu = () => apis.reduce((sum, child) => sum + cpuSecondsOf(child.pid), 0);
    const apiCpuBefore = apiCpu();
    const machineBefore = machineTicks();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const base = `http://127.0.0.1:${PORT + (c % API_PROCESSES)}`;
        while (next < bookings.length) {
          const { slot, token: bearer } = bookings[next++];
          const t0 = performance.now();
          const response = await fetch(`${base}/v1/sessions`, {
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
    const apiCpuSeconds = apiCpu() - apiCpuBefore;
    const machineAfter = machineTicks();
    const machineBusy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    const afterBooking = memoryOf(api.pid);
    watch.stop();
    const created = statuses[201] ?? 0;
    const bookingRate = created / bookingSeconds;

    // 4. The database's own limit for the booking's statements, on the same data, with the API idle.
    let floor = null;
    const floorNote = !PHASES.has('floor')
      ? 'not run (BENCH_PHASES)'
      : !hasPgbench()
        ? 'not run: pgbench is not on this machine (Debian: apt-get install postgresql-client)'
        : null;
    if (!floorNote) {
      const { rows: coaches } = await client.query(
        `SELECT u.id FROM app_user u JOIN academy a ON a.id = u.academy_id
          WHERE a.slug = 'siena' AND u.role = 'coach' AND NOT 'ur' = ANY(u.languages) ORDER BY u.id LIMIT $1`,
        [CLIENTS],
      );
      const base = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 40 * 86_400_000);
      floor = await bookingFloor(client, dbUrl(DB), {
        coachIds: coaches.map((r) => r.id),
        newcomerIds: newcomers.slice(-CLIENTS).map((n) => n.sub),
        clients: CLIENTS,
        seconds: FLOOR_SECONDS,
        base,
      });
    }
    const plans = EXPLAIN ? await explainHotQueries(client) : [];
    await client.end();

    const p95 = (times) => percentile(times, 95);
    const searchP95 = p95(searchTimes);
    const rows = [
      ['Machine', `${describeMachine(version)}; load averages ${loadAtStart} at the start, ${loads()} at the end`],
      [
        'Set-up',
        `${COACHES} coaches in Siena and ${OTHER_COACHES} in Belgrade (5 weekly rules each, 7 zones), ${SESSIONS} sessions in the next 14 days, ` +
          `${PAST_SESSIONS} past sessions, seeded in ${seedSeconds.toFixed(1)} s`,
      ],
    ];
    if (PHASES.has('search')) {
      rows.push(
        [
          'Slot search',
          `14 days, ${coachesInResult} coaches matched (language ur, topic employment), ${lastBody.slots.length} slots per answer`,
        ],
        [
          '  latency',
          `p50 ${ms(percentile(searchTimes, 50))}, p95 ${ms(searchP95)}, p99 ${ms(percentile(searchTimes, 99))}, max ${ms(Math.max(...searchTimes))} (` +
            `${SEARCHES} sequential requests)`,
        ],
      );
    }
    for (const [label, times] of Object.entries(matchTimes)) {
      rows.push([
        `Match (${label})`,
        `p50 ${ms(percentile(times, 50))}, p95 ${ms(p95(times))} = ${(p95(times) / searchP95).toFixed(2)}× the search's p95, p99 ` +
          `${ms(percentile(times, 99))} (${MATCHES} sequential requests, ${matchSizes[label]})`,
      ]);
    }
    if (bookings.length > 0) {
      rows.push(
        [
          'Booking',
          `${bookings.length} bookings on distinct slots by ${CLIENTS} concurrent clients in ${bookingSeconds.toFixed(2)} s, ` +
            `${API_PROCESSES === 1 ? 'one API process' : `spread over ${API_PROCESSES} API processes`}`,
        ],
        [
          '  throughput',
          `${bookingRate.toFixed(0)} created/s${floor ? ` = ${((100 * bookingRate) / floor.tps).toFixed(0)}% of the floor` : ''}; statuses ` +
            `${JSON.stringify(statuses)}`,
        ],
        ['  latency', `p50 ${ms(percentile(bookingTimes, 50))}, p95 ${ms(p95(bookingTimes))}`],
        [
          '  CPU',
          `API process${API_PROCESSES === 1 ? '' : 'es together'} ${((apiCpuSeconds / bookingSeconds) * 100).toFixed(0)}% of one core, ` +
            `${((apiCpuSeconds * 1000) / Math.max(1, created)).toFixed(2)} ms per booking; ` +
            `whole machine ${(machineBusy * 100).toFixed(0)}% busy (API, PostgreSQL and this client)`,
        ],
      );
    }
    rows.push([
      'Floor',
      floor
        ? `pgbench, the booking's 9 statements as one transaction, ${CLIENTS} clients on distinct slots, ${FLOOR_SECONDS} s: ` +
          `${floor.tps.toFixed(0)} transactions/s, latency average ${floor.latencyMs.toFixed(1)} ms, ${floor.failed} failed`
        : floorNote,
    ]);
    rows.push([
      'API memory',
      `${API_PROCESSES === 1 ? '' : 'the first process (search, matching and its share of bookings): '}RSS idle ${idle.rssMb.toFixed(0)} MB, after search ` +
        `${afterSearch.rssMb.toFixed(0)} MB, after matching ${afterMatch.rssMb.toFixed(0)} MB, after booking ${afterBooking.rssMb.toFixed(0)} MB; ` +
        `highest while ${Object.entries(watch.peaks)
          .map(([phase, mb]) => `${phase} ${mb.toFixed(0)} MB`)
          .join(', ')}; peak (VmHWM) ${afterBooking.peakMb.toFixed(0)} MB`,
    ]);
    const goals = [];
    if (PHASES.has('match') && PHASES.has('search')) {
      const worst = Math.max(...Object.values(matchTimes).map(p95));
      goals.push(
        `match p95 ≤ 2× search p95 and ≤ 100 ms: ${worst <= 2 * searchP95 && worst <= 100 ? 'met' : 'NOT met'} (${(worst / searchP95).toFixed(2)}×, ` +
          `${ms(worst)})`,
      );
    }
    if (bookings.length > 0)
      goals.push(
        `booking ≥ 70% of the floor: ` +
          `${floor ? `${bookingRate >= 0.7 * floor.tps ? 'met' : 'NOT met'} (${((100 * bookingRate) / floor.tps).toFixed(0)}%)` : 'no floor measured'}`,
      );
    goals.push(`API peak RSS < 300 MB: ${afterBooking.peakMb < 300 ? 'met' : 'NOT met'} (${afterBooking.peakMb.toFixed(0)} MB)`);
    rows.push(['Goals', goals.join('; ')]);
    console.log('\nSlot search, matching and booking benchmark');
    for (const [label, value] of rows) console.log(`${label.padEnd(13)} ${value}`);
    if (failures.length > 0) console.log('First refusals:', JSON.stringify(failures, null, 1));
    for (const { label, plan } of plans) console.log(`\nEXPLAIN (ANALYZE, BUFFERS): ${label}\n${plan}`);
  } catch (error) {
    await client?.end().catch(() => {});
    throw error;
  } finally {
    watch?.stop();
    for (const child of apis) {
      if (child.exitCode !== null) continue;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(CAPTURED, { force: true });
    await admin.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
