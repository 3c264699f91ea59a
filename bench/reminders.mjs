// Reminder delivery benchmark. Seeds 5,000 reminders due in the same second,
// then 30 lone reminders a few seconds apart, runs the built worker as a child
// process against them, and receives the mail with an in-process SMTP server.
// Prints throughput and lateness (arrival at the SMTP server minus due time).
//
//   npm run bench:reminders
//
// Needs PostgreSQL (BENCH_DATABASE_ADMIN_URL) and Redis (BENCH_REDIS_URL), as the tests do.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { ADMIN_URL, benchNodeArgs, dbUrl, describeMachine, memoryOf, migrate, ms, percentile, REDIS_URL } from './common.mjs';

const DB = `cac_bench_${randomBytes(3).toString('hex')}`;
const PREFIX = `{cac-bench-${DB}}`;
const BURST = 5000;
const LONE = 30;
const BURST_DELAY_S = 40; // the burst falls due this long after seeding: time to start the worker and relay
const LONE_GAP_MS = 2000;
const WORKER = 'dist/apps/worker/apps/worker/src/main.js';

async function seed(client, burstDue, loneStart) {
  const {
    rows: [{ id: academy }],
  } = await client.query(`SELECT id FROM academy WHERE slug = 'siena'`);
  const pairs = BURST / 2 + LONE;
  for (const role of ['coach', 'newcomer']) {
    await client.query(
      `INSERT INTO app_user (email, password_hash, role, academy_id, display_name, locale, time_zone, languages)
       SELECT $1 || g || '@bench.invalid', 'unused', $1, $2, initcap($1) || ' ' || g, (ARRAY['en','it','sr','uk','ar','ur','fa'])[1 + g % 7],
              (ARRAY['Europe/Rome','Asia/Karachi','America/Toronto','Asia/Kolkata','Africa/Lagos'])[1 + g % 5], ARRAY['en']
       FROM generate_series(1, $3) g`,
      [role, academy, pairs],
    );
  }
  // One session per pair, an hour and a half from now; reminders are rows, written as bookings write them.
  await client.query(
    `WITH c AS (SELECT id, row_number() OVER (ORDER BY email) n FROM app_user WHERE role = 'coach'),
          p AS (SELECT id, row_number() OVER (ORDER BY email) n FROM app_user WHERE role = 'newcomer')
     INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at,
                                   buffer_before_minutes, buffer_after_minutes, blocked_start, blocked_end, meeting_url)
     SELECT c.id, p.id, $1, p.id, 'employment', 'en', $2, $2::timestamptz + interval '30 minutes', 0, 0, $2, $2::timestamptz + interval '30 minutes',
            'https://meet.jit.si/cac-bench-' || md5(c.id::text)
     FROM c JOIN p USING (n)`,
    [academy, new Date(Date.now() + 90 * 60_000)],
  );
  // The burst: both people of the first BURST/2 sessions, all due at the same instant.
  await client.query(
    `WITH s AS (SELECT id, coach_id, newcomer_id, start_at, row_number() OVER (ORDER BY id) n FROM coaching_session)
     INSERT INTO notification (session_id, session_version, kind, offset_seconds, recipient_id, due_at)
     SELECT s.id, 1, 'reminder', extract(epoch FROM s.start_at - $1::timestamptz)::int, r.id, $1
     FROM s CROSS JOIN LATERAL (VALUES (s.coach_id), (s.newcomer_id)) r(id) WHERE s.n <= $2`,
    [burstDue, BURST / 2],
  );
  // Lone reminders: one newcomer each, LONE_GAP_MS apart, after the burst.
  await client.query(
    `WITH s AS (SELECT id, newcomer_id, start_at, row_number() OVER (ORDER BY id) n FROM coaching_session)
     INSERT INTO notification (session_id, session_version, kind, offset_seconds, recipient_id, due_at)
     SELECT s.id, 1, 'reminder', extract(epoch FROM s.start_at - ($1::timestamptz + (s.n - $2 - 1) * $3 * interval '1 millisecond'))::int,
            s.newcomer_id, $1::timestamptz + (s.n - $2 - 1) * $3 * interval '1 millisecond'
     FROM s WHERE s.n > $2`,
    [loneStart, BURST / 2, LONE_GAP_MS],
  );
  await client.query('ANALYZE');
  const { rows } = await client.query(`SELECT id, due_at FROM notification`);
  return new Map(rows.map((r) => [`<notification.${r.id}@bench.invalid>`, r.due_at.getTime()]));
}

