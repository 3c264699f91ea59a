import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { type AcademyStaff, createAcademyStaff, type TestAccount } from './support/accounts';
import { createAccounts, createCoach, weekdays } from './support/coaches';
import { as } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

describe('coach profiles and availability', () => {
  let apps: TestApps;
  let staff: AcademyStaff;
  let coach: TestAccount;
  let newcomer: TestAccount;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock: new FixedClock(new Date('2026-10-20T10:00:00Z')) });
    staff = await createAcademyStaff(apps);
    coach = await createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
      timeZone: 'Asia/Kathmandu',
      weekly: weekdays('18:00', '20:00'),
    });
    [newcomer] = await createAccounts(apps.api, 'newcomer', staff.siena, 1);
  });
  afterAll(() => apps.close());

  it('a coach edits their own profile but not their status; a coordinator of another academy cannot see it', async () => {
    const updated = await apps
      .http()
      .patch(`/v1/coaches/${coach.id}`)
      .set(as(coach))
      .send({ bio: 'Career coach', topics: ['employment'], gender: 'female' })
      .expect(200);
    expect(updated.body).toMatchObject({ bio: 'Career coach', topics: ['employment'], gender: 'female', timeZone: 'Asia/Kathmandu' });
    // A coach may pause themself (coach-lifecycle.e2e-spec.ts); every other step of the lifecycle is the coordinators'.
    await apps.http().post(`/v1/coaches/${coach.id}/status`).set(as(coach)).send({ status: 'retired' }).expect(403);
    const viaPatch = await apps.http().patch(`/v1/coaches/${coach.id}`).set(as(coach)).send({ active: false }).expect(400);
    expect(viaPatch.body.errors[0].field).toBe('active');
    await apps.http().get(`/v1/coaches/${coach.id}`).set(as(staff.belgradeCoordinator)).expect(404);
    await apps.http().patch(`/v1/coaches/${coach.id}`).set(as(staff.belgradeCoordinator)).send({ bio: 'x' }).expect(404);
    await apps.http().patch(`/v1/coaches/${coach.id}`).set(as(newcomer)).send({ bio: 'x' }).expect(403);
    const seen = await apps.http().get(`/v1/coaches/${coach.id}`).set(as(newcomer)).expect(200);
    expect(seen.body).not.toHaveProperty('gender'); // self-declared, used only for matching
    const [entry] = await apps.api
      .get(DataSource)
      .query(`SELECT changes FROM audit_log WHERE entity_id = $1 AND action = 'coach.profile-updated'`, [coach.id]);
    expect(entry.changes).toMatchObject({ bio: '(changed)', topics: ['employment'] });
  });

  it('a paused coach disappears from newcomers’ lists and slots', async () => {
    const paused = await createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
      timeZone: 'Europe/Rome',
      weekly: weekdays('09:00', '10:00'),
    });
    await apps.http().post(`/v1/coaches/${paused.id}/status`).set(as(staff.sienaCoordinator)).send({ status: 'paused' }).expect(200);
    const list = await apps.http().get('/v1/coaches?limit=100').set(as(newcomer)).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(paused.id);
    await apps.http().get(`/v1/coaches/${paused.id}`).set(as(newcomer)).expect(404);
    const slots = await apps
      .http()
      .get(`/v1/slots?from=2026-10-26&to=2026-10-30&timeZone=Europe/Rome&coachId=${paused.id}`)
      .set(as(newcomer))
      .expect(200);
    expect(slots.body.slots).toEqual([]);
  });

  it('gives a Kathmandu coach’s hours at :15 and :45 UTC, and a date override replaces a day', async () => {
    const utc = await apps
      .http()
      .get(`/v1/slots?from=2026-10-26&to=2026-10-26&timeZone=UTC&durationMinutes=60&coachId=${coach.id}`)
      .set(as(newcomer))
      .expect(200);
    expect(utc.body.slots.map((s: { start: string }) => s.start)).toEqual([
      '2026-10-26T12:15:00Z',
      '2026-10-26T12:45:00Z',
      '2026-10-26T13:15:00Z',
    ]);
    await apps
      .http()
      .put(`/v1/coaches/${coach.id}/overrides/2026-10-26`)
      .set(as(coach))
      .send({ intervals: [{ start: '07:00', end: '08:00' }] })
      .expect(200);
    const replaced = await apps
      .http()
      .get(`/v1/slots?from=2026-10-26&to=2026-10-26&timeZone=Asia/Kathmandu&durationMinutes=60&coachId=${coach.id}`)
      .set(as(newcomer))
      .expect(200);
    expect(replaced.body.slots.map((s: { start: string }) => s.start)).toEqual(['2026-10-26T07:00:00+05:45']);
    await apps.http().put(`/v1/coaches/${coach.id}/overrides/2026-10-27`).set(as(coach)).send({ intervals: [] }).expect(200);
    const none = await apps
      .http()
      .get(`/v1/slots?from=2026-10-27&to=2026-10-27&timeZone=UTC&coachId=${coach.id}`)
      .set(as(newcomer))
      .expect(200);
    expect(none.body.slots).toEqual([]);
    await apps.http().delete(`/v1/coaches/${coach.id}/overrides/2026-10-27`).set(as(coach)).expect(204);
    const back = await apps
      .http()
      .get(`/v1/slots?from=2026-10-27&to=2026-10-27&timeZone=UTC&coachId=${coach.id}`)
      .set(as(newcomer))
      .expect(200);
    expect(back.body.slots.length).toBe(3);
    await apps.http().delete(`/v1/coaches/${coach.id}/overrides/2026-10-27`).set(as(coach)).expect(404);
  });

  it('time off removes the slots it covers, and can be removed', async () => {
    const added = await apps
      .http()
      .post(`/v1/coaches/${coach.id}/time-off`)
      .set(as(coach))
      .send({ start: '2026-10-28T00:00:00+05:45', end: '2026-10-29T00:00:00+05:45', reason: 'family' })
      .expect(201);
    const during = await apps
      .http()
      .get(`/v1/slots?from=2026-10-28&to=2026-10-28&timeZone=Asia/Kathmandu&coachId=${coach.id}`)
      .set(as(newcomer))
      .expect(200);
    expect(during.body.slots).toEqual([]);
    const availability = await apps.http().get(`/v1/coaches/${coach.id}/availability`).set(as(staff.sienaCoordinator)).expect(200);
    expect(availability.body).toMatchObject({ timeZone: 'Asia/Kathmandu', timeOff: [{ id: added.body.id, reason: 'family' }] });
    expect(availability.body.weekly).toHaveLength(5);
    await apps.http().delete(`/v1/coaches/${coach.id}/time-off/${added.body.id}`).set(as(coach)).expect(204);
    const after = await apps
      .http()
      .get(`/v1/slots?from=2026-10-28&to=2026-10-28&timeZone=Asia/Kathmandu&coachId=${coach.id}`)
      .set(as(newcomer))
      .expect(200);
    expect(after.body.slots.length).toBe(3);
  });

  it.each([
    ['an unknown zone', 'put', 'availability', { timeZone: 'Europe/Atlantis', weekly: [] }, 'timeZone'],
    [
      'an end before the start',
      'put',
      'availability',
      { timeZone: 'Europe/Rome', weekly: [{ weekday: 1, start: '10:00', end: '09:00' }] },
      'weekly.0.end',
    ],
    ['25:00', 'put', 'availability', { timeZone: 'Europe/Rome', weekly: [{ weekday: 1, start: '25:00', end: '26:00' }] }, 'weekly.0.start'],
    [
      'weekday 8',
      'put',
      'availability',
      { timeZone: 'Europe/Rome', weekly: [{ weekday: 8, start: '09:00', end: '10:00' }] },
      'weekly.0.weekday',
    ],
    [
      'a time with seconds',
      'put',
      'availability',
      { timeZone: 'Europe/Rome', weekly: [{ weekday: 1, start: '09:00:00', end: '10:00' }] },
      'weekly.0.start',
    ],
    ['weekly not a list', 'put', 'availability', { timeZone: 'Europe/Rome', weekly: 'mondays' }, 'weekly'],
    [
      'an override interval ending first',
      'put',
      'overrides/2026-11-02',
      { intervals: [{ start: '12:00', end: '11:00' }] },
      'intervals.0.end',
    ],
    ['a date in another format', 'put', 'overrides/02-11-2026', { intervals: [] }, 'date'],
    ['a date that does not exist', 'put', 'overrides/2026-02-30', { intervals: [] }, 'date'],
    ['time off ending first', 'post', 'time-off', { start: '2026-11-02T10:00:00Z', end: '2026-11-01T10:00:00Z' }, 'end'],
    ['time off without an offset', 'post', 'time-off', { start: '2026-11-02T10:00:00', end: '2026-11-03T10:00:00Z' }, 'start'],
    ['a negative notice', 'patch', '', { minimumNoticeMinutes: -5 }, 'minimumNoticeMinutes'],
    ['an odd session length', 'patch', '', { sessionLengths: [37] }, 'sessionLengths'],
  ])('refuses %s, naming the field', async (_name, method, path, body, field) => {
    const url = `/v1/coaches/${coach.id}${path ? `/${path}` : ''}`;
    const http = apps.http() as unknown as Record<string, (u: string) => ReturnType<ReturnType<TestApps['http']>['get']>>;
    const response = await http[method](url).set(as(staff.sienaCoordinator)).send(body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it.each([
    ['an unknown zone', 'from=2026-10-26&to=2026-10-27&timeZone=Mars/Base', 'timeZone'],
    ['to before from', 'from=2026-10-27&to=2026-10-26&timeZone=UTC', 'to'],
    ['a huge range', 'from=2026-10-01&to=2027-10-01&timeZone=UTC', 'to'],
    ['a date in another format', 'from=26/10/2026&to=2026-10-27&timeZone=UTC', 'from'],
    ['a missing to', 'from=2026-10-26&timeZone=UTC', 'to'],
    ['an odd duration', 'from=2026-10-26&to=2026-10-27&timeZone=UTC&durationMinutes=7', 'durationMinutes'],
    ['a coach id that is not a UUID', 'from=2026-10-26&to=2026-10-27&timeZone=UTC&coachId=42', 'coachId'],
  ])('slot search refuses %s', async (_name, query, field) => {
    const response = await apps.http().get(`/v1/slots?${query}`).set(as(newcomer)).expect(400);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('booking refuses 25:00 and a start without an offset', async () => {
    for (const start of ['2026-10-26T25:00:00Z', '2026-10-26T12:15:00', '2026-13-01T10:00:00Z', 'tomorrow']) {
      const response = await apps
        .http()
        .post('/v1/sessions')
        .set(as(newcomer))
        .send({ coachId: coach.id, start, durationMinutes: 60, topic: 'employment', language: 'en' })
        .expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'start' })]);
    }
  });
});
