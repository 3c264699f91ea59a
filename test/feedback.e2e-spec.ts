import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { type ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { QueueName } from '../libs/queue/src';
import { FixedClock } from '../apps/api/src/common/clock';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createCoach } from './support/coaches';
import { ALL_WEEK, halfHourBooking, notificationRows, sentTo, sleep, waitForRows } from './support/notifications';
import { as, bookSession, postSessionAction } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * The newcomer's one-tap feedback, end to end: planned in the outbox at booking,
 * mailed FEEDBACK_DELAY (the default hour) after the end by the worker, answered
 * without sign-in.
 *
 * One pinned clock drives the API and the worker, at a fixed date. BullMQ counts a
 * job's delay down in real time, so when the clock is moved past the request's due
 * time the test promotes the delayed job: what an hour of waiting would do.
 */
describe('feedback from newcomers after a session', () => {
  const start = new Date('2031-03-10T09:00:00Z');
  const end = new Date('2031-03-10T09:30:00Z');
  const due = new Date('2031-03-10T10:30:00Z'); // end + FEEDBACK_DELAY (1h)
  const booked = new Date('2031-03-10T08:50:00Z');
  const clock = new FixedClock(booked);
  const URDU_SUBJECT = 'کے ساتھ آپ کا سیشن کیسا رہا؟';

  let apps: TestApps;
  const people: Record<'answered' | 'cancelled' | 'absent', { newcomer: TestAccount; coach: TestAccount; session: string }> = {} as never;
  const arrivals = new Map<ParsedMail, Date>();
  const feedbackTo = (who: TestAccount) => (m: ParsedMail) => sentTo(who.email)(m) && /feedback#token=/.test(m.text ?? '');
  const feedbackJob = async (sessionId: string) => {
    const row = (await notificationRows(apps.api, sessionId)).find((r) => r.kind === 'feedback_request')!;
    return apps.worker!.get<Queue>(getQueueToken(QueueName.Notifications)).getJob(`notification.${row.id}`);
  };

  beforeAll(async () => {
    apps = await startTestApps({ clock });
    const push = apps.smtp.received.push.bind(apps.smtp.received);
    apps.smtp.received.push = (...mails: ParsedMail[]) => {
      for (const mail of mails) arrivals.set(mail, clock.now());
      return push(...mails);
    };
    const { siena } = await academyIds(apps.http);
    const coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    for (const [key, locale, zone] of [
      ['answered', 'ur', 'Asia/Karachi'],
      ['cancelled', 'fa', 'Asia/Tehran'],
      ['absent', 'it', 'Europe/Rome'],
    ] as const) {
      const newcomer = await registerNewcomer(apps.http, siena, { locale, timeZone: zone, displayName: `Newcomer ${key}` });
      const coach = await createCoach(apps.api, apps.http, coordinator, siena, {
        timeZone: 'Europe/Rome',
        weekly: ALL_WEEK,
        profile: { minimumNoticeMinutes: 0 },
      });
      people[key] = { newcomer, coach, session: await bookSession(apps.http, newcomer, halfHourBooking(coach, start)) };
    }
    await postSessionAction(apps.http, people.cancelled.newcomer, people.cancelled.session, 'cancel', {}).expect(200);
  }, 60_000);
  afterAll(() => apps.close());

  let token: string;

  it('plans one request to the newcomer FEEDBACK_DELAY after the end, as a job delayed until then', async () => {
    const rows = await notificationRows(apps.api, people.answered.session);
    const requests = rows.filter((r) => r.kind === 'feedback_request');
    expect(requests.map((r) => [r.recipient_id, r.state === 'pending' || r.state === 'queued'])).toEqual([
      [people.answered.newcomer.id, true],
    ]);
    // The confirmations went at once; the request waits in the queue for its hour.
    await apps.smtp.waitFor((m) => sentTo(people.answered.newcomer.email)(m) && !!m.subject?.includes('بک'));
    const until = Date.now() + 10_000;
    let job = await feedbackJob(people.answered.session);
    while ((!job || (await job.getState()) !== 'delayed') && Date.now() < until) {
      await sleep(100);
      job = await feedbackJob(people.answered.session);
    }
    expect(await job!.getState()).toBe('delayed');
    expect(job!.opts.delay).toBe(due.getTime() - booked.getTime());
    expect(apps.smtp.received.filter(feedbackTo(people.answered.newcomer))).toHaveLength(0);
  });

  it('mails it once, after the delay, in Urdu, right to left, with five faces that link to the feedback page', async () => {
    // The session is over: the coach records who came.
    clock.set(new Date(end.getTime() + 60_000));
    await postSessionAction(apps.http, people.absent.coach, people.absent.session, 'attendance', { outcome: 'newcomer_no_show' }).expect(
      200,
    );
    await postSessionAction(apps.http, people.answered.coach, people.answered.session, 'attendance', { outcome: 'completed' }).expect(200);
    // The hour passes.
    clock.set(new Date(due.getTime() + 1_000));
    for (const key of ['answered', 'absent'] as const) await (await feedbackJob(people[key].session))!.promote();

    const [mail] = await apps.smtp.waitFor(feedbackTo(people.answered.newcomer), 1, 20_000);
    expect(arrivals.get(mail)!.getTime()).toBeGreaterThanOrEqual(due.getTime());
    expect(mail.subject).toContain(URDU_SUBJECT);
    expect(mail.html).toContain('dir="rtl"');
    const links = [...(mail.text ?? '').matchAll(/http:\/\/coaching\.test\/feedback#token=([A-Za-z0-9_-]+)&score=(\d)/g)];
    expect(links.map((l) => l[2])).toEqual(['1', '2', '3', '4', '5']);
    expect(new Set(links.map((l) => l[1])).size).toBe(1);
    token = links[0][1];
    await waitForRows(apps.api, people.answered.session, (rows) => rows.some((r) => r.kind === 'feedback_request' && r.state === 'sent'));
    // Stored only as its hash.
    const [stored] = await apps.api
      .get(DataSource)
      .query('SELECT token_hash FROM session_feedback WHERE session_id = $1', [people.answered.session]);
    expect(stored.token_hash.toString('base64url')).not.toBe(token);
  }, 30_000);

  it('records the score from the link without sign-in, and the newcomer sees what they sent', async () => {
    await apps.http().post('/v1/feedback').send({ token, score: 4 }).expect(204);
    const own = await apps.http().get(`/v1/sessions/${people.answered.session}/feedback`).set(as(people.answered.newcomer)).expect(200);
    expect(own.body).toMatchObject({ score: 4, happened: null, comment: null });
  });

  it('lets a second use within 14 days update the answer and add the optional questions', async () => {
    clock.set(new Date(due.getTime() + 13 * 86_400_000));
    await apps.http().post('/v1/feedback').send({ token, score: 2, happened: 'coach_absent', comment: 'The coach was late' }).expect(204);
    await apps.http().post('/v1/feedback').send({ token, score: 3 }).expect(204); // the optional answers stay
    const own = await apps.http().get(`/v1/sessions/${people.answered.session}/feedback`).set(as(people.answered.newcomer)).expect(200);
    expect(own.body).toMatchObject({ score: 3, happened: 'coach_absent', comment: 'The coach was late' });
  });

  it('refuses the link after 14 days, and a made-up one, naming the token', async () => {
    clock.set(new Date(due.getTime() + 14 * 86_400_000 + 60_000));
    const late = await apps.http().post('/v1/feedback').send({ token, score: 5 }).expect(400);
    expect(late.body).toMatchObject({ code: 'invalid_link_token', errors: [{ field: 'token' }] });
    clock.set(new Date(due.getTime() + 60_000));
    await apps
      .http()
      .post('/v1/feedback')
      .send({ token: 'x'.repeat(43), score: 5 })
      .expect(400);
    const own = await apps.http().get(`/v1/sessions/${people.answered.session}/feedback`).set(as(people.answered.newcomer)).expect(200);
    expect(own.body.score).toBe(3);
  });

  it('refuses bad answers naming the field, and writes nothing', async () => {
    for (const [body, field] of [
      [{ token, score: 6 }, 'score'],
      [{ token, score: '4' }, 'score'],
      [{ token, score: 4, happened: 'maybe' }, 'happened'],
      [{ token, score: 4, comment: 'x'.repeat(1001) }, 'comment'],
      [{ score: 4 }, 'token'],
    ] as const) {
      const response = await apps.http().post('/v1/feedback').send(body).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const own = await apps.http().get(`/v1/sessions/${people.answered.session}/feedback`).set(as(people.answered.newcomer)).expect(200);
    expect(own.body.score).toBe(3);
  });

  it('sends nothing for a cancelled session, nor to a newcomer recorded absent', async () => {
    const absent = await waitForRows(apps.api, people.absent.session, (rows) =>
      rows.some((r) => r.kind === 'feedback_request' && r.state === 'skipped'),
    );
    expect(absent.find((r) => r.kind === 'feedback_request')!.last_error).toBe('the session is newcomer_no_show');
    const cancelled = await notificationRows(apps.api, people.cancelled.session);
    expect(cancelled.filter((r) => r.kind === 'feedback_request').map((r) => r.state)).toEqual(['skipped']);
    await sleep(500);
    expect(apps.smtp.received.filter(feedbackTo(people.absent.newcomer))).toHaveLength(0);
    expect(apps.smtp.received.filter(feedbackTo(people.cancelled.newcomer))).toHaveLength(0);
    expect(apps.smtp.received.filter(feedbackTo(people.answered.newcomer))).toHaveLength(1);
  });

  it('shows the answer to no coach, and to no other newcomer', async () => {
    await apps.http().get(`/v1/sessions/${people.answered.session}/feedback`).set(as(people.answered.coach)).expect(403);
    await apps.http().get(`/v1/sessions/${people.answered.session}/feedback`).set(as(people.absent.newcomer)).expect(404);
  });
});
