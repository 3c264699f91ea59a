import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createAccounts, createCoach, weekdays } from './support/coaches';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * Monday 2 March 2026, 08:00 UTC. The range, 3–16 March, straddles 8 March,
 * when Toronto moves to summer time and Rome does not (until 29 March).
 */
const NOW = new Date('2026-03-02T08:00:00Z');
const MORNINGS = weekdays('09:00', '12:00');

describe('matching newcomers with coaches', () => {
  const clock = new FixedClock(NOW);
  const as = (a: TestAccount) => ({ Authorization: `Bearer ${a.token}` });
  let apps: TestApps;
  let siena: string;
  let belgrade: string;
  let coordinator: TestAccount;
  let newcomer: TestAccount;
  const coach: Record<string, TestAccount> = {};

  const match = (who: TestAccount, body: Record<string, unknown>) => apps.http().post('/v1/matches').set(as(who)).send(body);
  const request = {
    languages: ['ur', 'it'],
    topics: ['employment'],
    limit: 20,
    timeZone: 'Europe/Rome',
    preferredWindows: MORNINGS,
    from: '2026-03-03',
    to: '2026-03-16',
  };

  /** Past sessions straight into the table: the load a coach carries from the last 30 days. */
  const pastSessions = async (coachId: string, newcomers: string[], academyId: string) => {
    for (const [i, newcomerId] of newcomers.entries()) {
      const start = new Date(Date.UTC(2026, 1, 10 + i, 10));
      const end = new Date(start.getTime() + 3600_000);
      await apps.api.get(DataSource).query(
        `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at,
         blocked_start, blocked_end, status, meeting_url)
         VALUES ($1, $2, $3, $2, 'employment', 'it', $4, $5, $4, $5, 'completed', 'https://meet.jit.si/cac-past')`,
        [coachId, newcomerId, academyId, start, end],
      );
    }
  };

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock, privateDatabase: 'matching' });
    ({ siena, belgrade } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    newcomer = await registerNewcomer(apps.http, siena, { languages: ['ur', 'it'], timeZone: 'Europe/Rome' });
    const add = (
      timeZone: string,
      languages: string[],
      topics: string[],
      weekly: ReturnType<typeof weekdays>,
      academy = siena,
      by = coordinator,
    ) => createCoach(apps.api, apps.http, by, academy, { timeZone, languages, weekly, profile: { topics, sessionLengths: [60] } });
    // Karachi 13:00–17:00 is Rome 09:00–13:00 (Karachi has no DST).
    coach.karachi = await add('Asia/Karachi', ['ur', 'en'], ['employment', 'housing'], weekdays('13:00', '17:00'));
    // Rome mornings, busy lately, and the newcomer's coach before.
    coach.rome = await add('Europe/Rome', ['it'], ['employment'], weekdays('09:00', '12:00'));
    // Toronto 05:00–08:00 is Rome 11:00–14:00 until 8 March, then 10:00–13:00.
    coach.toronto = await add('America/Toronto', ['en', 'it'], ['employment', 'education'], weekdays('05:00', '08:00'));
    // Lagos 08:00–11:00 is Rome 08:00–11:00 in winter; no employment.
    coach.lagos = await add('Africa/Lagos', ['ur', 'ar'], ['housing'], weekdays('08:00', '11:00'));
    // No shared language.
    coach.belgradeZone = await add('Europe/Belgrade', ['sr', 'en'], ['employment'], MORNINGS);
    // Another academy.
    const belgradeCoordinator = await createStaff(apps.api, apps.http, 'coordinator', belgrade);
    coach.otherAcademy = await add('Europe/Belgrade', ['it', 'ur'], ['employment'], MORNINGS, belgrade, belgradeCoordinator);

    const others = await createAccounts(apps.api, 'newcomer', siena, 5);
    await pastSessions(coach.rome.id, [newcomer.id, ...others.map((o) => o.id)], siena);
  });
  afterAll(() => apps.close());

  it('ranks by topics, real hour overlap, fairness and continuity, and explains each candidate', async () => {
    const response = await match(newcomer, request).expect(200);
    expect(response.body.timeZone).toBe('Europe/Rome');
    // This suite has a database of its own: these are all of Siena's coaches.
    const byId = Object.fromEntries(Object.entries(coach).map(([name, a]) => [a.id, name]));
    const ours = response.body.candidates;
    // Lagos speaks Urdu but covers only housing: a session about work could not be booked with them.
    expect(ours.map((c: { coachId: string }) => byId[c.coachId])).toEqual(['rome', 'karachi', 'toronto']);

    const [rome, karachi, toronto] = ours;
    // What to book each with: a requested topic the coach covers, a language both speak.
    expect([rome.topic, rome.language, karachi.topic, karachi.language]).toEqual(['employment', 'it', 'employment', 'ur']);
    // Ten weekdays, 3–16 March; 180 minutes of each Rome morning are free.
    expect(rome.reasons).toEqual([
      { code: 'shared_language', languages: ['it'] },
      { code: 'topics', covered: ['employment'], missing: [] },
      { code: 'hour_overlap', minutes: 1800 },
      { code: 'load', sessions: 6, capacity: 21 },
      { code: 'continuity', completedSessions: 1 },
    ]);
    expect(karachi.reasons).toContainEqual({ code: 'hour_overlap', minutes: 1800 });
    expect(karachi.reasons).toContainEqual({ code: 'load', sessions: 0, capacity: 21 });
    // Toronto: one hour a day in the first week, two once Toronto is on summer time.
    expect(toronto.reasons).toContainEqual({ code: 'hour_overlap', minutes: 4 * 60 + 6 * 120 });
    // 0.35 + 0.35 × 1800/2040 + 0.2 × (1 − 6/21) + 0.1, and so on.
    expect(rome.score).toBeCloseTo(0.35 + (0.35 * 1800) / 2040 + 0.2 * (1 - 6 / 21) + 0.1, 5);
    expect(karachi.score).toBeCloseTo(0.35 + (0.35 * 1800) / 2040 + 0.2, 5);
    expect(toronto.score).toBeCloseTo(0.35 + (0.35 * 960) / 1200 + 0.2, 5);

    expect(rome.nextSlots[0]).toEqual({ coachId: coach.rome.id, start: '2026-03-03T09:00:00+01:00', end: '2026-03-03T10:00:00+01:00' });
    expect(karachi.nextSlots[0].start).toBe('2026-03-03T09:00:00+01:00');
    // Toronto 05:00 is 11:00 in Rome until 8 March: the only whole hour inside the morning.
    expect(toronto.nextSlots.map((s: { start: string }) => s.start)).toEqual([
      '2026-03-03T11:00:00+01:00',
      '2026-03-04T11:00:00+01:00',
      '2026-03-05T11:00:00+01:00',
    ]);
  });

  it('warns of the weeks when Toronto and Rome are out of step, naming the date', async () => {
    const response = await match(newcomer, request).expect(200);
    const warnings = Object.fromEntries(
      response.body.candidates.map((c: { coachId: string; warnings: unknown[] }) => [c.coachId, c.warnings]),
    );
    expect(warnings[coach.toronto.id]).toEqual([
      { code: 'dst_shift', dates: ['2026-03-08'], coachTimeZone: 'America/Toronto', hoursApart: { from: -6, to: -5 } },
    ]);
    expect(warnings[coach.karachi.id]).toEqual([]);
    // Across 29 March Rome changes too: Karachi's hours against Rome move by one.
    const late = await match(newcomer, { ...request, from: '2026-03-23', to: '2026-04-03' }).expect(200);
    const karachi = late.body.candidates.find((c: { coachId: string }) => c.coachId === coach.karachi.id);
    expect(karachi.warnings).toEqual([
      { code: 'dst_shift', dates: ['2026-03-29'], coachTimeZone: 'Asia/Karachi', hoursApart: { from: 4, to: 3 } },
    ]);
  });

  it('considers other academies only when an admin asks, and only coaches of the requested gender when asked', async () => {
    const admin = await createStaff(apps.api, apps.http, 'admin', null);
    const any = await match(admin, { ...request, anyAcademy: true }).expect(200);
    expect(any.body.candidates.map((c: { coachId: string }) => c.coachId)).toContain(coach.otherAcademy.id);
    await match(newcomer, { ...request, anyAcademy: true }).expect(403);
    const gendered = await match(newcomer, { ...request, coachGender: 'female' }).expect(200);
    expect(gendered.body).toEqual({
      timeZone: 'Europe/Rome',
      candidates: [],
      considered: { coaches: 0, limit: 200, truncated: false },
      reason: { code: 'no_coach_of_requested_gender' },
    });
    await apps.api.get(DataSource).query(`UPDATE coach_profile SET gender = 'female' WHERE user_id = $1`, [coach.lagos.id]);
    const lagosOnly = await match(newcomer, { ...request, topics: ['housing'], coachGender: 'female' }).expect(200);
    expect(lagosOnly.body.candidates.map((c: { coachId: string }) => c.coachId)).toEqual([coach.lagos.id]);
    await apps.api.get(DataSource).query(`UPDATE coach_profile SET gender = NULL WHERE user_id = $1`, [coach.lagos.id]);
  });

  it('says why nobody matches when no coach shares a language, and which languages coaches cover', async () => {
    const response = await match(newcomer, { ...request, languages: ['fa'] }).expect(200);
    // The languages Siena's active coaches speak: the Belgrade academy's coach is not counted.
    expect(response.body).toEqual({
      timeZone: 'Europe/Rome',
      candidates: [],
      considered: { coaches: 0, limit: 200, truncated: false },
      reason: { code: 'no_shared_language', coveredLanguages: ['ar', 'en', 'it', 'sr', 'ur'] },
    });
  });

  it('offers a coach for the topics they cover, and says so when nobody speaking the languages covers the topic', async () => {
    const housing = await match(newcomer, { ...request, topics: ['housing', 'education'] }).expect(200);
    const byId = Object.fromEntries(housing.body.candidates.map((c: { coachId: string; topic: string }) => [c.coachId, c.topic]));
    expect(byId).toEqual({ [coach.karachi.id]: 'housing', [coach.lagos.id]: 'housing', [coach.toronto.id]: 'education' });

    const none = await match(newcomer, { ...request, topics: ['legal-aid'] }).expect(200);
    expect(none.body).toMatchObject({
      candidates: [],
      // The topics of Siena's coaches who speak Urdu or Italian; the Serbian-speaking coach's are not counted.
      reason: { code: 'no_topic_coach', coveredTopics: ['education', 'employment', 'housing'] },
    });
  });

  it('tells no free time at all from no free time in the hours asked for', async () => {
    const night = await match(newcomer, { ...request, preferredWindows: weekdays('02:00', '04:00') }).expect(200);
    expect(night.body).toMatchObject({ candidates: [], reason: { code: 'no_free_slots_in_hours' } });
    // A weekend: nobody works on Saturdays and Sundays.
    const weekend = await match(newcomer, { ...request, preferredWindows: [], from: '2026-03-07', to: '2026-03-08' }).expect(200);
    expect(weekend.body).toMatchObject({ candidates: [], reason: { code: 'no_free_slots' } });
  });

  it('books the top candidate’s first matching slot with book: true, through the booking rules', async () => {
    const response = await match(newcomer, { ...request, book: true }).expect(201);
    expect(response.body.booking).toMatchObject({
      coachId: coach.rome.id,
      start: '2026-03-03T09:00:00+01:00',
      durationMinutes: 60,
      topic: 'employment',
      language: 'it',
      status: 'booked',
    });
    const again = await match(newcomer, request).expect(200);
    const rome = again.body.candidates.find((c: { coachId: string }) => c.coachId === coach.rome.id);
    expect(rome.nextSlots[0].start).not.toBe('2026-03-03T09:00:00+01:00');
    await apps.http().get(`/v1/sessions/${response.body.booking.id}`).set(as(newcomer)).expect(200);
  });

  it('books once per Idempotency-Key: a retry gets the same session, another body with the key is refused', async () => {
    const other = await registerNewcomer(apps.http, siena, { languages: ['ur', 'it'], timeZone: 'Europe/Rome' });
    const body = { ...request, book: true };
    const first = await match(other, body).set('Idempotency-Key', 'match-retry-0001').expect(201);
    const retry = await match(other, body).set('Idempotency-Key', 'match-retry-0001').expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.booking).toEqual(first.body.booking);
    const sessions = await apps.http().get('/v1/sessions').set(as(other)).expect(200);
    expect(sessions.body.total).toBe(1);
    const reused = await match(other, { ...body, topics: ['housing'] })
      .set('Idempotency-Key', 'match-retry-0001')
      .expect(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    await match(other, body).set('Idempotency-Key', 'bad key!').expect(400);
  });

  it('refuses bad input by field, coaches, and coordinators asking for other academies', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...request, languages: [] }, 'languages'],
      [{ ...request, topics: ['Employment!'] }, 'topics'],
      [{ ...request, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...request, preferredWindows: [{ weekday: 1, start: '12:00', end: '09:00' }] }, 'preferredWindows.0.end'],
      [{ ...request, preferredWindows: [{ weekday: 9, start: '09:00', end: '12:00' }] }, 'preferredWindows.0.weekday'],
      [{ ...request, to: '2026-05-30' }, 'to'],
      [{ ...request, durationMinutes: 61 }, 'durationMinutes'],
      [{ ...request, limit: 0 }, 'limit'],
    ];
    for (const [body, field] of cases) {
      const response = await match(newcomer, body).expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    await match(coach.rome, request).expect(403);
    await match(coordinator, { ...request, anyAcademy: true }).expect(403);
    await match(coordinator, { ...request, academyId: belgrade }).expect(403);
    await apps.http().post('/v1/matches').send(request).expect(401);
  });
});

