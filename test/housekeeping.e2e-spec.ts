import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { HOUSEKEEPING_SCHEDULER_ID, HousekeepingService } from '../apps/worker/src/retention/housekeeping.service';
import { RetentionService } from '../apps/worker/src/retention/retention.service';
import { OPEN_NOTIFICATIONS_SQL } from '../libs/persistence/src';
import { QueueName } from '../libs/queue/src';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createCoach } from './support/coaches';
import { ALL_WEEK, nextGridStart } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * Tables that would otherwise only grow (idempotency keys, settled
 * notifications) are purged on a schedule; the hot queries have their indexes;
 * retention reads one clock, the database's.
 */
describe('housekeeping', () => {
  let apps: TestApps;
  let db: DataSource;
  let siena: string;
  let coordinator: TestAccount;
  let coach: TestAccount;
  let hour = 2;
  const as = (a: TestAccount) => ({ Authorization: `Bearer ${a.token}` });
  const bookingBody = () => ({
    coachId: coach.id,
    start: nextGridStart(new Date(Date.now() + hour++ * 3600_000)).toISOString(),
    durationMinutes: 30,
    topic: 'housing',
    language: 'en',
  });

  beforeAll(async () => {
    apps = await startTestApps({
      privateDatabase: 'housekeeping',
      env: { IDEMPOTENCY_KEY_TTL_HOURS: '2', NOTIFICATION_RETENTION_DAYS: '30' },
    });
    db = apps.api.get(DataSource);
    ({ siena } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    coach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: 'Europe/Rome',
      weekly: ALL_WEEK,
      profile: { minimumNoticeMinutes: 0, horizonDays: 60 },
    });
  }, 60_000);
  afterAll(() => apps.close());

  it('indexes a coach’s sessions by start, and notifications by recipient', async () => {
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL enable_seqscan = off');
      const plan = async (sql: string, params: unknown[]) =>
        (await runner.query(`EXPLAIN ${sql}`, params)).map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
      expect(await plan('SELECT id FROM coaching_session WHERE coach_id = $1 AND start_at >= $2', [coach.id, new Date()])).toContain(
        'IDX_session_coach_start',
      );
      expect(await plan('SELECT id FROM notification WHERE recipient_id = $1', [coach.id])).toContain('IDX_notification_recipient');
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });

  it('keeps an Idempotency-Key for its time to live, with the session’s people as columns, then forgets it', async () => {
    const newcomer = await registerNewcomer(apps.http, siena, { locale: 'en' });
    const body = bookingBody();
    await apps.http().post('/v1/sessions').set(as(newcomer)).set('Idempotency-Key', 'ttl-key-0001').send(body).expect(201);
    const [stored] = await db.query(
      `SELECT coach_id, newcomer_id, expires_at - now() BETWEEN interval '119 minutes' AND interval '121 minutes' AS two_hours
       FROM idempotency_key WHERE actor_id = $1`,
      [newcomer.id],
    );
    expect(stored).toEqual({ coach_id: coach.id, newcomer_id: newcomer.id, two_hours: true });
    // Within its life the key refuses another body…
    await apps.http().post('/v1/sessions').set(as(newcomer)).set('Idempotency-Key', 'ttl-key-0001').send(bookingBody()).expect(422);
    // …once expired it is a new key again.
    await db.query(`UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE actor_id = $1`, [newcomer.id]);
    await apps.http().post('/v1/sessions').set(as(newcomer)).set('Idempotency-Key', 'ttl-key-0001').send(bookingBody()).expect(201);

    // The scheduled purge removes expired keys and keeps live ones.
    await apps.http().post('/v1/sessions').set(as(newcomer)).set('Idempotency-Key', 'ttl-key-0002').send(bookingBody()).expect(201);
    await db.query(`UPDATE idempotency_key SET expires_at = now() - interval '1 hour' WHERE actor_id = $1 AND key = 'ttl-key-0002'`, [
      newcomer.id,
    ]);
    const queue = apps.worker!.get<Queue>(getQueueToken(QueueName.Notifications));
    expect(await queue.getJobScheduler(HOUSEKEEPING_SCHEDULER_ID)).toMatchObject({ every: 3_600_000 });
    const purged = await apps.worker!.get(HousekeepingService).purge();
    expect(purged.idempotencyKeys).toBeGreaterThanOrEqual(1);
    const keys = await db.query(`SELECT key FROM idempotency_key WHERE actor_id = $1 ORDER BY key`, [newcomer.id]);
    expect(keys).toEqual([{ key: 'ttl-key-0001' }]);
  });

  it('erasing a newcomer removes the stored responses naming them, found by column', async () => {
    const newcomer = await registerNewcomer(apps.http, siena, { locale: 'en' });
    await apps
      .http()
      .post('/v1/sessions')
      .set(as(coordinator))
      .set('Idempotency-Key', 'on-behalf-key-0001')
      .send({ ...bookingBody(), newcomerId: newcomer.id, newcomerConsent: true })
      .expect(201);
    // Whatever the stored body looks like, the columns say whom it concerns.
    await db.query(`UPDATE idempotency_key SET response_body = '{}' WHERE actor_id = $1 AND key = 'on-behalf-key-0001'`, [coordinator.id]);
    await apps.http().post(`/v1/users/${newcomer.id}/erase`).set(as(coordinator)).expect(200);
    expect(await db.query(`SELECT 1 FROM idempotency_key WHERE actor_id = $1 AND key = 'on-behalf-key-0001'`, [coordinator.id])).toEqual(
      [],
    );
  });

  it('deletes settled notification rows older than NOTIFICATION_RETENTION_DAYS, and /metrics counts only open rows', async () => {
    const newcomer = await registerNewcomer(apps.http, siena, { locale: 'en' });
    const session = (await apps.http().post('/v1/sessions').set(as(newcomer)).send(bookingBody()).expect(201)).body.id as string;
    // Years of settled history for one session: 20,000 rows.
    await db.query(
      `INSERT INTO notification (session_id, session_version, kind, offset_seconds, recipient_id, due_at, state, created_at, updated_at)
       SELECT $1, 1000, 'reminder', g, $2, now() - interval '100 days', 'sent', now() - interval '100 days', now() - interval '100 days'
       FROM generate_series(1, 20000) g`,
      [session, newcomer.id],
    );
    await db.query(
      `INSERT INTO notification (session_id, session_version, kind, offset_seconds, recipient_id, due_at, state, updated_at)
       VALUES ($1, 1001, 'reminder', 60, $2, now(), 'skipped', now() - interval '10 days'),
              ($1, 1002, 'reminder', 60, $2, now() + interval '1 day', 'pending', now() - interval '100 days')`,
      [session, newcomer.id],
    );
    await db.query('ANALYZE notification');
    const plan = (await db.query(`EXPLAIN ${OPEN_NOTIFICATIONS_SQL}`)).map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    expect(plan).not.toMatch(/Seq Scan on notification/);
    expect(plan).toContain('IDX_notification_open');

    const purged = await apps.worker!.get(HousekeepingService).purge();
    expect(purged.notifications).toBeGreaterThanOrEqual(20_000);
    const left = await db.query(
      `SELECT session_version, state FROM notification WHERE session_id = $1 AND session_version >= 1000 ORDER BY session_version`,
      [session],
    );
    // The open row stays, however old: pending, or queued if the worker's relay has already taken it.
    expect(left).toEqual([
      { session_version: 1001, state: 'skipped' },
      { session_version: 1002, state: expect.stringMatching(/^(pending|queued)$/) },
    ]);
  }, 60_000);

  it('retention measures inactivity with the database’s clock, whatever the worker’s clock says', async () => {
    const [justInside, justOutside] = await Promise.all([1, 2].map(() => registerNewcomer(apps.http, siena, { locale: 'en' })));
    // RETENTION_MONTHS is 24: one a minute short of it by the database's clock, one a minute past it.
    await db.query(
      `UPDATE app_user SET created_at = now() - interval '24 months' + interval '1 minute', last_login_at = NULL WHERE id = $1`,
      [justInside.id],
    );
    await db.query(
      `UPDATE app_user SET created_at = now() - interval '24 months' - interval '1 minute', last_login_at = NULL WHERE id = $1`,
      [justOutside.id],
    );
    // The worker's machine runs an hour fast.
    jest.useFakeTimers({
      now: Date.now() + 3_600_000,
      advanceTimers: true,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      await apps.worker!.get(RetentionService).handleEraseInactive();
    } finally {
      jest.useRealTimers();
    }
    const rows = await db.query(`SELECT id, erased_at IS NOT NULL AS erased FROM app_user WHERE id = ANY($1)`, [
      [justInside.id, justOutside.id],
    ]);
    expect(Object.fromEntries(rows.map((r: { id: string; erased: boolean }) => [r.id, r.erased]))).toEqual({
      [justInside.id]: false,
      [justOutside.id]: true,
    });
  });
});
