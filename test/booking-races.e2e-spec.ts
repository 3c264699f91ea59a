import { DataSource, QueryFailedError } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { academyIds, createStaff, type TestAccount } from './support/accounts';
import { createAccounts, createWeekdayCoach } from './support/coaches';
import { postBooking } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

const NOW = new Date('2026-06-01T08:00:00Z');

/**
 * Races through HTTP against real PostgreSQL: the requests are all in flight
 * at once (Promise.all over supertest), and the database decides.
 */
describe('no double booking under concurrent requests', () => {
  let apps: TestApps;
  let siena: string;
  let coordinator: TestAccount;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock: new FixedClock(NOW) });
    ({ siena } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
  });
  afterAll(() => apps.close());

  const statuses = (responses: Array<{ status: number }>) => {
    const counts: Record<number, number> = {};
    for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  };

  it('50 newcomers book the same coach and slot at once: one 201, forty-nine 409, no 500', async () => {
    const coach = await createWeekdayCoach(apps, coordinator, siena, '09:00', '17:00');
    const newcomers = await createAccounts(apps.api, 'newcomer', siena, 50);
    const responses = await Promise.all(
      newcomers.map((n) => postBooking(apps.http, n, { coachId: coach.id, start: '2026-06-03T10:00:00+02:00', durationMinutes: 60 })),
    );
    expect(statuses(responses)).toEqual({ 201: 1, 409: 49 });
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'slot_unavailable')).toBe(true);
    const [{ count }] = await apps.api
      .get(DataSource)
      .query(`SELECT count(*)::int AS count FROM coaching_session WHERE coach_id = $1`, [coach.id]);
    expect(count).toBe(1);
  });

  it('overlapping slots of different lengths: one winner', async () => {
    const coach = await createWeekdayCoach(apps, coordinator, siena, '09:00', '17:00');
    const newcomers = await createAccounts(apps.api, 'newcomer', siena, 40);
    // 10:00–11:00, 10:30–11:00, 10:30–11:30 and 11:00–12:00 (inside the 10-minute buffer after 10:00–11:00)…
    const offers = [
      { start: '2026-06-04T10:00:00+02:00', durationMinutes: 60 },
      { start: '2026-06-04T10:30:00+02:00', durationMinutes: 30 },
      { start: '2026-06-04T10:30:00+02:00', durationMinutes: 60 },
      { start: '2026-06-04T10:00:00+02:00', durationMinutes: 30 },
    ];
    const responses = await Promise.all(
      newcomers.map((n, i) => postBooking(apps.http, n, { coachId: coach.id, ...offers[i % offers.length] })),
    );
    const counts = statuses(responses);
    expect(counts[201]).toBe(1);
    expect(counts[500]).toBeUndefined();
    expect((counts[409] ?? 0) + (counts[201] ?? 0)).toBe(40);
  });

  it('one newcomer books two coaches at overlapping times at once: one wins', async () => {
    const first = await createWeekdayCoach(apps, coordinator, siena, '09:00', '17:00');
    const second = await createWeekdayCoach(apps, coordinator, siena, '12:00', '20:00', 'Asia/Kolkata');
    const [newcomer] = await createAccounts(apps.api, 'newcomer', siena, 1);
    const attempts = Array.from(
      { length: 20 },
      (_, i) =>
        i % 2 === 0
          ? { coachId: first.id, start: '2026-06-05T10:00:00+02:00', durationMinutes: 60 }
          : { coachId: second.id, start: '2026-06-05T14:00:00+05:30', durationMinutes: 30 }, // 10:30 in Rome
    );
    const responses = await Promise.all(attempts.map((a) => postBooking(apps.http, newcomer, a)));
    expect(statuses(responses)).toEqual({ 201: 1, 409: 19 });
  });

  it('ten copies of one request with the same Idempotency-Key at once: all get the same 201, one session exists', async () => {
    const coach = await createWeekdayCoach(apps, coordinator, siena, '09:00', '17:00');
    const [newcomer] = await createAccounts(apps.api, 'newcomer', siena, 1);
    const body = { coachId: coach.id, start: '2026-06-09T11:00:00+02:00', durationMinutes: 60, topic: 'employment', language: 'en' };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => postBooking(apps.http, newcomer, body).set('Idempotency-Key', 'retry-storm-0001')),
    );
    expect(statuses(responses)).toEqual({ 201: 10 });
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    const [{ count }] = await apps.api
      .get(DataSource)
      .query(`SELECT count(*)::int AS count FROM coaching_session WHERE coach_id = $1`, [coach.id]);
    expect(count).toBe(1);
  });

  it('the database itself refuses an overlap that skips the application’s checks (SQLSTATE 23P01)', async () => {
    const coach = await createWeekdayCoach(apps, coordinator, siena, '09:00', '17:00');
    const [a, b] = await createAccounts(apps.api, 'newcomer', siena, 2);
    const insert = (newcomerId: string, coachId: string, start: string, end: string, after = 0) =>
      apps.api.get(DataSource).query(
        `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at,
           buffer_before_minutes, buffer_after_minutes, blocked_start, blocked_end, meeting_url)
         VALUES ($1, $2, $3, $2, 'employment', 'en', $4::timestamptz, $5::timestamptz, 0, $6,
           $4::timestamptz, $5::timestamptz + make_interval(mins => $6), 'https://meet.example/x')`,
        [coachId, newcomerId, siena, start, end, after],
      );
    await insert(a.id, coach.id, '2026-06-08T08:00:00Z', '2026-06-08T09:00:00Z', 15);
    const overlapCoach = insert(b.id, coach.id, '2026-06-08T09:10:00Z', '2026-06-08T10:00:00Z');
    await expect(overlapCoach).rejects.toBeInstanceOf(QueryFailedError);
    await expect(overlapCoach).rejects.toMatchObject({ driverError: { code: '23P01', constraint: 'coaching_session_no_coach_overlap' } });
    const other = await createWeekdayCoach(apps, coordinator, siena, '09:00', '17:00');
    await expect(insert(a.id, other.id, '2026-06-08T08:30:00Z', '2026-06-08T09:30:00Z')).rejects.toMatchObject({
      driverError: { code: '23P01', constraint: 'coaching_session_no_newcomer_overlap' },
    });
    // Back to back is fine once the buffer has passed; a cancelled session blocks nothing.
    await insert(b.id, coach.id, '2026-06-08T09:15:00Z', '2026-06-08T10:00:00Z');
    await apps.api.get(DataSource).query(`UPDATE coaching_session SET status = 'cancelled' WHERE newcomer_id = $1`, [a.id]);
    await insert(a.id, other.id, '2026-06-08T08:30:00Z', '2026-06-08T09:00:00Z');
  });
});
