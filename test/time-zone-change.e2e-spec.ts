import { DateTime } from 'luxon';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createCoach } from './support/coaches';
import { ALL_WEEK, nextGridStart, offsetFor, sentTo } from './support/notifications';
import { as } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * People move: a newcomer booked from Belgrade moves to Toronto and says so
 * with PATCH /v1/me; the reminder sent afterwards shows Toronto times. Real
 * time and real Redis delays: the reminder falls due a minute after start-up (set-up on a loaded machine takes a while).
 */
describe('changing one’s time zone', () => {
  const T0 = Math.ceil(Date.now() / 1000) * 1000;
  const START = nextGridStart(new Date(T0 + 10 * 60_000));
  const DUE = new Date(T0 + 60_000);
  let apps: TestApps;
  let newcomer: TestAccount;
  let coach: TestAccount;

  beforeAll(async () => {
    apps = await startTestApps({ env: { REMINDER_OFFSETS: offsetFor(START, DUE) } });
    const { siena } = await academyIds(apps.http);
    const coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    // In Karachi: no time of the coach's side of a mail can look like a Belgrade time.
    coach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: 'Asia/Karachi',
      weekly: ALL_WEEK,
      profile: { minimumNoticeMinutes: 0 },
    });
    newcomer = await registerNewcomer(apps.http, siena, { locale: 'en', timeZone: 'Europe/Belgrade' });
  }, 60_000);
  afterAll(() => apps.close());

  it('refuses a zone that is not IANA, or null, naming the field, and changes nothing', async () => {
    for (const timeZone of ['Mars/Olympus', 'UTC+2', null, 42]) {
      const response = await apps.http().patch('/v1/me').set(as(newcomer)).send({ timeZone }).expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('timeZone');
    }
    const me = await apps.http().get('/v1/me').set(as(newcomer)).expect(200);
    expect(me.body.timeZone).toBe('Europe/Belgrade');
  });

  it('moves the newcomer from Belgrade to Toronto: the next reminder mail shows Toronto times', async () => {
    // Half an hour: the next grid start may be 23:30 in Karachi, and an hour from there would cross the coach's day.
    await apps
      .http()
      .post('/v1/sessions')
      .set(as(newcomer))
      .send({ coachId: coach.id, start: START.toISOString(), durationMinutes: 30, topic: 'employment', language: 'en' })
      .expect((r) => {
        if (r.status !== 201) throw new Error(`booking answered ${r.status}: ${JSON.stringify(r.body)}`);
      });
    const changed = await apps.http().patch('/v1/me').set(as(newcomer)).send({ timeZone: 'America/Toronto' }).expect(200);
    expect(changed.body).toMatchObject({ timeZone: 'America/Toronto', locale: 'en' });
    // The language is left as it was; the zone alone changed.
    expect((await apps.http().get('/v1/me').set(as(newcomer)).expect(200)).body.timeZone).toBe('America/Toronto');
    // Pages follow at once: the session's times come back in Toronto's offset.
    const listed = await apps.http().get('/v1/sessions').set(as(newcomer)).expect(200);
    const offset = DateTime.fromJSDate(START, { zone: 'America/Toronto' }).toFormat('ZZ');
    expect(listed.body.items[0].start.endsWith(offset)).toBe(true);

    expect(Date.now()).toBeLessThan(DUE.getTime()); // changed before the reminder was due
    const [reminder] = await apps.smtp.waitFor((m) => sentTo(newcomer.email)(m) && /^Reminder/.test(m.subject ?? ''), 1, 120_000);
    const toronto = DateTime.fromJSDate(START, { zone: 'America/Toronto' }).toFormat('HH:mm');
    const belgrade = DateTime.fromJSDate(START, { zone: 'Europe/Belgrade' }).toFormat('HH:mm');
    expect(reminder.text).toContain(toronto);
    expect(reminder.text).toContain('Toronto');
    expect(reminder.text).not.toContain(belgrade);
    expect(reminder.text).not.toContain('Belgrade');
  }, 180_000);
});