/** A plain SMTP server that records when each Message-ID arrived. */
async function startSink(arrivals, onArrival) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk) => {
        if (head.length < 8192) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1];
        if (id) {
          arrivals.set(id, [...(arrivals.get(id) ?? []), Date.now()]);
          onArrival();
        }
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function main() {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${DB}"`);
  let worker;
  let sink;
  try {
    migrate(dbUrl(DB));
    const client = new pg.Client({ connectionString: dbUrl(DB) });
    await client.connect();
    const seeding = performance.now();
    const burstDue = new Date(Math.ceil(Date.now() / 1000) * 1000 + BURST_DELAY_S * 1000);
    const loneStart = new Date(burstDue.getTime() + 45_000);
    const due = await seed(client, burstDue, loneStart);
    const seedSeconds = (performance.now() - seeding) / 1000;
    const version = (await client.query('SHOW server_version')).rows[0].server_version;

    const arrivals = new Map();
    let done;
    const allArrived = new Promise((resolve) => (done = resolve));
    sink = await startSink(arrivals, () => arrivals.size === due.size && done());
    worker = spawn(process.execPath, [...benchNodeArgs(), WORKER], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: dbUrl(DB),
        REDIS_URL,
        QUEUE_PREFIX: PREFIX,
        SMTP_URL: `smtp://127.0.0.1:${sink.server.address().port}`,
        MAIL_FROM: 'Coaching across continents <reminders@bench.invalid>',
        JWT_SECRET: randomBytes(32).toString('hex'),
        WORKER_HEALTH_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const timeout = setTimeout(() => done(), loneStart.getTime() + LONE * LONE_GAP_MS + 60_000 - Date.now());
    await allArrived;
    clearTimeout(timeout);
    const memory = memoryOf(worker.pid);
    const states = (await client.query(`SELECT state, count(*)::int AS n FROM notification GROUP BY state ORDER BY state`)).rows;
    await client.end();

    const burstIds = [...due].filter(([, at]) => at === burstDue.getTime()).map(([id]) => id);
    const loneIds = [...due].filter(([, at]) => at !== burstDue.getTime()).map(([id]) => id);
    const firstArrival = (id) => arrivals.get(id)?.[0];
    const burstLateness = burstIds.filter((id) => arrivals.has(id)).map((id) => firstArrival(id) - burstDue.getTime());
    const loneLateness = loneIds.filter((id) => arrivals.has(id)).map((id) => firstArrival(id) - due.get(id));
    const lastBurst = Math.max(...burstLateness);
    const duplicates = [...arrivals.values()].reduce((sum, times) => sum + times.length - 1, 0);
    const lines = [
      ['Machine', describeMachine(version)],
      [
        'Set-up',
        `${burstIds.length} reminders due at one instant, then ${loneIds.length} lone reminders ${LONE_GAP_MS / 1000} s apart; seeded in ` +
          `${seedSeconds.toFixed(1)} s`,
      ],
      ['Burst', `${burstLateness.length} of ${burstIds.length} arrived; all within ${(lastBurst / 1000).toFixed(1)} s of the due time`],
      ['  throughput', `${((burstLateness.length / lastBurst) * 1000).toFixed(0)} mails/s from the due time to the last arrival`],
      ['  lateness', `p50 ${ms(percentile(burstLateness, 50))}, p99 ${ms(percentile(burstLateness, 99))}, max ${ms(lastBurst)}`],
      [
        'Lone',
        `${loneLateness.length} of ${loneIds.length} arrived; lateness p50 ${ms(percentile(loneLateness, 50))}, p99 ${ms(percentile(loneLateness, 99))},` +
          ` max ${ms(Math.max(...loneLateness))}`,
      ],
      ['Rows', `${states.map((s) => `${s.state} ${s.n}`).join(', ')}; duplicate deliveries ${duplicates}`],
      ['Worker memory', `RSS ${memory.rssMb.toFixed(0)} MB, peak ${memory.peakMb.toFixed(0)} MB`],
      [
        'Goals',
        [
          `all ${BURST} within 30 s of due: ${burstLateness.length === BURST && lastBurst <= 30_000 ? 'met' : 'NOT met'}`,
          `lone p99 ≤ 1 s: ${loneLateness.length === LONE && percentile(loneLateness, 99) <= 1000 ? 'met' : 'NOT met'}`,
        ].join('; '),
      ],
    ];
    console.log('\nReminder delivery benchmark');
    for (const [label, value] of lines) console.log(`${label.padEnd(13)} ${value}`);
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
    }
    await new Promise((r) => (sink ? sink.close(r) : r()));
    await admin.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX.replace(/[{}]/g, '\\$&')}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
