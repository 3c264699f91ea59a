import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type AcademyStaff, createAcademyStaff, type TestAccount } from './support/accounts';
import type { Response } from 'supertest';
import { waitersOnLocks } from './support/locks';
import { halfHourBooking, newcomerAndCoach, nextGridStart, sleep } from './support/notifications';
import { postBooking } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * The pool's sessions carry statement, lock and idle-in-transaction limits
 * from configuration, and a busy database (a lock not granted in time, a
 * deadlock) answers a retryable 503 with Retry-After, never a 500.
 */
describe('database limits', () => {
  let apps: TestApps;
  let staff: AcademyStaff;
  const clients: Client[] = [];

  beforeAll(async () => {
    apps = await startTestApps({
      worker: false,
      env: { DB_LOCK_TIMEOUT_MS: '1500', DB_STATEMENT_TIMEOUT_MS: '4000', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '700' },
    });
    staff = await createAcademyStaff(apps);
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) await client.end().catch(() => undefined);
    await apps.close();
  });

  /** Sends a request now and keeps its whole answer, headers included. */
  const send = (request: PromiseLike<Response>): Promise<Response> => Promise.resolve(request);
  const outsider = async (): Promise<Client> => {
    const client = new Client({ connectionString: apps.config.databaseUrl });
    await client.connect();
    clients.push(client);
    return client;
  };
  const pair = () => newcomerAndCoach(apps, staff.sienaCoordinator, staff.siena);
  const book = (newcomer: TestAccount, coach: TestAccount, hoursAhead: number) =>
    postBooking(apps.http, newcomer, halfHourBooking(coach, nextGridStart(new Date(Date.now() + hoursAhead * 3600_000))));

  it('gives every pooled session the configured limits', async () => {
    const [row] = await apps.api
      .get(DataSource)
      .query(
        `SELECT current_setting('statement_timeout') AS s, current_setting('lock_timeout') AS l, current_setting('idle_in_transaction_session_timeout') AS i`,
      );
    expect(row).toEqual({ s: '4s', l: '1500ms', i: '700ms' });
  });

  it('answers 503 with Retry-After when a row stays locked, and the pool is not drained by the waiters', async () => {
    const { newcomer, coach } = await pair();
    const blocker = await outsider();
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM coach_profile WHERE user_id = $1 FOR UPDATE', [coach.id]);

    // More waiters than the pool has connections (20): each gives its connection back after the lock timeout.
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 24 }, () => send(book(newcomer, coach, 3))));
    const elapsed = Date.now() - started;
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('database_busy');
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(elapsed).toBeLessThan(10_000);
    // Meanwhile, and after, other requests are served.
    await apps.http().get('/health').expect(200);
    await blocker.query('ROLLBACK');
    const [{ n }] = await apps.api.get(DataSource).query('SELECT count(*)::int AS n FROM coaching_session WHERE coach_id = $1', [coach.id]);
    expect(n).toBe(0);
    await book(newcomer, coach, 3).expect(201);
  }, 30_000);

  it('answers a deadlock victim with 503 and Retry-After, having written nothing', async () => {
    const { newcomer, coach } = await pair();
    // A lock timeout longer than the server's deadlock check (1 s), so the deadlock is what ends the wait.
    const slow = await startTestApps({ worker: false, env: { DB_LOCK_TIMEOUT_MS: '8000', JWT_SECRET: apps.config.jwt.secret } });
    try {
      const other = await outsider();
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM coach_profile WHERE user_id = $1 FOR UPDATE', [coach.id]);
      // The booking holds the newcomer's account (FOR SHARE), then waits for the coach's profile…
      const booking = send(
        slow
          .http()
          .post('/v1/sessions')
          .set({ Authorization: `Bearer ${newcomer.token}` })
          .send({
            coachId: coach.id,
            start: nextGridStart(new Date(Date.now() + 4 * 3600_000)).toISOString(),
            durationMinutes: 30,
            topic: 'housing',
            language: 'en',
          }),
      );
      await waitersOnLocks(slow.api.get(DataSource), 1);
      // …while this transaction, holding the profile, asks for the account: a cycle. The booking waited first, so its check finds it.
      const crossing = other.query('SELECT 1 FROM app_user WHERE id = $1 FOR UPDATE', [newcomer.id]).then(
        () => 'granted',
        (error: { code?: string }) => error.code,
      );
      const answer = await booking;
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('database_busy');
      expect(answer.headers['retry-after']).toBe('1');
      expect(await crossing).toBe('granted');
      await other.query('ROLLBACK');
      const [{ n }] = await slow.api
        .get(DataSource)
        .query('SELECT count(*)::int AS n FROM coaching_session WHERE coach_id = $1', [coach.id]);
      expect(n).toBe(0);
    } finally {
      await slow.close();
    }
  }, 30_000);

  it('ends a transaction left idle, so its locks and its connection come back', async () => {
    const { newcomer, coach } = await pair();
    const runner = apps.api.get(DataSource).createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('SELECT 1 FROM coach_profile WHERE user_id = $1 FOR UPDATE', [coach.id]);
    // The holder now forgets its transaction; the server ends it after 700 ms.
    await sleep(1_500);
    await book(newcomer, coach, 5).expect(201);
    await expect(runner.query('SELECT 1')).rejects.toThrow();
    await runner.release().catch(() => undefined);
  }, 30_000);

  it('cuts a statement that runs past the statement limit', async () => {
    await expect(apps.api.get(DataSource).query('SELECT pg_sleep(10)')).rejects.toMatchObject({ driverError: { code: '57014' } });
  }, 30_000);

  it('answers 503 when no pool connection frees up within the statement limit, instead of queueing for ever', async () => {
    const { newcomer, coach } = await pair();
    const quick = await startTestApps({ worker: false, env: { DB_STATEMENT_TIMEOUT_MS: '1000', JWT_SECRET: apps.config.jwt.secret } });
    const runners = [];
    try {
      const db = quick.api.get(DataSource);
      // Every one of the pool's 20 connections taken and kept.
      for (let i = 0; i < 20; i++) {
        const runner = db.createQueryRunner();
        await runner.connect();
        runners.push(runner);
      }
      const started = Date.now();
      const answer = await send(
        quick
          .http()
          .post('/v1/sessions')
          .set({ Authorization: `Bearer ${newcomer.token}` })
          .send({
            coachId: coach.id,
            start: nextGridStart(new Date(Date.now() + 6 * 3600_000)).toISOString(),
            durationMinutes: 30,
            topic: 'housing',
            language: 'en',
          }),
      );
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('database_busy');
      expect(answer.headers['retry-after']).toBe('1');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const runner of runners) await runner.release();
      await quick.close();
    }
  }, 30_000);
});
