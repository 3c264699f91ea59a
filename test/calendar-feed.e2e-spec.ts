import ICAL from 'ical.js';
import { DataSource } from 'typeorm';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createCoach } from './support/coaches';
import { ALL_WEEK, nextGridStart } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';

interface FeedEvent {
  uid: string;
  sequence: number;
  status: string;
  start: string;
}

function parseFeed(text: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: String(component.getFirstPropertyValue('status')),
      start: event.startDate.toJSDate().toISOString(),
    };
  });
}

describe('personal calendar feeds', () => {
  let apps: TestApps;
  let siena: string;
  let coordinator: TestAccount;
  let coach: TestAccount;
  let newcomer: TestAccount;
  const as = (account: TestAccount) => ({ Authorization: `Bearer ${account.token}` });
  const pathOf = (url: string) => new URL(url).pathname;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false });
    ({ siena } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    coach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: 'Asia/Karachi',
      weekly: ALL_WEEK,
      profile: { minimumNoticeMinutes: 0 },
    });
    newcomer = await registerNewcomer(apps.http, siena, { languages: ['en'] });
  });
  afterAll(() => apps.close());

  it('follows a reschedule (SEQUENCE) and a cancel (STATUS:CANCELLED), for the newcomer and the coach alike', async () => {
    const start = nextGridStart(new Date(Date.now() + 5 * 3600_000));
    const booked = await apps
      .http()
      .post('/v1/sessions')
      .set(as(newcomer))
      .send({ coachId: coach.id, start: start.toISOString(), durationMinutes: 30, topic: 'housing', language: 'en' })
      .expect(201);
    const uid = `session-${booked.body.id}@coaching-across-continents`;

    const links = (await apps.http().get('/v1/me/calendar-feed').set(as(newcomer)).expect(200)).body;
    expect(links.url).toMatch(/^http:\/\/coaching\.test\/v1\/calendar-feeds\/[\w-]{43}\.ics$/);
    expect(links.webcalUrl).toBe(links.url.replace('http:', 'webcal:'));
    expect((await apps.http().get('/v1/me/calendar-feed').set(as(newcomer)).expect(200)).body).toEqual(links); // shown again, unchanged

    const coachFeed = pathOf((await apps.http().get('/v1/me/calendar-feed').set(as(coach)).expect(200)).body.url);
    const read = async (path: string) => {
      const response = await apps.http().get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/calendar/);
      return parseFeed(response.text).find((e) => e.uid === uid);
    };

    expect(await read(pathOf(links.url))).toEqual({ uid, sequence: booked.body.version, status: 'CONFIRMED', start: start.toISOString() });
    const moved = new Date(start.getTime() + 3600_000);
    const rescheduled = await apps
      .http()
      .post(`/v1/sessions/${booked.body.id}/reschedule`)
      .set(as(newcomer))
      .send({ start: moved.toISOString() })
      .expect(200);
    expect(await read(pathOf(links.url))).toEqual({
      uid,
      sequence: rescheduled.body.version,
      status: 'CONFIRMED',
      start: moved.toISOString(),
    });
    expect(rescheduled.body.version).toBeGreaterThan(booked.body.version);

    const cancelled = await apps.http().post(`/v1/sessions/${booked.body.id}/cancel`).set(as(newcomer)).send({}).expect(200);
    for (const feed of [pathOf(links.url), coachFeed]) {
      expect(await read(feed)).toEqual({ uid, sequence: cancelled.body.version, status: 'CANCELLED', start: moved.toISOString() });
    }
  });

  it('leaves out sessions that ended more than 30 days ago', async () => {
    const db = apps.api.get(DataSource);
    const old = new Date(Date.now() - 31 * 86_400_000);
    const recent = new Date(Date.now() - 29 * 86_400_000);
    const ids: string[] = [];
    for (const at of [old, recent]) {
      const [row] = await db.query(
        `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at, blocked_start, blocked_end, meeting_url)
         VALUES ($1, $2, $3, $2, 'housing', 'en', $4, $5, $4, $5, 'https://meet.jit.si/cac-feed') RETURNING id`,
        [coach.id, newcomer.id, siena, at, new Date(at.getTime() + 1800_000)],
      );
      ids.push(row.id);
    }
    const feed = pathOf((await apps.http().get('/v1/me/calendar-feed').set(as(newcomer)).expect(200)).body.url);
    const uids = parseFeed((await apps.http().get(feed).expect(200)).text).map((e) => e.uid);
    expect(uids).not.toContain(`session-${ids[0]}@coaching-across-continents`);
    expect(uids).toContain(`session-${ids[1]}@coaching-across-continents`);
  });

  it('a rotated URL answers 404, the new one works', async () => {
    const before = pathOf((await apps.http().get('/v1/me/calendar-feed').set(as(coach)).expect(200)).body.url);
    const rotated = (await apps.http().post('/v1/me/calendar-feed/rotate').set(as(coach)).expect(200)).body;
    expect(pathOf(rotated.url)).not.toBe(before);
    const gone = await apps.http().get(before).expect(404);
    expect(gone.body.code).toBe('not_found');
    await apps.http().get(pathOf(rotated.url)).expect(200);
    expect((await apps.http().get('/v1/me/calendar-feed').set(as(coach)).expect(200)).body).toEqual(rotated);
  });

  it('answers 404 for a made-up secret and for a disabled account’s feed; coordinators have no feed', async () => {
    await apps
      .http()
      .get(`/v1/calendar-feeds/${'A'.repeat(43)}.ics`)
      .expect(404);
    await apps.http().get('/v1/calendar-feeds/short.ics').expect(404);
    await apps.http().get('/v1/me/calendar-feed').set(as(coordinator)).expect(403);
    const other = await registerNewcomer(apps.http, siena);
    const feed = pathOf((await apps.http().get('/v1/me/calendar-feed').set(as(other)).expect(200)).body.url);
    const admin = await createStaff(apps.api, apps.http, 'admin', null);
    await apps.http().post(`/v1/users/${other.id}/disable`).set(as(admin)).expect(200);
    await apps.http().get(feed).expect(404);
  });
});
