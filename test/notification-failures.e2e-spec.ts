import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName } from '../libs/queue/src';
import { FixedClock } from '../apps/api/src/common/clock';
import { academyIds, createStaff, type TestAccount } from './support/accounts';
import {
  halfHourBooking,
  newcomerAndCoach,
  nextGridStart,
  notificationRows,
  runDueJobs,
  sentTo,
  waitForRows,
} from './support/notifications';
import { as, bookSession } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

describe('notifications that fail, follow up, or are not the caller’s to see', () => {
  const clock = new FixedClock(new Date());
  let apps: TestApps;
  let siena: string;
  let coordinator: TestAccount;

  const pair = () => newcomerAndCoach(apps, coordinator, siena, { timeZone: 'Africa/Lagos' });
  const book = (newcomer: TestAccount, coach: TestAccount, start: Date): Promise<string> =>
    bookSession(apps.http, newcomer, halfHourBooking(coach, start));

  beforeAll(async () => {
    apps = await startTestApps({ clock, env: { NOTIFICATION_ATTEMPTS: '3', NOTIFICATION_BACKOFF_MS: '100', REMINDER_OFFSETS: '24h,1h' } });
    ({ siena } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
  });
  afterAll(() => apps.close());
  afterEach(() => {
    apps.smtp.refuseWith = null;
    clock.set(new Date());
  });

  it('marks a message failed at once when the SMTP server refuses it for good (5xx), with the error visible through the API', async () => {
    const { newcomer, coach } = await pair();
    apps.smtp.refuseWith = `<${newcomer.email}>: Mailbox unavailable`;
    clock.set(new Date());
    const session = await book(newcomer, coach, nextGridStart(new Date(Date.now() + 3 * 3600_000)));

    const rows = await waitForRows(
      apps.api,
      session,
      (all) => all.filter((r) => r.kind === 'confirmation' && r.state === 'failed').length === 2,
      15_000,
    );
    for (const row of rows.filter((r) => r.kind === 'confirmation')) {
      expect(row.attempts).toBe(1);
      expect(row.last_error).toContain('Mailbox unavailable');
    }
    const listed = await apps.http().get(`/v1/sessions/${session}/notifications`).set(as(coordinator)).expect(200);
    const confirmations = listed.body.items.filter((n: { kind: string }) => n.kind === 'confirmation');
    expect(confirmations).toHaveLength(2);
    for (const item of confirmations)
      expect(item).toMatchObject({ state: 'failed', attempts: 1, lastError: expect.stringContaining('550') });
    expect(JSON.stringify(listed.body)).not.toContain(newcomer.email); // the SMTP error quoted it; the row does not keep it
    // Nor does BullMQ's record of the failed job, which the queue dashboard shows.
    const queue = apps.worker!.get<Queue>(getQueueToken(QueueName.Notifications));
    for (const row of rows.filter((r) => r.kind === 'confirmation')) {
      const job = await queue.getJob(`notification.${row.id}`);
      expect(job?.failedReason).toContain('Mailbox unavailable');
      expect(JSON.stringify([job?.failedReason, job?.stacktrace])).not.toContain('@');
    }
    expect(apps.smtp.received.filter(sentTo(newcomer.email)).filter((m) => m.subject?.includes('booked'))).toEqual([]);
  });

  it('asks the coach for the outcome once a session has ended, and skips messages whose moment has passed', async () => {
    const { newcomer, coach } = await pair();
    const start = nextGridStart(new Date(Date.now() - 90 * 60_000)); // ended at least half an hour ago
    clock.set(new Date(start.getTime() - 2 * 3600_000)); // booked two hours before it began
    const session = await book(newcomer, coach, start);
    // The worker comes to its messages only now, after the session ended.
    clock.set(new Date());
    await runDueJobs(apps.api, apps.worker!.get<Queue>(getQueueToken(QueueName.Notifications)), session);

    const [followUp] = await apps.smtp.waitFor((m) => sentTo(coach.email)(m) && m.subject === 'How did the session with Amina go?');
    // The web app's page, not a JSON endpoint that a browser would get 401 from.
    expect(followUp.text).toContain(`Record the outcome: http://coaching.test/sessions/${session}/outcome`);
    expect(followUp.attachments.filter((a) => a.contentType.startsWith('text/calendar'))).toEqual([]);

    const rows = await waitForRows(apps.api, session, (all) => all.every((r) => r.state === 'sent' || r.state === 'skipped'));
    const states = Object.fromEntries(
      rows.map((r) => [`${r.kind}:${r.offset_seconds}:${r.recipient_id === coach.id ? 'coach' : 'newcomer'}`, [r.state, r.last_error]]),
    );
    expect(states).toEqual({
      'confirmation:0:coach': ['skipped', 'the session had already started'],
      'confirmation:0:newcomer': ['skipped', 'the session had already started'],
      'reminder:86400:coach': ['skipped', 'the offset had already passed when the session was booked or moved'],
      'reminder:86400:newcomer': ['skipped', 'the offset had already passed when the session was booked or moved'],
      'reminder:3600:coach': ['skipped', 'the session had already started'],
      'reminder:3600:newcomer': ['skipped', 'the session had already started'],
      'follow_up:0:coach': ['sent', null],
      'feedback_request:0:newcomer': ['sent', null],
    });
  });

  it('uses an academy’s own reminder offsets when it has them', async () => {
    const db = apps.api.get(DataSource);
    await db.query(`UPDATE academy SET reminder_offsets_minutes = '{120,30}' WHERE id = $1`, [siena]);
    try {
      const { newcomer, coach } = await pair();
      const start = nextGridStart(new Date(Date.now() + 5 * 3600_000));
      const session = await book(newcomer, coach, start);
      const rows = await notificationRows(apps.api, session);
      const offsets = [...new Set(rows.filter((r) => r.kind === 'reminder').map((r) => r.offset_seconds))];
      expect(offsets.sort((a, b) => b - a)).toEqual([7200, 1800]);
    } finally {
      await db.query(`UPDATE academy SET reminder_offsets_minutes = NULL WHERE id = $1`, [siena]);
    }
  });

  it('shows the rows to coordinators of the session’s academy and admins only', async () => {
    const { newcomer, coach } = await pair();
    const session = await book(newcomer, coach, nextGridStart(new Date(Date.now() + 5 * 3600_000)));
    const { belgrade } = await academyIds(apps.http);
    const other = await createStaff(apps.api, apps.http, 'coordinator', belgrade);
    const admin = await createStaff(apps.api, apps.http, 'admin', null);
    const path = `/v1/sessions/${session}/notifications`;
    expect((await apps.http().get(path).set(as(admin)).expect(200)).body.items).toHaveLength(8);
    const hidden = await apps.http().get(path).set(as(other)).expect(404);
    expect(hidden.headers['content-type']).toContain('application/problem+json');
    await apps.http().get(path).set(as(newcomer)).expect(403);
    await apps.http().get(path).set(as(coach)).expect(403);
    await apps.http().get(path).expect(401);
    await apps.http().get('/v1/sessions/00000000-0000-4000-8000-000000000000/notifications').set(as(coordinator)).expect(404);
    const bad = await apps.http().get('/v1/sessions/not-a-uuid/notifications').set(as(coordinator)).expect(400);
    expect(bad.body.errors[0].field).toBe('id');
  });
});
