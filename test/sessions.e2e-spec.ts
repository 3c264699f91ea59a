import ICAL from 'ical.js';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { type AcademyStaff, createAcademyStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createAccounts, createCoach, weekdays } from './support/coaches';
import { as, bookSession, postBooking, postSessionAction } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

/** Friday 2026-03-20 12:00 UTC: Toronto is already on summer time (since 8 March), Rome is not yet (29 March). */
const NOW = new Date('2026-03-20T12:00:00Z');

describe('slots and sessions across time zones', () => {
  const clock = new FixedClock(NOW);
  let apps: TestApps;
  let staff: AcademyStaff;
  let coach: TestAccount;
  let newcomer: TestAccount;
  let otherNewcomer: TestAccount;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock });
    staff = await createAcademyStaff(apps);
    coach = await createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
      timeZone: 'America/Toronto',
      weekly: weekdays('09:00', '12:00'),
    });
    newcomer = await registerNewcomer(apps.http, staff.siena, { timeZone: 'Europe/Rome' });
    otherNewcomer = await registerNewcomer(apps.http, staff.siena);
  });
  afterAll(() => apps.close());
  afterEach(() => clock.set(NOW));

  const slots = async (viewer: TestAccount, from: string, to: string, zone = 'Europe/Rome', duration = 60) =>
    (
      await apps
        .http()
        .get(`/v1/slots?from=${from}&to=${to}&timeZone=${zone}&durationMinutes=${duration}&coachId=${coach.id}`)
        .set(as(viewer))
        .expect(200)
    ).body;

  it('shows a Toronto coach’s 09:00 as 14:00 in Rome while only Toronto is on summer time, and 15:00 after Rome changes', async () => {
    const before = await slots(newcomer, '2026-03-23', '2026-03-23');
    expect(before.timeZone).toBe('Europe/Rome');
    expect(before.slots.map((s: { start: string }) => s.start)).toEqual([
      '2026-03-23T14:00:00+01:00',
      '2026-03-23T14:30:00+01:00',
      '2026-03-23T15:00:00+01:00',
      '2026-03-23T15:30:00+01:00',
      '2026-03-23T16:00:00+01:00',
    ]);
    expect(before.slots[0]).toEqual({ coachId: coach.id, start: '2026-03-23T14:00:00+01:00', end: '2026-03-23T15:00:00+01:00' });
    const after = await slots(newcomer, '2026-03-30', '2026-03-30');
    expect(after.slots[0].start).toBe('2026-03-30T15:00:00+02:00');
  });

  it('reads from/to as dates in the viewer’s zone, to inclusive', async () => {
    // Karachi (+05:00, no DST): Toronto 09:00–12:00 EDT is 18:00–21:00 the same day.
    const karachi = await slots(newcomer, '2026-03-23', '2026-03-24', 'Asia/Karachi', 30);
    const days = new Set(karachi.slots.map((s: { start: string }) => s.start.slice(0, 10)));
    expect([...days]).toEqual(['2026-03-23', '2026-03-24']);
    expect(karachi.slots[0].start).toBe('2026-03-23T18:00:00+05:00');
    expect(karachi.slots.at(-1).end).toBe('2026-03-24T21:00:00+05:00');
  });

  it('books a slot: 201 with a private meeting link and version 1; the slot and its buffer disappear', async () => {
    const response = await postBooking(apps.http, newcomer, {
      coachId: coach.id,
      start: '2026-03-24T14:00:00+01:00',
      language: 'ur',
    }).expect(201);
    expect(response.body).toMatchObject({
      coachId: coach.id,
      start: '2026-03-24T14:00:00+01:00',
      end: '2026-03-24T15:00:00+01:00',
      durationMinutes: 60,
      status: 'booked',
      version: 1,
      newcomer: { id: newcomer.id },
    });
    // The join page, never the room: that only GET /join gives, around the session's time.
    expect(response.body.joinUrl).toMatch(new RegExp(`/sessions/${response.body.id}/join$`));
    expect(response.body).not.toHaveProperty('meetingUrl');
    const [{ meeting_url: room }] = await apps.api
      .get(DataSource)
      .query(`SELECT meeting_url FROM coaching_session WHERE id = $1`, [response.body.id]);
    expect(room).toMatch(/^https:\/\/meet\.jit\.si\/cac-[0-9a-f]{32}$/);
    expect(response.body).not.toHaveProperty('coachNotes');

    const after = await slots(newcomer, '2026-03-24', '2026-03-24');
    // 14:00 taken; 14:30 overlaps it; 15:00 starts inside the 10-minute buffer after it.
    expect(after.slots.map((s: { start: string }) => s.start)).toEqual(['2026-03-24T15:30:00+01:00', '2026-03-24T16:00:00+01:00']);
  });

  it('replays the first response for the same Idempotency-Key and body, and refuses the key with another body', async () => {
    const body = { coachId: coach.id, start: '2026-03-25T14:00:00+01:00', durationMinutes: 30, topic: 'housing', language: 'en' };
    const withKey = (booking: typeof body) => postBooking(apps.http, newcomer, booking).set('Idempotency-Key', 'booking-key-0001');
    const first = await withKey(body).expect(201);
    const again = await withKey(body).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const [{ count }] = await apps.api
      .get(DataSource)
      .query(`SELECT count(*)::int AS count FROM coaching_session WHERE coach_id = $1 AND start_at = '2026-03-25T13:00:00Z'`, [coach.id]);
    expect(count).toBe(1);
    const reused = await withKey({ ...body, durationMinutes: 60 }).expect(422);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused', errors: [{ field: 'Idempotency-Key' }] });
  });

  it.each([
    ['too_short_notice', '2026-03-20T12:30:00Z', 60, 422], // now is 12:00Z; the coach needs an hour's notice
    ['beyond_horizon', '2026-04-27T13:00:00Z', 60, 422],
    ['outside_availability', '2026-03-28T13:00:00Z', 60, 422], // a Saturday
    ['outside_availability', '2026-03-26T13:15:00Z', 60, 422], // off the :00/:30 grid
    ['outside_availability', '2026-03-26T15:30:00Z', 60, 422], // would end after 12:00 Toronto
  ])('refuses with %s (%s)', async (code, start, durationMinutes, status) => {
    const response = await postBooking(apps.http, otherNewcomer, { coachId: coach.id, start, durationMinutes }).expect(status);
    expect(response.body).toMatchObject({ code, errors: [{ field: 'start' }] });
  });

  it('refuses what the coach does not offer, naming the field', async () => {
    const base = { coachId: coach.id, start: '2026-03-26T13:00:00Z', durationMinutes: 60, topic: 'employment', language: 'en' };
    // Each refusal has its own code, so that the app can say which and what to do next.
    for (const [field, value, code] of [
      ['durationMinutes', 45, 'session_length_not_offered'],
      ['topic', 'legal', 'topic_not_covered'],
      ['language', 'fr', 'language_not_spoken'],
    ] as const) {
      const response = await postBooking(apps.http, otherNewcomer, { ...base, [field]: value }).expect(422);
      expect(response.body).toMatchObject({ code, errors: [{ field }] });
    }
  });

  it('enforces the daily cap in the coach’s zone', async () => {
    const capped = await createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
      timeZone: 'Australia/Sydney',
      weekly: weekdays('08:00', '12:00'),
      profile: { maxSessionsPerDay: 1, maxSessionsPerWeek: 2 },
    });
    const [a, b, c] = await createAccounts(apps.api, 'newcomer', staff.siena, 3);
    // Monday 2026-03-23 08:00 in Sydney (+11:00) is Sunday 21:00 UTC.
    const book = (who: TestAccount, start: string) => postBooking(apps.http, who, { coachId: capped.id, start });
    await book(a, '2026-03-23T08:00:00+11:00').expect(201);
    expect((await book(b, '2026-03-23T10:00:00+11:00').expect(422)).body.code).toBe('daily_limit_reached');
    await book(b, '2026-03-24T10:00:00+11:00').expect(201);
    expect((await book(c, '2026-03-25T10:00:00+11:00').expect(422)).body.code).toBe('weekly_limit_reached');
    await book(c, '2026-03-30T10:00:00+11:00').expect(201); // next ISO week in Sydney
  });

  it('a coordinator books on behalf of a newcomer of their academy, not of another', async () => {
    const body = {
      coachId: coach.id,
      start: '2026-03-26T13:00:00Z',
      durationMinutes: 30,
      topic: 'employment',
      language: 'en',
      newcomerId: otherNewcomer.id,
      newcomerConsent: true,
    };
    const noConsent = await postBooking(apps.http, staff.sienaCoordinator, { ...body, newcomerConsent: undefined }).expect(422);
    expect(noConsent.body).toMatchObject({ code: 'consent_required', errors: [{ field: 'newcomerConsent' }] });
    await postBooking(apps.http, staff.sienaCoordinator, { ...body, newcomerConsent: false }).expect(422);
    const booked = await postBooking(apps.http, staff.sienaCoordinator, body).expect(201);
    expect(booked.body).toMatchObject({
      newcomer: { id: otherNewcomer.id },
      bookedBy: staff.sienaCoordinator.id,
      consentRecordedAt: expect.any(String),
    });
    const [row] = await apps.api
      .get(DataSource)
      .query('SELECT booked_by, consent_recorded_at FROM coaching_session WHERE id = $1', [booked.body.id]);
    expect(row.booked_by).toBe(staff.sienaCoordinator.id);
    expect(row.consent_recorded_at).toBeInstanceOf(Date);
    // The database refuses an on-behalf booking without consent, whatever the application does.
    await expect(
      apps.api.get(DataSource).query(`UPDATE coaching_session SET consent_recorded_at = NULL WHERE id = $1`, [booked.body.id]),
    ).rejects.toMatchObject({ code: '23514' });
    const own = await postBooking(apps.http, otherNewcomer, {
      ...body,
      newcomerId: undefined,
      newcomerConsent: undefined,
      start: '2026-03-26T15:00:00Z',
    }).expect(201);
    expect(own.body).toMatchObject({ bookedBy: otherNewcomer.id, consentRecordedAt: null });
    // The coach sees who the newcomer is by name, never by id: not even as the one who booked.
    const seenByCoach = await apps.http().get(`/v1/sessions/${own.body.id}`).set(as(coach)).expect(200);
    expect(seenByCoach.body.newcomer).toEqual({ displayName: expect.any(String) });
    expect(JSON.stringify(seenByCoach.body)).not.toContain(otherNewcomer.id);
    const missing = await postBooking(apps.http, staff.sienaCoordinator, {
      ...body,
      newcomerId: undefined,
      start: '2026-03-26T14:00:00Z',
    }).expect(400);
    expect(missing.body.errors[0].field).toBe('newcomerId');
    // Another academy's newcomer (and coach) is refused as another academy's, as in a filter.
    const foreign = await postBooking(apps.http, staff.belgradeCoordinator, { ...body, start: '2026-03-26T14:00:00Z' }).expect(403);
    expect(foreign.body.code).toBe('academy_forbidden');
    expect(foreign.body.errors).toContainEqual(expect.objectContaining({ field: 'newcomerId' }));
    await postBooking(apps.http, coach, { ...body, start: '2026-03-26T14:00:00Z' }).expect(403);
  });

  it('reschedules: same id, version + 1, checked like a new booking', async () => {
    const [who] = await createAccounts(apps.api, 'newcomer', staff.siena, 1, { timeZone: 'UTC' });
    const booked = await postBooking(apps.http, who, { coachId: coach.id, start: '2026-03-27T13:00:00Z' }).expect(201);
    const reschedule = (start: string) => postSessionAction(apps.http, who, booked.body.id, 'reschedule', { start });
    const taken = await reschedule('2026-03-24T13:00:00Z').expect(409);
    expect(taken.body.code).toBe('slot_unavailable');
    // Another coach's session of the same newcomer at that time: the newcomer is busy, whatever this coach offers.
    const other = await createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
      timeZone: 'Europe/Rome',
      weekly: weekdays('09:00', '18:00'),
    });
    await postBooking(apps.http, who, { coachId: other.id, start: '2026-03-30T13:00:00Z' }).expect(201);
    const busy = await postBooking(apps.http, who, { coachId: coach.id, start: '2026-03-30T13:00:00Z' }).expect(409);
    expect(busy.body).toMatchObject({ code: 'newcomer_busy', errors: [{ field: 'start' }] });
    const moved = await reschedule('2026-03-27T14:30:00Z').expect(200);
    expect(moved.body).toMatchObject({
      id: booked.body.id,
      version: 2,
      start: '2026-03-27T14:30:00Z',
      end: '2026-03-27T15:30:00Z',
      joinUrl: booked.body.joinUrl,
    });
    // Moving within its own old time is allowed: the session does not block itself.
    await reschedule('2026-03-27T14:00:00Z').expect(200);
  });

  it('cancels: version + 1, the slot is free again, and a second cancel is refused', async () => {
    const [who] = await createAccounts(apps.api, 'newcomer', staff.siena, 1);
    const sessionId = await bookSession(apps.http, who, { coachId: coach.id, start: '2026-03-31T13:00:00Z' });
    const cancelled = await postSessionAction(apps.http, who, sessionId, 'cancel', { reason: 'I found a job interview that day' }).expect(
      200,
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 2, cancellationReason: 'I found a job interview that day' });
    const free = await slots(who, '2026-03-31', '2026-03-31', 'UTC');
    expect(free.slots[0].start).toBe('2026-03-31T13:00:00Z');
    await postSessionAction(apps.http, who, sessionId, 'cancel').expect(409);
  });

  it('records attendance only after the start, by the coach or a coordinator; notes stay private', async () => {
    const [who] = await createAccounts(apps.api, 'newcomer', staff.siena, 1);
    const sessionId = await bookSession(apps.http, who, { coachId: coach.id, start: '2026-04-01T13:00:00Z' });
    const attendance = (by: TestAccount, body: object) => postSessionAction(apps.http, by, sessionId, 'attendance', body);
    const early = await attendance(coach, { outcome: 'completed' }).expect(409);
    expect(early.body.code).toBe('attendance_too_early');
    clock.set(new Date('2026-04-01T13:05:00Z'));
    await attendance(who, { outcome: 'completed' }).expect(403);
    const recorded = await attendance(coach, { outcome: 'completed', notes: 'Worked on a CV' }).expect(200);
    expect(recorded.body).toMatchObject({
      status: 'completed',
      coachNotes: 'Worked on a CV',
      newcomer: { displayName: expect.any(String) },
    });
    expect(recorded.body.newcomer).not.toHaveProperty('id'); // a coach sees only name and language
    const seenByNewcomer = await apps.http().get(`/v1/sessions/${sessionId}`).set(as(who)).expect(200);
    expect(seenByNewcomer.body).not.toHaveProperty('coachNotes');
  });

  it('serves an RFC 5545 calendar file: stable UID, SEQUENCE = version, UTC times', async () => {
    const [who] = await createAccounts(apps.api, 'newcomer', staff.siena, 1);
    const sessionId = await bookSession(apps.http, who, {
      coachId: coach.id,
      start: '2026-04-02T13:30:00Z',
      durationMinutes: 30,
      topic: 'housing',
    });
    const read = async () => {
      const response = await apps.http().get(`/v1/sessions/${sessionId}/calendar.ics`).set(as(who)).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/calendar/);
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(response.text)).getFirstSubcomponent('vevent')!);
      return { event, raw: response.text };
    };
    const first = await read();
    expect(first.raw).toMatch(/\r\n/);
    expect(first.event.uid).toBe(`session-${sessionId}@coaching-across-continents`);
    expect(first.event.sequence).toBe(1);
    expect(first.event.startDate.toJSDate().toISOString()).toBe('2026-04-02T13:30:00.000Z');
    expect(first.event.endDate.toJSDate().toISOString()).toBe('2026-04-02T14:00:00.000Z');
    await postSessionAction(apps.http, who, sessionId, 'reschedule', { start: '2026-04-02T14:00:00Z' }).expect(200);
    const second = await read();
    expect(second.event.uid).toBe(first.event.uid);
    expect(second.event.sequence).toBe(2);
    expect(second.event.startDate.toJSDate().toISOString()).toBe('2026-04-02T14:00:00.000Z');
  });

  it('scopes sessions: own for newcomers and coaches, academy for coordinators', async () => {
    const mine = await apps.http().get('/v1/sessions?limit=100').set(as(newcomer)).expect(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((s: { newcomer: { id: string } }) => s.newcomer.id === newcomer.id)).toBe(true);
    const sessionId = mine.body.items[0].id;
    await apps.http().get(`/v1/sessions/${sessionId}`).set(as(otherNewcomer)).expect(404);
    await apps.http().get(`/v1/sessions/${sessionId}`).set(as(staff.belgradeCoordinator)).expect(404);
    await apps.http().get(`/v1/sessions/${sessionId}/calendar.ics`).set(as(staff.belgradeCoordinator)).expect(404);
    await apps.http().post(`/v1/sessions/${sessionId}/cancel`).set(as(staff.belgradeCoordinator)).send({}).expect(404);
    const academy = await apps.http().get('/v1/sessions?limit=100').set(as(staff.sienaCoordinator)).expect(200);
    expect(academy.body.items.every((s: { academyId: string }) => s.academyId === staff.siena)).toBe(true);
    // Other suites may book in Belgrade; none of these Siena sessions shows there.
    const belgradeView = await apps.http().get('/v1/sessions?limit=100').set(as(staff.belgradeCoordinator)).expect(200);
    expect(belgradeView.body.items.every((s: { academyId: string }) => s.academyId === staff.belgrade)).toBe(true);
    expect(belgradeView.body.items.filter((s: { coachId: string }) => s.coachId === coach.id)).toEqual([]);
    const coachView = await apps.http().get('/v1/sessions?limit=100').set(as(coach)).expect(200);
    expect(coachView.body.items.every((s: { coachId: string; newcomer: object }) => s.coachId === coach.id && !('id' in s.newcomer))).toBe(
      true,
    );
    await apps.http().get(`/v1/sessions?academyId=${staff.belgrade}`).set(as(staff.sienaCoordinator)).expect(403);
  });
});
