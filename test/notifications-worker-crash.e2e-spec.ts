import { createAccounts, createCoach } from './support/coaches';
import { academyIds, createStaff, type TestAccount } from './support/accounts';
import { ALL_WEEK, nextGridStart, offsetFor, sleep } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';
import { AppProcess, assertAppBuilt } from './support/app-process';
import { DataSource } from 'typeorm';

const PAIRS = 10;

/**
 * The worker runs as a real process and is killed with SIGKILL while the first
 * wave of reminders is being delivered, then started again. Every reminder
 * must still arrive, once per Message-ID.
 */
describe('a worker killed mid-run', () => {
  let apps: TestApps;
  let worker: AppProcess;
  let dueA: number;
  let dueB: number;
  let sessions: string[] = [];

  beforeAll(async () => {
    assertAppBuilt('worker');
    const t0 = Math.ceil(Date.now() / 1000) * 1000;
    const start = nextGridStart(new Date(t0 + 10 * 60_000));
    dueA = t0 + 20_000;
    dueB = t0 + 30_000;
    apps = await startTestApps({
      worker: false,
      env: { REMINDER_OFFSETS: `${offsetFor(start, new Date(dueA))},${offsetFor(start, new Date(dueB))}` },
    });
    worker = new AppProcess(apps.config, 'worker');
    worker.start();
    const { siena } = await academyIds(apps.http);
    const coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    const newcomers = await createAccounts(apps.api, 'newcomer', siena, PAIRS, { timeZone: 'Asia/Karachi', locale: 'ur' });
    const coaches: TestAccount[] = [];
    for (let i = 0; i < PAIRS; i++) {
      coaches.push(
        await createCoach(apps.api, apps.http, coordinator, siena, {
          timeZone: 'America/Toronto',
          weekly: ALL_WEEK,
          profile: { minimumNoticeMinutes: 0 },
        }),
      );
    }
    sessions = await Promise.all(
      newcomers.map(async (newcomer, i) => {
        const response = await apps
          .http()
          .post('/v1/sessions')
          .set({ Authorization: `Bearer ${newcomer.token}` })
          .send({ coachId: coaches[i].id, start: start.toISOString(), durationMinutes: 30, topic: 'employment', language: 'ur' })
          .expect(201);
        return response.body.id as string;
      }),
    );
    expect(Date.now()).toBeLessThan(dueA - 3_000);
  }, 60_000);
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await apps?.close();
  });

  it('delivers every due reminder exactly once (by Message-ID) after a SIGKILL and restart', async () => {
    const reminders: Array<{ id: string }> = await apps.api
      .get(DataSource)
      .query(`SELECT id FROM notification WHERE session_id = ANY($1::uuid[]) AND kind = 'reminder'`, [sessions]);
    expect(reminders).toHaveLength(PAIRS * 2 * 2);
    const expected = new Set(reminders.map((r) => `<notification.${r.id}@localhost>`));
    const isReminder = (id: string | undefined) => id !== undefined && expected.has(id);

    // Kill the worker the moment the first reminder of the first wave reaches the SMTP server.
    await apps.smtp.waitFor((m) => isReminder(m.messageId), 1, 40_000);
    expect(await worker.stop('SIGKILL')).toBeNull();
    const beforeRestart = apps.smtp.received.filter((m) => isReminder(m.messageId)).length;
    await sleep(500);
    worker.start();

    await apps.smtp
      .waitFor((m) => isReminder(m.messageId), expected.size, 60_000)
      .catch(async (error) => {
        const distinct = new Set(apps.smtp.received.map((m) => m.messageId).filter(isReminder));
        throw new Error(
          `${distinct.size} of ${expected.size} reminders arrived (${beforeRestart} before the kill): ${error}\n${worker.output}`,
        );
      });
    await sleep(1_000); // a late duplicate would show here
    const delivered = apps.smtp.received.map((m) => m.messageId).filter(isReminder);
    const distinct = new Set(delivered);
    expect([...distinct].sort()).toEqual([...expected].sort());
    const resent = () => apps.smtp.received.map((m) => m.messageId).filter(isReminder).length - distinct.size;
    // Jobs whose mail went out just before the kill, but whose row was not yet marked, come back
    // once BullMQ sees them stalled (lock 20 s + check every 10 s): sent again, then marked.
    const statesNow = (): Promise<Array<{ state: string; count: string }>> =>
      apps.api
        .get(DataSource)
        .query(`SELECT state, count(*) FROM notification WHERE session_id = ANY($1::uuid[]) AND kind = 'reminder' GROUP BY state`, [
          sessions,
        ]);
    let states = await statesNow();
    for (const deadline = Date.now() + 45_000; states.length !== 1 && Date.now() < deadline; states = await statesNow()) await sleep(500);
    expect(states).toEqual([{ state: 'sent', count: String(expected.size) }]);
    // A crash between SMTP's answer and the database write may send a message again, with the
    // same Message-ID (mail clients collapse it); at most the jobs in hand when it died.
    expect(resent()).toBeLessThanOrEqual(16);
    console.info(
      `worker crash: ${beforeRestart} reminders before the kill, ${distinct.size + resent()} deliveries for ${distinct.size} messages`,
    );
  }, 150_000);
});
