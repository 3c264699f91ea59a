import { JwtService } from '@nestjs/jwt';
import { type ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createCoach } from './support/coaches';
import { ALL_WEEK, nextGridStart, waitForRows } from './support/notifications';
import { as, bookSession, postBooking } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

const JITSI = {
  MEETING_PROVIDER: 'jitsi-jwt',
  JITSI_URL: 'https://video.coaching.test',
  JITSI_APP_ID: 'coaching-test',
  JITSI_APP_SECRET: 'jitsi-app-secret-for-tests-only-0123456789',
};
const MINUTE = 60_000;
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

interface JitsiClaims {
  aud: string;
  iss: string;
  sub: string;
  room: string;
  nbf: number;
  exp: number;
  iat: number;
  context: { user: { id: string; name: string; moderator: boolean } };
}

/**
 * Meeting rooms under MEETING_PROVIDER=jitsi-jwt: the join endpoint lets only
 * the session's coach and newcomer in, only around its time, each with a
 * token of their own; everything else (mails, calendar files, feeds, every
 * other answer) carries the join page and never the room.
 */
describe('meeting rooms (jitsi-jwt)', () => {
  let apps: TestApps;
  let db: DataSource;
  const clock = new FixedClock(new Date());
  let siena: string;
  let belgrade: string;
  let coordinator: TestAccount;
  let admin: TestAccount;
  let belgradeCoordinator: TestAccount;
  let coach: TestAccount;
  let otherCoach: TestAccount;
  let newcomer: TestAccount;
  let otherNewcomer: TestAccount;

  const join = (who: TestAccount, id: string) => apps.http().get(`/v1/sessions/${id}/join`).set(as(who));
  const roomOf = async (id: string) =>
    ((await db.query(`SELECT meeting_url FROM coaching_session WHERE id = $1`, [id])) as Array<{ meeting_url: string }>)[0].meeting_url;

  beforeAll(async () => {
    apps = await startTestApps({ clock, env: { ...JITSI, REMINDER_OFFSETS: '24h' } });
    db = apps.api.get(DataSource);
    ({ siena, belgrade } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    belgradeCoordinator = await createStaff(apps.api, apps.http, 'coordinator', belgrade);
    admin = await createStaff(apps.api, apps.http, 'admin', null);
    const coachSetup = { timeZone: 'America/Toronto', weekly: ALL_WEEK, profile: { minimumNoticeMinutes: 0 } };
    coach = await createCoach(apps.api, apps.http, coordinator, siena, coachSetup);
    otherCoach = await createCoach(apps.api, apps.http, coordinator, siena, coachSetup);
    newcomer = await registerNewcomer(apps.http, siena, { displayName: 'Amina', timeZone: 'Europe/Rome', locale: 'ur', languages: ['ur'] });
    otherNewcomer = await registerNewcomer(apps.http, siena, { languages: ['en'] });
  }, 90_000);
  afterAll(() => apps.close());

  /**
   * Books half an hour as the newcomer, hours ahead of the real now (the worker's mail runs on the real clock).
   * Half an hour on the :00/:30 grid never crosses the coach's midnight, whatever the hour the test runs.
   */
  const bookHalfHour = async (hoursAhead: number) => {
    clock.set(new Date());
    const start = nextGridStart(new Date(Date.now() + hoursAhead * 3600_000));
    const id = await bookSession(apps.http, newcomer, {
      coachId: coach.id,
      start: start.toISOString(),
      language: 'ur',
      durationMinutes: 30,
    });
    return { id, start, end: new Date(start.getTime() + 30 * MINUTE) };
  };

  it('gives the coach a moderator’s token and the newcomer a guest’s, both for the session’s room, from 10 minutes before to 15 after', async () => {
    const { id, start, end } = await bookHalfHour(3);
    const room = (await roomOf(id)).split('/').pop()!;
    expect(room).toMatch(/^cac-[0-9a-f]{32}$/);

    const now = new Date(start.getTime() - 5 * MINUTE);
    clock.set(now);
    const verifier = new JwtService();
    const claimsOf = async (who: TestAccount) => {
      const response = await join(who, id).expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toEqual({
        url: expect.stringMatching(new RegExp(`^https://video\\.coaching\\.test/${room}\\?jwt=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`)),
        opensAt: expect.any(String),
        closesAt: expect.any(String),
      });
      expect(new Date(response.body.opensAt).getTime()).toBe(start.getTime() - 10 * MINUTE);
      expect(new Date(response.body.closesAt).getTime()).toBe(end.getTime() + 15 * MINUTE);
      const token = new URL(response.body.url).searchParams.get('jwt')!;
      // Signed with the app secret (HS256), checked at the pinned time; another secret does not verify it.
      expect(() => verifier.verify(token, { secret: 'another-secret-another-secret-0123', algorithms: ['HS256'] })).toThrow();
      return verifier.verify<JitsiClaims>(token, {
        secret: JITSI.JITSI_APP_SECRET,
        algorithms: ['HS256'],
        audience: 'jitsi',
        issuer: JITSI.JITSI_APP_ID,
        clockTimestamp: seconds(now),
      });
    };
    const common = {
      aud: 'jitsi',
      iss: JITSI.JITSI_APP_ID,
      sub: 'video.coaching.test',
      room,
      nbf: seconds(start) - 600,
      exp: seconds(end) + 900,
      iat: seconds(now),
    };
    expect(await claimsOf(coach)).toEqual({ ...common, context: { user: { id: coach.id, name: expect.any(String), moderator: true } } });
    expect(await claimsOf(newcomer)).toEqual({ ...common, context: { user: { id: newcomer.id, name: 'Amina', moderator: false } } });
  });

  it('refuses everyone else: another newcomer and another coach find no session (404), staff may not enter (403)', async () => {
    const { id, start } = await bookHalfHour(5);
    clock.set(start);
    for (const who of [otherNewcomer, otherCoach]) expect((await join(who, id).expect(404)).body.code).toBe('not_found');
    for (const who of [coordinator, belgradeCoordinator, admin]) expect((await join(who, id).expect(403)).body.code).toBe('forbidden');
    await apps.http().get(`/v1/sessions/${id}/join`).expect(401);
  });

  it('answers 409 too_early (with opensAt), then 200 at the opening, 200 until 15 minutes after the end, then 409 session_over', async () => {
    const { id, start, end } = await bookHalfHour(7);
    clock.set(new Date(start.getTime() - 10 * MINUTE - 1000));
    const early = await join(newcomer, id).expect(409);
    expect(early.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(early.body).toMatchObject({ code: 'too_early', status: 409 });
    // In the caller's zone (Amina's is Rome), naming the instant the room opens.
    expect(early.body.opensAt).toMatch(/[+-]\d\d:\d\d$/);
    expect(new Date(early.body.opensAt).getTime()).toBe(start.getTime() - 10 * MINUTE);

    clock.set(new Date(start.getTime() - 10 * MINUTE));
    await join(newcomer, id).expect(200);
    clock.set(new Date(end.getTime() + 15 * MINUTE - 1000));
    await join(coach, id).expect(200);
    clock.set(new Date(end.getTime() + 15 * MINUTE));
    expect((await join(newcomer, id).expect(409)).body.code).toBe('session_over');
    expect((await join(coach, id).expect(409)).body.code).toBe('session_over');
  });

  it('answers 409 session_cancelled for a cancelled session, even at its time', async () => {
    const { id, start } = await bookHalfHour(9);
    await apps.http().post(`/v1/sessions/${id}/cancel`).set(as(newcomer)).send({}).expect(200);
    clock.set(start);
    expect((await join(newcomer, id).expect(409)).body.code).toBe('session_cancelled');
    expect((await join(coach, id).expect(409)).body.code).toBe('session_cancelled');
  });

  it('records who joined and when: the coach sees it, the newcomer’s export holds it, erasure removes it', async () => {
    const person = await registerNewcomer(apps.http, siena, { displayName: 'Hamid', languages: ['en'] });
    clock.set(new Date());
    const start = nextGridStart(new Date(Date.now() + 11 * 3600_000));
    const response = await postBooking(apps.http, person, { coachId: otherCoach.id, start: start.toISOString(), durationMinutes: 30 });
    expect(response.status).toBe(201);
    const id = response.body.id as string;
    const joinedAt = new Date(start.getTime() - 2 * MINUTE);
    clock.set(joinedAt);
    await join(person, id).expect(200);
    clock.set(new Date(start.getTime() + 3 * MINUTE));
    await join(person, id).expect(200); // the first time is the one kept

    const seen = (await apps.http().get(`/v1/sessions/${id}`).set(as(otherCoach)).expect(200)).body;
    expect(seen.joins).toEqual([{ role: 'newcomer', displayName: 'Hamid', joinedAt: expect.any(String) }]);
    expect(new Date(seen.joins[0].joinedAt).getTime()).toBe(joinedAt.getTime());
    const listed = (await apps.http().get('/v1/sessions?limit=100').set(as(otherCoach)).expect(200)).body.items;
    expect(listed.find((s: { id: string }) => s.id === id).joins).toHaveLength(1);
    expect((await apps.http().get(`/v1/sessions/${id}`).set(as(person)).expect(200)).body).not.toHaveProperty('joins');

    const exported = (await apps.http().get('/v1/me/export').set(as(person)).expect(200)).body;
    expect(exported.joins).toEqual([{ sessionId: id, joinedAt: joinedAt.toISOString() }]);
    await apps.http().delete('/v1/me').set(as(person)).expect(204);
    expect(await db.query(`SELECT 1 FROM session_join WHERE user_id = $1`, [person.id])).toEqual([]);
    expect((await apps.http().get(`/v1/sessions/${id}`).set(as(otherCoach)).expect(200)).body.joins).toEqual([]);
  });

  it('puts the room in no mail, calendar file, feed or answer but the join answer: they carry the join page', async () => {
    clock.set(new Date());
    const start = nextGridStart(new Date(Date.now() + 13 * 3600_000));
    const booked = await postBooking(apps.http, newcomer, {
      coachId: coach.id,
      start: start.toISOString(),
      language: 'ur',
      durationMinutes: 30,
    }).expect(201);
    const id = booked.body.id as string;
    const room = (await roomOf(id)).split('/').pop()!;
    const joinPage = `http://coaching.test/sessions/${id}/join`;
    // Both confirmations go out before the session moves, so each kind of session mail is read.
    const settled = (kinds: string[]) => (rows: Array<{ kind: string; state: string }>) =>
      rows.filter((r) => kinds.includes(r.kind)).length > 0 && rows.filter((r) => kinds.includes(r.kind)).every((r) => r.state === 'sent');
    await waitForRows(apps.api, id, settled(['confirmation']), 15_000);
    const moved = new Date(start.getTime() + 3600_000);
    const rescheduled = await apps.http().post(`/v1/sessions/${id}/reschedule`).set(as(newcomer)).send({ start: moved.toISOString() });
    expect(rescheduled.status).toBe(200);

    const texts: Array<[string, string]> = [
      ['booking', booked.text],
      ['reschedule', rescheduled.text],
    ];
    const read = async (label: string, who: TestAccount, path: string) => {
      const response = await apps.http().get(path).set(as(who)).expect(200);
      texts.push([label, response.text]);
      return response;
    };
    for (const [label, who] of [
      ['newcomer', newcomer],
      ['coach', coach],
      ['coordinator', coordinator],
      ['admin', admin],
    ] as const) {
      await read(`${label} GET session`, who, `/v1/sessions/${id}`);
      await read(`${label} list`, who, '/v1/sessions?limit=100');
      await read(`${label} calendar.ics`, who, `/v1/sessions/${id}/calendar.ics`);
    }
    await read('notifications', coordinator, `/v1/sessions/${id}/notifications`);
    for (const [label, who] of [
      ['newcomer', newcomer],
      ['coach', coach],
    ] as const) {
      await read(`${label} export`, who, '/v1/me/export');
      const feed = (await apps.http().get('/v1/me/calendar-feed').set(as(who)).expect(200)).body.url as string;
      const response = await apps.http().get(new URL(feed).pathname).expect(200);
      texts.push([`${label} feed`, response.text]);
      expect(response.text.replace(/\r\n /g, '')).toContain(joinPage);
    }
    await apps.http().post(`/v1/sessions/${id}/cancel`).set(as(newcomer)).send({}).expect(200);

    // Confirmations and reschedule notices to both, with their .ics invitations, and the cancellations.
    await waitForRows(apps.api, id, settled(['reschedule', 'cancellation']), 15_000);
    const mails = apps.smtp.received.filter(
      (m: ParsedMail) =>
        (m.text ?? '').includes(id) || (m.html || '').includes(id) || m.attachments.some((a) => a.content.toString().includes(id)),
    );
    expect(mails.length).toBeGreaterThanOrEqual(6);
    for (const mail of mails) {
      const parts = [mail.subject ?? '', mail.text ?? '', mail.html || '', ...mail.attachments.map((a) => a.content.toString('utf8'))];
      texts.push([`mail ${mail.subject}`, parts.join('\n')]);
    }
    const invitations = mails.filter((m) => (m.text ?? '').includes(joinPage));
    expect(invitations.length).toBeGreaterThanOrEqual(4);
    const icsInMail = mails.flatMap((m) => m.attachments).filter((a) => a.contentType.startsWith('text/calendar'));
    expect(icsInMail.length).toBeGreaterThanOrEqual(4);
    for (const ics of icsInMail) expect(ics.content.toString('utf8').replace(/\r\n /g, '')).toContain(joinPage);

    const leaks = texts.filter(([, text]) => text.replace(/\r\n /g, '').includes(room) || text.includes('jwt=')).map(([label]) => label);
    expect(leaks).toEqual([]);
    expect(texts.filter(([label]) => label.includes('GET session')).every(([, text]) => JSON.parse(text).joinUrl === joinPage)).toBe(true);
  });

  it('lets a coach or coordinator set a meeting URL only where the provider is url', async () => {
    const { id } = await bookHalfHour(16);
    const put = (who: TestAccount, url: unknown) => apps.http().put(`/v1/sessions/${id}/meeting-url`).set(as(who)).send({ url });
    expect((await put(coach, 'https://meet.example.org/x').expect(409)).body.code).toBe('meeting_url_not_used');
    expect((await put(newcomer, 'https://meet.example.org/x').expect(403)).body.code).toBe('forbidden');
    expect((await put(belgradeCoordinator, 'https://meet.example.org/x').expect(404)).body.code).toBe('not_found');
  });
});

describe('meeting rooms (url provider)', () => {
  let apps: TestApps;
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    apps = await startTestApps({ clock, worker: false, env: { MEETING_PROVIDER: 'url' } });
  });
  afterAll(() => apps.close());

  it('takes an https meeting URL from the coach or a coordinator, and gives it only through the join endpoint', async () => {
    const { siena } = await academyIds(apps.http);
    const coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    const coach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: 'Europe/Rome',
      weekly: ALL_WEEK,
      profile: { minimumNoticeMinutes: 0 },
    });
    const newcomer = await registerNewcomer(apps.http, siena, { languages: ['en'] });
    const start = nextGridStart(new Date(Date.now() + 3 * 3600_000));
    const booked = await postBooking(apps.http, newcomer, { coachId: coach.id, start: start.toISOString(), durationMinutes: 30 }).expect(
      201,
    );
    const id = booked.body.id as string;
    expect(booked.body.room).toEqual({ provider: 'url', moderatorMustSignIn: false, ready: false });

    clock.set(start);
    expect((await apps.http().get(`/v1/sessions/${id}/join`).set(as(newcomer)).expect(409)).body.code).toBe('meeting_url_missing');

    const put = (who: TestAccount, url: unknown) => apps.http().put(`/v1/sessions/${id}/meeting-url`).set(as(who)).send({ url });
    for (const bad of ['http://meet.example.org/x', 'javascript:alert(1)', 'meet.example.org/x', 42, null]) {
      const refused = await put(coach, bad).expect(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ field: 'url' })] });
    }
    await put(coach, 'https://meet.example.org/coaching-1').expect(204);
    await put(coordinator, 'https://video.example.org/room/abc?pwd=1').expect(204);

    const seen = await apps.http().get(`/v1/sessions/${id}`).set(as(coach)).expect(200);
    expect(seen.body.room.ready).toBe(true);
    expect(seen.text).not.toContain('video.example.org');
    const joined = await apps.http().get(`/v1/sessions/${id}/join`).set(as(newcomer)).expect(200);
    expect(joined.body.url).toBe('https://video.example.org/room/abc?pwd=1');
  });
});
