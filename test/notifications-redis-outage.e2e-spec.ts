import { DataSource } from 'typeorm';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createCoach } from './support/coaches';
import { DedicatedRedis } from './support/dedicated-redis';
import { ALL_WEEK, nextGridStart, notificationRows, offsetFor, sentTo, sleep, waitForRows } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * The apps use a redis-server of this test's own, which it kills and starts
 * again empty. The outbox in PostgreSQL is the truth: bookings succeed while
 * Redis is down, and reminders whose delayed jobs Redis lost still arrive.
 */
describe('reminders survive Redis going away', () => {
  const T0 = Math.ceil(Date.now() / 1000) * 1000;
  const start = nextGridStart(new Date(T0 + 10 * 60_000));
  const due = new Date(T0 + 25_000);
  const redis = new DedicatedRedis();
  const as = (a: TestAccount) => ({ Authorization: `Bearer ${a.token}` });
  let apps: TestApps;
  let siena: string;
  let coordinator: TestAccount;

  const pair = async () => ({
    newcomer: await registerNewcomer(apps.http, siena, { locale: 'uk', timeZone: 'Europe/Kyiv' }),
    coach: await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: 'Africa/Lagos',
      weekly: ALL_WEEK,
      profile: { minimumNoticeMinutes: 0 },
    }),
  });
  const book = (newcomer: TestAccount, coach: TestAccount) =>
    apps
      .http()
      .post('/v1/sessions')
      .set(as(newcomer))
      .send({ coachId: coach.id, start: start.toISOString(), durationMinutes: 30, topic: 'housing', language: 'en' });

  beforeAll(async () => {
    await redis.start();
    apps = await startTestApps({ env: { REDIS_URL: redis.url, REMINDER_OFFSETS: offsetFor(start, due) } });
    ({ siena } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
  });
  afterAll(async () => {
    await redis.start(); // the apps close cleanly only with their Redis there
    await apps.close();
    await redis.stop();
  });

  it('books while Redis is down, and delivers every message once it is back, including reminders whose jobs an emptied Redis lost', async () => {
    // Booked while Redis is up: its reminders become delayed jobs, which the restart will wipe out.
    const early = await pair();
    const earlySession = (await book(early.newcomer, early.coach).expect(201)).body.id;
    await waitForRows(apps.api, earlySession, (rows) => rows.filter((r) => r.kind === 'reminder').every((r) => r.state === 'queued'));
    const late = await pair();

    await redis.stop();
    const response = await book(late.newcomer, late.coach);
    expect(response.status).toBe(201);
    const lateSession = response.body.id;
    await sleep(2_000); // the relay tries, and waits
    const waiting = await notificationRows(apps.api, lateSession);
    expect(waiting.map((r) => r.state)).toEqual(waiting.map(() => 'pending'));

    await redis.start(); // empty: every delayed job of the early session is gone
    const restartedAt = new Date();
    expect(Date.now()).toBeLessThan(due.getTime() - 3_000);

    for (const { newcomer, coach } of [early, late]) {
      await apps.smtp.waitFor((m) => sentTo(newcomer.email)(m) && m.subject!.startsWith('Нагадування'), 1, 30_000);
      await apps.smtp.waitFor((m) => sentTo(coach.email)(m) && m.subject!.startsWith('Reminder'), 1, 30_000);
    }
    await apps.smtp.waitFor((m) => sentTo(late.newcomer.email)(m) && m.subject!.includes('заброньовано'));
    for (const session of [earlySession, lateSession]) {
      const rows = await waitForRows(apps.api, session, (all) => all.filter((r) => r.state === 'sent').length === 4);
      expect(
        rows
          .filter((r) => r.state === 'sent')
          .map((r) => r.kind)
          .sort(),
      ).toEqual(['confirmation', 'confirmation', 'reminder', 'reminder']);
    }
    // The early reminders were queued again after the restart: the reconciler found their jobs missing.
    const requeued: Array<{ queued_at: Date }> = await apps.api
      .get(DataSource)
      .query(`SELECT queued_at FROM notification WHERE session_id = $1 AND kind = 'reminder' AND state = 'sent'`, [earlySession]);
    expect(requeued).toHaveLength(2);
    for (const row of requeued) expect(row.queued_at.getTime()).toBeGreaterThanOrEqual(restartedAt.getTime() - 1000);
    // Exactly once: one mail per row, whatever the relay and reconciler retried.
    const ids = apps.smtp.received.map((m) => m.messageId).filter((id) => id?.startsWith('<notification.'));
    expect(new Set(ids).size).toBe(ids.length);
  }, 60_000);
});
