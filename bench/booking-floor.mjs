// The database's own limit for a booking: pgbench runs the statements one booking sends
// (the auth guard's account read, the academy check of the ids, BEGIN, the newcomer's share
// lock, the coach's lock-and-read, the session insert, the audit row, the outbox rows with
// their NOTIFY, COMMIT) as one transaction, each client on its own coach and newcomer and
// every transaction on a new slot. The SQL follows the repositories' statements
// (libs/persistence/src/repositories); keep them in step when those change.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether pgbench is on this machine. */
export function hasPgbench() {
  return spawnSync('pgbench', ['--version'], { stdio: 'ignore' }).status === 0;
}

const LOCK_AND_READ = `SELECT p.*, u.academy_id, u.languages, u.display_name,
  (SELECT a.reminder_offsets_minutes FROM academy a WHERE a.id = u.academy_id) AS academy_reminder_offsets,
  (SELECT coalesce(json_agg(json_build_object('weekday', r.weekday, 'startTime', r.start_time, 'endTime', r.end_time)), '[]')
     FROM availability_rule r WHERE r.coach_id = p.user_id) AS rules,
  (SELECT coalesce(json_agg(json_build_object('localDate', o.local_date, 'intervals', o.intervals)), '[]')
     FROM availability_override o WHERE o.coach_id = p.user_id AND o.local_date BETWEEN (:start::timestamptz - interval '9 days')::date AND
       (:start::timestamptz + interval '9 days')::date) AS overrides,
  (SELECT coalesce(json_agg(json_build_object('startAt', t.start_at, 'endAt', t.end_at)), '[]')
     FROM time_off t WHERE t.coach_id = p.user_id AND t.end_at > :start::timestamptz - interval '8 days' 
       AND t.start_at < :start::timestamptz + interval '8 days') AS time_off,
  (SELECT coalesce(json_agg(json_build_object('id', s.id, 'startAt', s.start_at, 'endAt', s.end_at,
                                              'blockedStart', s.blocked_start, 'blockedEnd', s.blocked_end)), '[]')
     FROM coaching_session s WHERE s.coach_id = p.user_id AND s.status <> 'cancelled'
      AND s.blocked_end > :start::timestamptz - interval '8 days' AND s.blocked_start < :start::timestamptz + interval '8 days') AS sessions
  FROM coach_profile p JOIN app_user u ON u.id = p.user_id WHERE p.user_id = :coach::uuid AND u.role = 'coach' FOR UPDATE OF p`;

const notificationRow = (kind, offsetSeconds, recipient, due, state) =>
  `(:sid::uuid, 1, '${kind}', ${offsetSeconds}, :${recipient}::uuid, ${due}, '${state}', NULL)`;

const SCRIPT = [
  '\\set k :k + 1',
  `SELECT u.id, u.email, u.role, u.academy_id, u.display_name, u.locale, u.time_zone, u.languages, u.erased_at, u.last_login_at, u.created_at, u.updated_at,
          b.coach_id AS coach, b.academy_id AS academy, (:base::timestamptz + :k::int * interval '2 hours')::text AS start
     FROM bench_floor_pair b JOIN app_user u ON u.id = b.newcomer_id WHERE b.client = :client_id LIMIT 1 \\gset`,
  `SELECT id, academy_id FROM app_user WHERE id = ANY(ARRAY[:coach::uuid]) AND academy_id IS NOT NULL
   UNION ALL SELECT id, academy_id FROM coaching_session WHERE id = ANY(ARRAY[:coach::uuid]);`,
  'BEGIN;',
  'SELECT 1 FROM app_user WHERE id = :id::uuid AND erased_at IS NULL FOR SHARE;',
  `${LOCK_AND_READ};`,
  `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at, buffer_before_minutes, buffer_after_minutes,
    blocked_start, blocked_end, meeting_url, consent_recorded_at)
   VALUES (:coach::uuid, :id::uuid, :academy::uuid, :id::uuid, 'employment', 'ur', :start::timestamptz, :start::timestamptz + interval '1 hour', 0, 10,
           :start::timestamptz, :start::timestamptz + interval '70 minutes', 'https://meet.jit.si/cac-' || md5(random()::text), NULL)
   RETURNING id AS sid, version, created_at, updated_at \\gset`,
  `INSERT INTO audit_log (actor_id, academy_id, action, entity_type, entity_id, changes)
   VALUES (:id::uuid, :academy::uuid, 'session.booked', 'session', :sid::uuid,
           json_build_object('coachId', :coach::text, 'newcomerId', :id::text, 'start', :start::text)::jsonb);`,
  `WITH inserted AS (INSERT INTO notification (session_id, session_version, kind, offset_seconds, recipient_id, due_at, state, last_error) VALUES
     ${[
       notificationRow('confirmation', 0, 'id', 'now()', 'pending'),
       notificationRow('confirmation', 0, 'coach', 'now()', 'pending'),
       notificationRow('reminder', 86400, 'id', ":start::timestamptz - interval '1 day'", 'pending'),
       notificationRow('reminder', 86400, 'coach', ":start::timestamptz - interval '1 day'", 'pending'),
       notificationRow('reminder', 3600, 'id', ":start::timestamptz - interval '1 hour'", 'pending'),
       notificationRow('reminder', 3600, 'coach', ":start::timestamptz - interval '1 hour'", 'pending'),
       notificationRow('follow_up', 0, 'coach', ":start::timestamptz + interval '1 hour'", 'pending'),
     ].join(',\n     ')}
     ON CONFLICT ON CONSTRAINT notification_once DO NOTHING RETURNING 1)
   SELECT pg_notify('notification_outbox', :sid::text);`,
  'COMMIT;',
].join('\n');

/**
 * Runs the floor against a seeded database: `clients` pgbench clients for
 * `seconds`, each on a coach and a newcomer of its own (taken from the given
 * ids), slots two hours apart from `base` on. Returns transactions per second.
 */
export async function bookingFloor(client, url, { coachIds, newcomerIds, clients, seconds, base }) {
  await client.query(
    'CREATE TABLE bench_floor_pair (client int PRIMARY KEY, coach_id uuid NOT NULL, newcomer_id uuid NOT NULL, academy_id uuid NOT NULL)',
  );
  await client.query(
    `INSERT INTO bench_floor_pair SELECT i - 1, c, n, u.academy_id
       FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS x(c, n, i) JOIN app_user u ON u.id = x.c`,
    [coachIds.slice(0, clients), newcomerIds.slice(0, clients)],
  );
  const dir = mkdtempSync(join(tmpdir(), 'cac-floor-'));
  try {
    writeFileSync(join(dir, 'booking.sql'), SCRIPT);
    const output = execFileSync(
      'pgbench',
      [
        '-n',
        '-M',
        'extended',
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(seconds),
        '-D',
        'k=0',
        '-D',
        `base=${base.toISOString()}`,
        '-f',
        join(dir, 'booking.sql'),
        url,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
    const latency = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]);
    return { tps, failed, latencyMs: latency };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
