import { DataSource } from 'typeorm';
import { type AcademyStaff, createAcademyStaff, type TestAccount } from './support/accounts';
import { AppProcess, assertAppBuilt, startApiProcess } from './support/app-process';
import { holdLock } from './support/locks';
import { halfHourBooking, newcomerAndCoach, nextGridStart, sentTo, sleep, waitForRows } from './support/notifications';
import { bookSession } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * The built API and worker run as their own processes and receive SIGTERM
 * while a request and a job are in flight. Both must finish their work and
 * exit 0.
 */
describe('graceful shutdown on SIGTERM', () => {
  let apps: TestApps;
  let staff: AcademyStaff;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    assertAppBuilt('api');
    assertAppBuilt('worker');
    apps = await startTestApps({ worker: false });
    staff = await createAcademyStaff(apps);
  }, 60_000);
  afterAll(async () => {
    for (const child of processes) await child.stop('SIGKILL');
    await apps.close();
  });

  const pair = () => newcomerAndCoach(apps, staff.sienaCoordinator, staff.siena);
  /**
   * Waits until no account mail (invitation, verification…) is left to send, and no message has reached the SMTP
   * server for a second: the next message the worker sends is then the booking's, the one the test holds.
   */
  const accountMailsSettled = async () => {
    for (let quiet = 0, seen = -1; quiet < 10; await sleep(100)) {
      const [{ open }] = await apps.api
        .get(DataSource)
        .query(`SELECT count(*)::int AS open FROM account_mail WHERE state IN ('pending', 'queued')`);
      const received = apps.smtp.received.length;
      quiet = open === 0 && received === seen ? quiet + 1 : 0;
      seen = received;
    }
  };
  /** Holds the coach's row, so that a booking waits inside its transaction until `release`. */
  const holdCoach = (coach: TestAccount) =>
    holdLock(apps.api.get(DataSource), 'SELECT 1 FROM coach_profile WHERE user_id = $1 FOR UPDATE', [coach.id]);
  /** Books through the API process's own port, as a client of the real server would. */
  const bookThrough = (port: number, newcomer: TestAccount, coach: TestAccount, start: Date) =>
    fetch(`http://127.0.0.1:${port}/v1/sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${newcomer.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(halfHourBooking(coach, start)),
    });

  it('lets the worker finish the mail it is sending, then exit 0', async () => {
    const worker = new AppProcess(apps.config, 'worker');
    processes.push(worker);
    worker.start();
    const { newcomer, coach } = await pair();
    await apps.smtp.waitFor(sentTo(newcomer.email)); // the newcomer's first mail: the worker is up
    await accountMailsSettled(); // and has sent every account mail it found (the staff's, the coach's): it is idle

    // The SMTP server now reads the next message but answers only when released.
    let release!: () => void;
    apps.smtp.hold = new Promise<void>((resolve) => (release = resolve));
    const sending = new Promise<void>((resolve) => (apps.smtp.onDataStart = resolve));
    const session = await bookSession(apps.http, newcomer, halfHourBooking(coach, nextGridStart(new Date(Date.now() + 3 * 3600_000))));
    await sending; // the worker is in the middle of an SMTP conversation
    const exit = worker.stop('SIGTERM');
    await sleep(500);
    release();
    expect(await exit).toBe(0);
    apps.smtp.hold = null;
    apps.smtp.onDataStart = null;

    const [mail] = await apps.smtp.waitFor(
      (m) => (sentTo(newcomer.email)(m) || sentTo(coach.email)(m)) && m.messageId!.startsWith('<notification.'),
    );
    const rows = await waitForRows(apps.api, session, (all) => all.some((r) => r.state === 'sent'));
    expect(rows.filter((r) => r.state === 'sent').map((r) => `<notification.${r.id}@localhost>`)).toContain(mail.messageId);
  }, 60_000);

  it('lets the API answer the request in flight, then exit 0', async () => {
    const { api, port } = await startApiProcess(apps.config);
    processes.push(api);
    const { newcomer, coach } = await pair();

    const coachRow = await holdCoach(coach);
    const booking = bookThrough(port, newcomer, coach, nextGridStart(new Date(Date.now() + 5 * 3600_000)));
    await sleep(500);
    const exit = api.stop('SIGTERM');
    await sleep(500);
    await coachRow.release();

    const response = await booking;
    expect(response.status).toBe(201);
    expect(((await response.json()) as { status: string }).status).toBe('booked');
    expect(await exit).toBe(0);
  }, 60_000);

  it('gives up on work that outlasts SHUTDOWN_TIMEOUT_MS: the worker exits 1 at the deadline', async () => {
    const worker = new AppProcess(apps.config, 'worker', { SHUTDOWN_TIMEOUT_MS: '1500' });
    processes.push(worker);
    worker.start();
    const { newcomer, coach } = await pair();
    await apps.smtp.waitFor(sentTo(newcomer.email));

    // The SMTP server reads the next message and answers only after the worker is gone.
    let release!: () => void;
    apps.smtp.hold = new Promise<void>((resolve) => (release = resolve));
    const sending = new Promise<void>((resolve) => (apps.smtp.onDataStart = resolve));
    await bookSession(apps.http, newcomer, halfHourBooking(coach, nextGridStart(new Date(Date.now() + 7 * 3600_000))));
    await sending;
    const started = Date.now();
    expect(await worker.stop('SIGTERM')).toBe(1);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1_400);
    expect(took).toBeLessThan(6_000);
    expect(worker.output).toContain('Shutdown deadline of 1500 ms passed');
    release();
    apps.smtp.hold = null;
    apps.smtp.onDataStart = null;
  }, 60_000);

  it('gives up on a request that outlasts SHUTDOWN_TIMEOUT_MS: the API exits 1 at the deadline', async () => {
    const { api, port } = await startApiProcess(apps.config, { SHUTDOWN_TIMEOUT_MS: '1500', DB_LOCK_TIMEOUT_MS: '60000' });
    processes.push(api);
    const { newcomer, coach } = await pair();
    const coachRow = await holdCoach(coach);
    try {
      const booking = bookThrough(port, newcomer, coach, nextGridStart(new Date(Date.now() + 9 * 3600_000))).then(
        (r) => r.status,
        () => 'connection closed',
      );
      await sleep(500);
      const started = Date.now();
      expect(await api.stop('SIGTERM')).toBe(1);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(1_400);
      expect(took).toBeLessThan(6_000);
      expect(await booking).toBe('connection closed');
    } finally {
      await coachRow.release();
    }
  }, 60_000);
});