describe('fair spreading among equal coaches', () => {
  it('books the top match 20 times without any coach getting more than one session ahead', async () => {
    const clock = new FixedClock(NOW);
    const apps = await startTestApps({ worker: false, clock, privateDatabase: 'fairness' });
    try {
      const { belgrade } = await academyIds(apps.http);
      const coordinator = await createStaff(apps.api, apps.http, 'coordinator', belgrade);
      const coaches: TestAccount[] = [];
      for (let i = 0; i < 4; i++) {
        coaches.push(
          await createCoach(apps.api, apps.http, coordinator, belgrade, {
            timeZone: 'Europe/Belgrade',
            languages: ['sr'],
            weekly: weekdays('10:00', '16:00'),
            profile: { topics: ['legal-aid'], sessionLengths: [60] },
          }),
        );
      }
      const newcomers = await createAccounts(apps.api, 'newcomer', belgrade, 20, { languages: ['sr'], timeZone: 'Europe/Belgrade' });
      const counts = new Map(coaches.map((c) => [c.id, 0]));
      for (const [i, newcomer] of newcomers.entries()) {
        const response = await apps
          .http()
          .post('/v1/matches')
          .set({ Authorization: `Bearer ${newcomer.token}` })
          .send({ languages: ['sr'], topics: ['legal-aid'], timeZone: 'Europe/Belgrade', from: '2026-03-03', to: '2026-03-16', book: true })
          .expect(201);
        const coachId = response.body.booking.coachId as string;
        counts.set(coachId, counts.get(coachId)! + 1);
        const values = [...counts.values()];
        expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1); // after every booking, not only at the end
        expect(i + 1).toBe(values.reduce((a, b) => a + b, 0));
      }
      expect([...counts.values()]).toEqual([5, 5, 5, 5]);
    } finally {
      await apps.close();
    }
  });
});
