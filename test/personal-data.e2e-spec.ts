import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { RETENTION_SCHEDULER_ID, RetentionService } from '../apps/worker/src/retention/retention.service';
import { QueueName } from '../libs/queue/src';
import {
  type AcademyStaff,
  createAcademyStaff,
  login,
  newcomerBody,
  PASSWORD,
  registerNewcomer,
  type TestAccount,
} from './support/accounts';
import { createWeekdayCoach } from './support/coaches';
import { holdLock, inFlight, waitersOnLocks } from './support/locks';
import { as, postBooking } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

const NOW = new Date('2026-06-01T08:00:00Z'); // a Monday
const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

describe('personal data: export, erasure and retention', () => {
  let apps: TestApps;
  let db: DataSource;
  let staff: AcademyStaff;
  let coach: TestAccount;

  /** A session in the past, straight into the table, with the free text a coach or newcomer may have written. */
  const pastSession = async (newcomerId: string, start: string, status: string, text: { notes?: string; reason?: string } = {}) => {
    const end = new Date(Date.parse(start) + 3_600_000).toISOString();
    const [row] = await db.query(
      `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at, blocked_start, blocked_end,
         status, meeting_url, coach_notes, cancellation_reason, cancelled_by)
       VALUES ($1, $2, $3, $2, 'employment', 'en', $4, $5, $4, $5, $6, 'https://meet.jit.si/cac-past', $7, $8, $9) RETURNING id`,
      [coach.id, newcomerId, staff.siena, start, end, status, text.notes ?? null, text.reason ?? null, text.reason ? newcomerId : null],
    );
    return row.id as string;
  };

  /** How many rows of any table of the schema mention `needle`, whatever the column. */
  const rowsMentioning = async (needle: string): Promise<Record<string, number>> => {
    const tables: Array<{ table_name: string }> = await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const found: Record<string, number> = {};
    for (const { table_name } of tables) {
      const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM "${table_name}" t WHERE t::text ILIKE '%' || $1 || '%'`, [
        needle,
      ]);
      if (count > 0) found[table_name] = count;
    }
    return found;
  };

  beforeAll(async () => {
    apps = await startTestApps({ clock: new FixedClock(NOW), privateDatabase: 'personal-data' });
    db = apps.api.get(DataSource);
    staff = await createAcademyStaff(apps);
    coach = await createWeekdayCoach(apps, staff.sienaCoordinator, staff.siena, '09:00', '12:00');
  });
  afterAll(() => apps.close());

  it('GET /v1/me/export gives the caller everything held about them, and nothing of anyone else’s secrets', async () => {
    const newcomer = await registerNewcomer(apps.http, staff.siena, { displayName: unique('Amina') });
    await pastSession(newcomer.id, '2026-03-02T08:00:00Z', 'completed', { notes: 'coach-only note' });
    await postBooking(apps.http, newcomer, { coachId: coach.id, start: '2026-06-02T08:00:00Z' }).expect(201);

    const mine = await apps.http().get('/v1/me/export').set(as(newcomer)).expect(200);
    expect(mine.body.account).toMatchObject({ id: newcomer.id, email: newcomer.email, role: 'newcomer', academyId: staff.siena });
    expect(mine.body.sessionsAsNewcomer).toHaveLength(2);
    expect(mine.body.sessionsAsNewcomer[1]).toMatchObject({ coachId: coach.id, status: 'booked', bookedBy: newcomer.id });
    expect(mine.body.notifications.length).toBeGreaterThan(0);
    expect(mine.body.auditEntries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['account.registered', 'session.booked']),
    );
    expect(mine.body.coachProfile).toBeNull();
    const text = JSON.stringify(mine.body);
    expect(text).not.toContain('coach-only note'); // the coach's private notes stay the coach's
    expect(text).not.toContain('argon2');

    const coachExport = await apps.http().get('/v1/me/export').set(as(coach)).expect(200);
    expect(coachExport.body.coachProfile).toMatchObject({ status: 'active' });
    expect(coachExport.body.availability.weekly).toHaveLength(5);
    expect(coachExport.body.sessionsAsCoach.some((s: { coachNotes: string }) => s.coachNotes === 'coach-only note')).toBe(true);
    expect(JSON.stringify(coachExport.body)).not.toContain(newcomer.id); // the newcomers are not the coach's data
    // A coordinator's export lists what they did to others, without the others' details.
    const coordinatorExport = await apps.http().get('/v1/me/export').set(as(staff.sienaCoordinator)).expect(200);
    const hours = coordinatorExport.body.auditEntries.filter((e: { entityId: string }) => e.entityId === coach.id);
    expect(hours.map((e: { action: string }) => e.action)).toEqual(['coach.profile-created', 'coach.availability-replaced']);
    expect(hours.every((e: { actorId: string; changes: unknown }) => e.actorId === staff.sienaCoordinator.id && e.changes === null)).toBe(
      true,
    );
    expect(JSON.stringify(coordinatorExport.body)).not.toContain('"weekday"');
    await apps.http().get('/v1/me/export').expect(401);
  });

  it('DELETE /v1/me: afterwards no table holds the email, name or free text; sessions and totals stay', async () => {
    const name = unique('Nadia');
    const newcomer = await registerNewcomer(apps.http, staff.siena, { displayName: name });
    const note = unique('discussed her hearing');
    const reason = unique('my son is ill');
    const past = [
      await pastSession(newcomer.id, '2026-03-03T08:00:00Z', 'completed', { notes: note }),
      await pastSession(newcomer.id, '2026-03-04T08:00:00Z', 'cancelled', { reason }),
      await pastSession(newcomer.id, '2026-03-05T08:00:00Z', 'newcomer_no_show'),
    ];
    const future = await postBooking(apps.http, newcomer, { coachId: coach.id, start: '2026-06-03T08:00:00Z' })
      .set('Idempotency-Key', unique('key'))
      .expect(201);
    for (const secret of [newcomer.email, name, note, reason]) expect(Object.keys(await rowsMentioning(secret)).length).toBeGreaterThan(0);
    const report = async () =>
      (await apps.http().get('/v1/reports/sessions?from=2026-03-01&to=2026-03-31').set(as(staff.sienaCoordinator)).expect(200)).body;
    const before = await report();

    await apps.http().delete('/v1/me').set(as(newcomer)).expect(204);

    for (const secret of [newcomer.email, name, note, reason])
      expect({ secret, found: await rowsMentioning(secret) }).toEqual({ secret, found: {} });
    expect(await report()).toEqual(before);
    const sessions = await db.query(`SELECT id, status FROM coaching_session WHERE newcomer_id = $1 ORDER BY start_at`, [newcomer.id]);
    expect(sessions.map((s: { id: string }) => s.id)).toEqual([...past, future.body.id]);
    expect(sessions[3].status).toBe('cancelled');
    // The coach is told the future session is off; nothing more goes to the erased address.
    const notices = await db.query(`SELECT recipient_id, state FROM notification WHERE session_id = $1 AND kind = 'cancellation'`, [
      future.body.id,
    ]);
    expect(notices).toEqual(expect.arrayContaining([{ recipient_id: coach.id, state: expect.stringMatching(/pending|queued|sent/) }]));
    const owed = await db.query(`SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND state IN ('pending', 'queued')`, [
      newcomer.id,
    ]);
    expect(owed[0].n).toBe(0);
    const [account] = await db.query(`SELECT erased_at, display_name, languages FROM app_user WHERE id = $1`, [newcomer.id]);
    expect(account).toEqual({ erased_at: expect.any(Date), display_name: 'Erased person', languages: [] });
    const [entry] = await db.query(`SELECT actor_id, changes FROM audit_log WHERE entity_id = $1 AND action = 'account.erased'`, [
      newcomer.id,
    ]);
    expect(entry).toEqual({ actor_id: newcomer.id, changes: { ground: 'own_request' } });

    await apps.http().get('/v1/me').set(as(newcomer)).expect(401);
    await apps.http().delete('/v1/me').set(as(newcomer)).expect(401);
    await apps.http().post('/v1/auth/login').send({ email: newcomer.email, password: PASSWORD }).expect(401);
  });

  it('a coordinator erases a newcomer of their academy only; twice changes nothing', async () => {
    const newcomer = await registerNewcomer(apps.http, staff.siena, { displayName: unique('Omar') });
    await apps.http().post(`/v1/users/${newcomer.id}/erase`).set(as(staff.belgradeCoordinator)).expect(404);
    await apps.http().post(`/v1/users/${newcomer.id}/erase`).set(as(newcomer)).expect(403);
    const ofStaff = await apps.http().post(`/v1/users/${coach.id}/erase`).set(as(staff.sienaCoordinator)).expect(422);
    expect(ofStaff.body).toMatchObject({ code: 'not_a_newcomer', errors: [{ field: 'id' }] });
    const first = await apps.http().post(`/v1/users/${newcomer.id}/erase`).set(as(staff.sienaCoordinator)).expect(200);
    expect(first.body).toEqual({ id: newcomer.id, erased: true, cancelledSessionIds: [] });
    const again = await apps.http().post(`/v1/users/${newcomer.id}/erase`).set(as(staff.sienaCoordinator)).expect(200);
    expect(again.body.erased).toBe(false);
    expect(await rowsMentioning(newcomer.email)).toEqual({});
    const [entry] = await db.query(`SELECT actor_id, changes FROM audit_log WHERE entity_id = $1 AND action = 'account.erased'`, [
      newcomer.id,
    ]);
    expect(entry).toEqual({ actor_id: staff.sienaCoordinator.id, changes: { ground: 'coordinator_request' } });
  });

  it('a coach who erases themselves is retired, their future sessions cancelled', async () => {
    const leaving = await createWeekdayCoach(apps, staff.sienaCoordinator, staff.siena, '13:00', '15:00');
    await apps
      .http()
      .patch(`/v1/coaches/${leaving.id}`)
      .set(as(leaving))
      .send({ bio: unique('I grew up in Lagos') })
      .expect(200);
    const newcomer = await registerNewcomer(apps.http, staff.siena);
    const booked = await postBooking(apps.http, newcomer, { coachId: leaving.id, start: '2026-06-02T11:00:00Z' }).expect(201);
    // Coach ids are public: nobody can take the erased placeholder first and so block the erasure.
    const squatter = await apps
      .http()
      .post('/v1/auth/register')
      .send(newcomerBody(staff.siena, { email: `erased:${leaving.id}` }))
      .expect(400);
    expect(squatter.body.errors[0].field).toBe('email');
    await registerNewcomer(apps.http, staff.siena, { email: `erased-${leaving.id}@erased.invalid` });
    await apps.http().delete('/v1/me').set(as(leaving)).expect(204);
    const [gone] = await db.query(`SELECT email FROM app_user WHERE id = $1`, [leaving.id]);
    expect(gone.email).toBe(`erased:${leaving.id}`);
    // Where they lived (the zone of their hours) goes from the audit log too; what was done stays.
    const entries = await db.query(`SELECT action, changes::text AS changes FROM audit_log WHERE entity_id = $1`, [leaving.id]);
    expect(entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['coach.availability-replaced', 'account.erased']),
    );
    expect(entries.filter((e: { changes: string }) => e.changes.includes('Europe/Rome'))).toEqual([]);
    expect((await apps.http().get(`/v1/sessions/${booked.body.id}`).set(as(newcomer)).expect(200)).body.status).toBe('cancelled');
    const [profile] = await db.query(`SELECT status, bio, gender FROM coach_profile WHERE user_id = $1`, [leaving.id]);
    expect(profile).toEqual({ status: 'retired', bio: '', gender: null });
  });

  describe('erasure racing a booking of the same newcomer', () => {
    it('a booking that commits first is cancelled by the erasure', async () => {
      const newcomer = await registerNewcomer(apps.http, staff.siena);
      // The coach's profile held elsewhere: the booking gets as far as the coach, and waits there.
      const coachLock = await holdLock(db, `SELECT 1 FROM coach_profile WHERE user_id = $1 FOR UPDATE`, [coach.id]);
      const booking = inFlight(postBooking(apps.http, newcomer, { coachId: coach.id, start: '2026-06-04T07:00:00Z' }));
      await waitersOnLocks(db, 1);
      const erasure = inFlight(apps.http().post(`/v1/users/${newcomer.id}/erase`).set(as(staff.sienaCoordinator)));
      await waitersOnLocks(db, 2);
      await coachLock.release();
      const [booked, erased] = await Promise.all([booking, erasure]);
      expect(booked.status).toBe(201);
      expect(erased.body).toEqual({ id: newcomer.id, erased: true, cancelledSessionIds: [booked.body.id] });
      const rows = await db.query(`SELECT status FROM coaching_session WHERE newcomer_id = $1`, [newcomer.id]);
      expect(rows).toEqual([{ status: 'cancelled' }]);
    });

    it('a booking that comes during the erasure waits for it, then is refused', async () => {
      const newcomer = await registerNewcomer(apps.http, staff.siena);
      const first = await postBooking(apps.http, newcomer, { coachId: coach.id, start: '2026-06-04T08:00:00Z' }).expect(201);
      // Their session held elsewhere: the erasure holds the account, and waits at the sessions.
      const sessionLock = await holdLock(db, `SELECT 1 FROM coaching_session WHERE id = $1 FOR UPDATE`, [first.body.id]);
      const erasure = inFlight(apps.http().post(`/v1/users/${newcomer.id}/erase`).set(as(staff.sienaCoordinator)));
      await waitersOnLocks(db, 1);
      const onBehalf = {
        newcomerId: newcomer.id,
        newcomerConsent: true,
        coachId: coach.id,
        start: '2026-06-05T07:00:00Z',
        durationMinutes: 60,
      };
      const booking = inFlight(postBooking(apps.http, staff.sienaCoordinator, onBehalf));
      await waitersOnLocks(db, 2);
      await sessionLock.release();
      const [erased, refused] = await Promise.all([erasure, booking]);
      expect(erased.body).toEqual({ id: newcomer.id, erased: true, cancelledSessionIds: [first.body.id] });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'not_a_newcomer', errors: [{ field: 'newcomerId' }] });
      const rows = await db.query(`SELECT status FROM coaching_session WHERE newcomer_id = $1`, [newcomer.id]);
      expect(rows).toEqual([{ status: 'cancelled' }]);
    });
  });

  it('the daily retention job erases newcomers inactive for longer than RETENTION_MONTHS, and only them', async () => {
    const queue = apps.worker!.get<Queue>(getQueueToken(QueueName.Notifications));
    const scheduler = await queue.getJobScheduler(RETENTION_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ every: 86_400_000 });

    const [idle, signedInLately, servedLately, bookedAhead] = await Promise.all(
      [1, 2, 3, 4].map(() => registerNewcomer(apps.http, staff.siena)),
    );
    const real = Date.now();
    const monthsAgo = (months: number) => new Date(real - months * 30.5 * 86_400_000).toISOString();
    for (const who of [idle, signedInLately, servedLately, bookedAhead]) {
      await db.query(`UPDATE app_user SET created_at = $2, last_login_at = NULL WHERE id = $1`, [who.id, monthsAgo(30)]);
    }
    await db.query(`UPDATE app_user SET last_login_at = $2 WHERE id = $1`, [signedInLately.id, monthsAgo(1)]);
    await pastSession(idle.id, monthsAgo(26), 'completed');
    await pastSession(servedLately.id, monthsAgo(3), 'completed');
    await pastSession(bookedAhead.id, new Date(real + 30 * 86_400_000).toISOString(), 'booked');

    const erased = await apps.worker!.get(RetentionService).eraseInactive();
    expect(erased).toBeGreaterThanOrEqual(1);
    const rows = await db.query(`SELECT id, erased_at IS NOT NULL AS erased FROM app_user WHERE id = ANY($1)`, [
      [idle, signedInLately, servedLately, bookedAhead].map((a) => a.id),
    ]);
    const state = Object.fromEntries(rows.map((r: { id: string; erased: boolean }) => [r.id, r.erased]));
    expect(state).toEqual({ [idle.id]: true, [signedInLately.id]: false, [servedLately.id]: false, [bookedAhead.id]: false });
    expect(await rowsMentioning(idle.email)).toEqual({});
    const [entry] = await db.query(`SELECT actor_id, changes FROM audit_log WHERE entity_id = $1 AND action = 'account.erased'`, [idle.id]);
    expect(entry).toEqual({ actor_id: null, changes: { ground: 'retention' } });
    await expect(login(apps.http, idle.email)).rejects.toThrow();
  });

  it('one newcomer the retention job cannot erase does not stop it erasing the others', async () => {
    const [stuck, next] = await Promise.all([1, 2].map(() => registerNewcomer(apps.http, staff.siena)));
    const longAgo = new Date(Date.now() - 40 * 30.5 * 86_400_000).toISOString();
    await db.query(`UPDATE app_user SET created_at = $2, last_login_at = NULL WHERE id = ANY($1)`, [[stuck.id, next.id], longAgo]);
    // The database itself refuses to change one of them, as a failing constraint or a broken row would.
    await db.query(
      `CREATE FUNCTION refuse_stuck() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`,
    );
    await db.query(
      `CREATE TRIGGER refuse_stuck BEFORE UPDATE ON app_user FOR EACH ROW WHEN (OLD.id = '${stuck.id}') EXECUTE FUNCTION refuse_stuck()`,
    );
    try {
      await apps.worker!.get(RetentionService).eraseInactive();
    } finally {
      await db.query(`DROP TRIGGER refuse_stuck ON app_user`);
      await db.query(`DROP FUNCTION refuse_stuck()`);
    }
    const rows = await db.query(`SELECT id, erased_at IS NOT NULL AS erased, email FROM app_user WHERE id = ANY($1)`, [
      [stuck.id, next.id],
    ]);
    const state = Object.fromEntries(rows.map((r: { id: string; erased: boolean; email: string }) => [r.id, [r.erased, r.email]]));
    expect(state).toEqual({ [stuck.id]: [false, stuck.email], [next.id]: [true, `erased:${next.id}`] });
    // Nothing half-done for the one left: its sessions, notices and audit entries were rolled back with it.
    const audit = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'account.erased'`, [stuck.id]);
    expect(audit[0].n).toBe(0);
  });
});
