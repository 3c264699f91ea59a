import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { type AcademyStaff, createAcademyStaff, type TestAccount } from './support/accounts';
import { createAccounts, createCoach, createWeekdayCoach, weekdays } from './support/coaches';
import { holdLock, inFlight, waitersOnLocks } from './support/locks';
import { as, postBooking } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

const NOW = new Date('2026-06-01T08:00:00Z'); // a Monday

describe('coach lifecycle: invited → trained → active ⇄ paused → retired', () => {
  let apps: TestApps;
  let db: DataSource;
  let staff: AcademyStaff;
  const status = (who: TestAccount, coachId: string, body: Record<string, unknown>) =>
    apps.http().post(`/v1/coaches/${coachId}/status`).set(as(who)).send(body);
  const book = (who: TestAccount, coachId: string, start: string) => postBooking(apps.http, who, { coachId, start });

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock: new FixedClock(NOW) });
    db = apps.api.get(DataSource);
    staff = await createAcademyStaff(apps);
  });
  afterAll(() => apps.close());

  it('an invited coach is not offered; each step is checked, and retired is final', async () => {
    const coach = await createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
      timeZone: 'Europe/Rome',
      weekly: weekdays('09:00', '12:00'),
      profile: { status: undefined },
    });
    const [newcomer] = await createAccounts(apps.api, 'newcomer', staff.siena, 1);
    const seen = await apps.http().get(`/v1/coaches/${coach.id}`).set(as(staff.sienaCoordinator)).expect(200);
    expect(seen.body).toMatchObject({ status: 'invited', active: false });
    await apps.http().get(`/v1/coaches/${coach.id}`).set(as(newcomer)).expect(404);
    expect((await book(newcomer, coach.id, '2026-06-02T08:00:00Z').expect(422)).body.code).toBe('coach_unavailable');

    const skip = await status(staff.sienaCoordinator, coach.id, { status: 'active' }).expect(409);
    expect(skip.body).toMatchObject({ code: 'invalid_transition', errors: [{ field: 'status' }] });
    await status(staff.belgradeCoordinator, coach.id, { status: 'trained' }).expect(404);
    await status(newcomer, coach.id, { status: 'trained' }).expect(403);
    expect((await status(staff.sienaCoordinator, coach.id, { status: 'trained' }).expect(200)).body.coach).toMatchObject({
      status: 'trained',
      active: false,
    });
    expect((await status(staff.sienaCoordinator, coach.id, { status: 'active' }).expect(200)).body.coach).toMatchObject({
      status: 'active',
      active: true,
    });
    await book(newcomer, coach.id, '2026-06-02T08:00:00Z').expect(201);
    await status(staff.sienaCoordinator, coach.id, { status: 'retired', futureSessions: 'cancel' }).expect(200);
    expect((await status(staff.sienaCoordinator, coach.id, { status: 'active' }).expect(409)).body.code).toBe('invalid_transition');
    expect((await status(staff.sienaCoordinator, coach.id, { status: 'nonsense' }).expect(400)).body.errors[0].field).toBe('status');

    const log = await db.query(
      `SELECT changes FROM audit_log WHERE entity_id = $1 AND action = 'coach.status-changed' ORDER BY created_at`,
      [coach.id],
    );
    expect(log.map((r: { changes: { status: { to: string } } }) => r.changes.status.to)).toEqual(['trained', 'active', 'retired']);
  });

  it('pausing a coach with future sessions lists them; then cancels or keeps them as told', async () => {
    const coach = await createWeekdayCoach(apps, staff.sienaCoordinator, staff.siena, '09:00', '12:00');
    const [amina, bilal] = await createAccounts(apps.api, 'newcomer', staff.siena, 2);
    const first = await book(amina, coach.id, '2026-06-02T08:00:00Z').expect(201);
    const second = await book(bilal, coach.id, '2026-06-03T08:00:00Z').expect(201);

    const asked = await status(staff.sienaCoordinator, coach.id, { status: 'paused' }).expect(409);
    expect(asked.body).toMatchObject({ code: 'future_sessions_pending', errors: [{ field: 'futureSessions' }] });
    expect(asked.body.futureSessions.map((s: { id: string }) => s.id)).toEqual([first.body.id, second.body.id]);
    expect(asked.body.futureSessions[0]).toMatchObject({ start: '2026-06-02T10:00:00+02:00', newcomerDisplayName: 'newcomer 0' });
    // Nothing changed: the coach is still active and bookable.
    expect((await apps.http().get(`/v1/coaches/${coach.id}`).set(as(staff.sienaCoordinator)).expect(200)).body.status).toBe('active');

    const kept = await status(staff.sienaCoordinator, coach.id, { status: 'paused', futureSessions: 'keep' }).expect(200);
    expect(kept.body).toMatchObject({
      coach: { status: 'paused', active: false },
      cancelledSessionIds: [],
      keptSessionIds: [first.body.id, second.body.id],
    });
    expect((await apps.http().get(`/v1/sessions/${first.body.id}`).set(as(amina)).expect(200)).body.status).toBe('booked');
    expect((await book(amina, coach.id, '2026-06-04T08:00:00Z').expect(422)).body.code).toBe('coach_unavailable');
    const slots = await apps
      .http()
      .get(`/v1/slots?from=2026-06-02&to=2026-06-05&timeZone=Europe/Rome&coachId=${coach.id}`)
      .set(as(amina))
      .expect(200);
    expect(slots.body.slots).toEqual([]);

    await status(staff.sienaCoordinator, coach.id, { status: 'active' }).expect(200);
    const cancelled = await status(staff.sienaCoordinator, coach.id, {
      status: 'paused',
      futureSessions: 'cancel',
      reason: 'The coach is unwell',
    }).expect(200);
    expect(cancelled.body).toMatchObject({ cancelledSessionIds: [first.body.id, second.body.id], keptSessionIds: [] });
    const rows = await db.query(
      `SELECT status, version, cancelled_by, cancellation_reason FROM coaching_session WHERE id = ANY($1) ORDER BY start_at`,
      [[first.body.id, second.body.id]],
    );
    expect(rows).toEqual([
      { status: 'cancelled', version: 2, cancelled_by: staff.sienaCoordinator.id, cancellation_reason: 'The coach is unwell' },
      { status: 'cancelled', version: 2, cancelled_by: staff.sienaCoordinator.id, cancellation_reason: 'The coach is unwell' },
    ]);
    // Each newcomer and the coach are told, through the outbox.
    const notices = await db.query(
      `SELECT recipient_id FROM notification WHERE session_id = $1 AND kind = 'cancellation' ORDER BY recipient_id`,
      [first.body.id],
    );
    expect(notices.map((n: { recipient_id: string }) => n.recipient_id).sort()).toEqual([amina.id, coach.id].sort());
  });

  it('a coach pauses their own profile (asked about the sessions ahead like a coordinator) and ends the pause; nothing else', async () => {
    const coach = await createWeekdayCoach(apps, staff.sienaCoordinator, staff.siena, '09:00', '12:00');
    const other = await createWeekdayCoach(apps, staff.sienaCoordinator, staff.siena, '09:00', '12:00');
    const [amina] = await createAccounts(apps.api, 'newcomer', staff.siena, 1);
    const booked = await book(amina, coach.id, '2026-06-02T08:00:00Z').expect(201);

    const asked = await status(coach, coach.id, { status: 'paused' }).expect(409);
    expect(asked.body).toMatchObject({
      code: 'future_sessions_pending',
      futureSessions: [{ id: booked.body.id, newcomerDisplayName: 'newcomer 0' }],
    });
    const kept = await status(coach, coach.id, { status: 'paused', futureSessions: 'keep' }).expect(200);
    expect(kept.body).toMatchObject({ coach: { status: 'paused', active: false }, keptSessionIds: [booked.body.id] });
    expect((await status(coach, coach.id, { status: 'active' }).expect(200)).body.coach.status).toBe('active');

    // Retiring, and anyone else's profile, stay with the coordinators.
    for (const [target, body] of [
      [coach.id, { status: 'retired', futureSessions: 'keep' }],
      [coach.id, { status: 'trained' }],
      [other.id, { status: 'paused', futureSessions: 'keep' }],
    ] as const) {
      const refused = await status(coach, target, body).expect(403);
      expect(refused.body).toMatchObject({ code: 'forbidden', errors: [{ field: 'status' }] });
    }
    expect((await apps.http().get(`/v1/coaches/${other.id}`).set(as(staff.sienaCoordinator)).expect(200)).body.status).toBe('active');

    // A coach the coordinators have not made active yet cannot make themselves active.
    await status(staff.sienaCoordinator, coach.id, { status: 'retired', futureSessions: 'keep' }).expect(200);
    const fresh = await createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
      timeZone: 'Europe/Rome',
      weekly: weekdays('09:00', '12:00'),
      profile: { status: 'trained' },
    });
    expect((await status(fresh, fresh.id, { status: 'active' }).expect(403)).body.code).toBe('forbidden');
    const log = await db.query(
      `SELECT actor_id FROM audit_log WHERE entity_id = $1 AND action = 'coach.status-changed' ORDER BY created_at`,
      [coach.id],
    );
    expect(log.map((r: { actor_id: string }) => r.actor_id)).toEqual([coach.id, coach.id, staff.sienaCoordinator.id]);
  });

  it('a pause racing bookings: every booking that succeeded is among the sessions the pause kept', async () => {
    const coach = await createWeekdayCoach(apps, staff.sienaCoordinator, staff.siena, '09:00', '17:00');
    const newcomers = await createAccounts(apps.api, 'newcomer', staff.siena, 12);
    const starts = newcomers.map((_, i) => new Date(Date.UTC(2026, 5, 2 + Math.floor(i / 6), 7 + (i % 6))).toISOString());
    const [pause, ...bookings] = await Promise.all([
      status(staff.sienaCoordinator, coach.id, { status: 'paused', futureSessions: 'keep' }),
      ...newcomers.map((n, i) => book(n, coach.id, starts[i])),
    ]);
    expect(pause.status).toBe(200);
    const succeeded = bookings.filter((r) => r.status === 201).map((r) => r.body.id as string);
    // Refused as the pause lands, or told to retry while it holds the coach's row: never anything else.
    const outcomes = bookings.map((r) => (r.status === 201 ? 201 : `${r.status} ${r.body.code}`));
    expect(outcomes.filter((o) => o !== 201 && o !== '422 coach_unavailable' && o !== '503 database_busy')).toEqual([]);
    expect([...pause.body.keptSessionIds].sort()).toEqual([...succeeded].sort());
  });
  it('a pause and a reschedule of the same coach take turns instead of deadlocking', async () => {
    const coach = await createWeekdayCoach(apps, staff.sienaCoordinator, staff.siena, '09:00', '17:00');
    const [newcomer] = await createAccounts(apps.api, 'newcomer', staff.siena, 1);
    const booked = await book(newcomer, coach.id, '2026-06-03T08:00:00Z').expect(201);
    // With the profile held here, the pause queues for it first, then the reschedule:
    // each must take the profile before the session, or they would wait on each other.
    const profileLock = await holdLock(db, `SELECT 1 FROM coach_profile WHERE user_id = $1 FOR UPDATE`, [coach.id]);
    const pause = inFlight(status(staff.sienaCoordinator, coach.id, { status: 'paused', futureSessions: 'cancel', reason: 'Away' }));
    await waitersOnLocks(db, 1);
    const move = inFlight(
      apps.http().post(`/v1/sessions/${booked.body.id}/reschedule`).set(as(newcomer)).send({ start: '2026-06-03T10:00:00Z' }),
    );
    await waitersOnLocks(db, 2);
    await profileLock.release();
    const [paused, moved] = await Promise.all([pause, move]);
    expect(paused.status).toBe(200);
    expect(paused.body.cancelledSessionIds).toEqual([booked.body.id]);
    expect(moved.status).toBe(409);
    expect(moved.body.code).toBe('session_not_changeable');
    const [row] = await db.query(`SELECT status, version, start_at FROM coaching_session WHERE id = $1`, [booked.body.id]);
    expect(row).toEqual({ status: 'cancelled', version: 2, start_at: new Date('2026-06-03T08:00:00Z') });
  });
});
