import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createCoach } from './support/coaches';
import { holdLock, waitersOnLocks } from './support/locks';
import { ALL_WEEK, nextGridStart, sleep } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * Every change to what a coach offers (weekly hours, overrides, time off, the
 * profile's policy) takes the coach's profile lock, as bookings do, so a
 * booking never lands in time off that was being added at the same moment.
 */
describe('the coach’s profile lock', () => {
  let apps: TestApps;
  let db: DataSource;
  let siena: string;
  let coordinator: TestAccount;
  let hours = 30;
  const as = (a: TestAccount) => ({ Authorization: `Bearer ${a.token}` });
  const send = (request: PromiseLike<Response>): Promise<Response> => Promise.resolve(request);
  const within = async <T>(promise: Promise<T>, ms: number): Promise<T | 'still waiting'> =>
    Promise.race([promise, sleep(ms).then(() => 'still waiting' as const)]);

  const setup = async () => {
    const newcomer = await registerNewcomer(apps.http, siena, { locale: 'en' });
    const coach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: 'Europe/Rome',
      weekly: ALL_WEEK,
      profile: { minimumNoticeMinutes: 0 },
    });
    const start = nextGridStart(new Date(Date.now() + hours++ * 3600_000));
    return { newcomer, coach, start };
  };
  const booking = (newcomer: TestAccount, coach: TestAccount, start: Date) =>
    send(
      apps
        .http()
        .post('/v1/sessions')
        .set(as(newcomer))
        .send({ coachId: coach.id, start: start.toISOString(), durationMinutes: 30, topic: 'housing', language: 'en' }),
    );
  const timeOff = (coach: TestAccount, start: Date) =>
    send(
      apps
        .http()
        .post(`/v1/coaches/${coach.id}/time-off`)
        .set(as(coordinator))
        .send({ start: new Date(start.getTime() - 3600_000).toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() }),
    );

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, env: { DB_LOCK_TIMEOUT_MS: '10000' } });
    db = apps.api.get(DataSource);
    ({ siena } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
  }, 60_000);
  afterAll(() => apps.close());

  it.each([
    ['time off', (coach: TestAccount, start: Date) => timeOff(coach, start)],
    [
      'an override',
      (coach: TestAccount, start: Date) =>
        send(
          apps
            .http()
            .put(`/v1/coaches/${coach.id}/overrides/${start.toISOString().slice(0, 10)}`)
            .set(as(coordinator))
            .send({ intervals: [] }),
        ),
    ],
    [
      'a policy change',
      (coach: TestAccount) => send(apps.http().patch(`/v1/coaches/${coach.id}`).set(as(coordinator)).send({ maxSessionsPerDay: 1 })),
    ],
  ])(
    '%s waits for a booking that holds the profile',
    async (_label, change) => {
      const { newcomer, coach, start } = await setup();
      const profile = await holdLock(db, 'SELECT 1 FROM coach_profile WHERE user_id = $1 FOR UPDATE', [coach.id]);
      let released = false;
      try {
        const booked = booking(newcomer, coach, start);
        await waitersOnLocks(db, 1);
        const changed = change(coach, start);
        // While the booking is in its transaction, the change must not commit under it.
        expect(await within(changed, 700)).toBe('still waiting');
        await profile.release();
        released = true;
        expect((await booked).status).toBe(201);
        expect((await changed).status).toBeLessThan(300);
      } finally {
        if (!released) await profile.release();
      }
    },
    30_000,
  );

  it.each([
    ['removing time off', 'time-off'],
    ['removing an override', 'override'],
  ])(
    '%s waits for a booking that holds the profile',
    async (_label, kind) => {
      const { newcomer, coach, start } = await setup();
      // Something to remove, on another day than the booking.
      const other = new Date(start.getTime() + 3 * 86_400_000);
      const path =
        kind === 'time-off'
          ? `/v1/coaches/${coach.id}/time-off/${(await timeOff(coach, other)).body.id}`
          : `/v1/coaches/${coach.id}/overrides/${other.toISOString().slice(0, 10)}`;
      if (kind === 'override') await send(apps.http().put(path).set(as(coordinator)).send({ intervals: [] }));
      const profile = await holdLock(db, 'SELECT 1 FROM coach_profile WHERE user_id = $1 FOR UPDATE', [coach.id]);
      let released = false;
      try {
        const booked = booking(newcomer, coach, start);
        await waitersOnLocks(db, 1);
        const removed = send(apps.http().delete(path).set(as(coordinator)));
        expect(await within(removed, 700)).toBe('still waiting');
        await profile.release();
        released = true;
        expect((await booked).status).toBe(201);
        expect((await removed).status).toBe(204);
      } finally {
        if (!released) await profile.release();
      }
    },
    30_000,
  );

  it('a booking that queued behind time off being added sees it, and is refused', async () => {
    const { newcomer, coach, start } = await setup();
    const profile = await holdLock(db, 'SELECT 1 FROM coach_profile WHERE user_id = $1 FOR UPDATE', [coach.id]);
    try {
      const away = timeOff(coach, start);
      await waitersOnLocks(db, 1);
      const booked = booking(newcomer, coach, start);
      await waitersOnLocks(db, 2);
      await profile.release();
      expect((await away).status).toBe(201);
      const refused = await booked;
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'coach_away' });
    } finally {
      await profile.release().catch(() => undefined);
    }
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM coaching_session WHERE coach_id = $1 AND status = 'booked'`, [coach.id]);
    expect(n).toBe(0);
  }, 30_000);
});
