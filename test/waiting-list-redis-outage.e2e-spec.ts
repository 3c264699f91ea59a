import { DataSource } from 'typeorm';
import { FixedClock } from '../libs/clock/src';
import { CATALOGUES } from '../libs/i18n/src';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createAccounts } from './support/coaches';
import { DedicatedRedis } from './support/dedicated-redis';
import { ALL_WEEK, sentTo, sleep } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';

jest.setTimeout(120_000);

/**
 * The apps use a redis-server of this test's own, which it stops while a coach's activation makes an offer due.
 * The outbox in PostgreSQL holds the offer meanwhile: it is mailed once Redis is back, and only once.
 */
describe('waiting-list offers survive Redis going away', () => {
  const clock = new FixedClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  const redis = new DedicatedRedis();
  const as = (a: TestAccount) => ({ Authorization: `Bearer ${a.token}` });
  const subject = CATALOGUES.it['mail.waitingList.offer.subject'];
  let apps: TestApps;

  beforeAll(async () => {
    await redis.start();
    apps = await startTestApps({
      clock,
      privateDatabase: 'waiting-outage',
      env: { REDIS_URL: redis.url, RECONCILE_INTERVAL_SECONDS: '2' },
    });
  });
  afterAll(async () => {
    await redis.start(); // the apps close cleanly only with their Redis there
    await apps.close();
    await redis.stop();
  });

  it('an offer due while Redis is down is sent once after it returns', async () => {
    const { siena } = await academyIds(apps.http);
    const coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    const newcomer = await registerNewcomer(apps.http, siena, { locale: 'it', languages: ['ha'] });
    const entry = (
      await apps
        .http()
        .post('/v1/waiting-list')
        .set(as(newcomer))
        .send({ languages: ['ha'], topics: ['housing'], timeZone: 'Europe/Rome' })
        .expect(201)
    ).body;
    const [coach] = await createAccounts(apps.api, 'coach', siena, 1, { languages: ['ha'], timeZone: 'Africa/Lagos' });
    await apps
      .http()
      .post('/v1/coaches')
      .set(as(coordinator))
      .send({ userId: coach.id, topics: ['housing'], sessionLengths: [60], minimumNoticeMinutes: 60, horizonDays: 30, status: 'trained' })
      .expect(201);
    await apps
      .http()
      .put(`/v1/coaches/${coach.id}/availability`)
      .set(as(coordinator))
      .send({ timeZone: 'Africa/Lagos', weekly: ALL_WEEK })
      .expect(200);

    await redis.stop();
    // The activation commits with its outbox row while Redis is away.
    await apps.http().post(`/v1/coaches/${coach.id}/status`).set(as(coordinator)).send({ status: 'active' }).expect(200);
    await sleep(3_000); // the relay tries, and waits
    const db = apps.api.get(DataSource);
    const pending: Array<{ state: string }> = await db.query(`SELECT state FROM waiting_list_outbox WHERE coach_id = $1`, [coach.id]);
    expect(pending.map((r) => r.state)).toEqual(['pending']);
    expect(apps.smtp.received.filter(sentTo(newcomer.email)).map((m) => m.subject)).not.toContain(subject);

    await redis.start(); // empty
    const [offer] = await apps.smtp.waitFor((m) => sentTo(newcomer.email)(m) && m.subject === subject, 1, 60_000);
    expect(offer.text).toContain('http://coaching.test/waiting-list');
    // Reconciliation runs every 2 s here: give it several turns to send a second copy, which it must not.
    await sleep(6_000);
    expect(apps.smtp.received.filter((m) => sentTo(newcomer.email)(m) && m.subject === subject)).toHaveLength(1);
    const offers: Array<{ state: string }> = await db.query(
      `SELECT state FROM waiting_list_outbox WHERE entry_id = $1 AND kind = 'offer'`,
      [entry.id],
    );
    expect(offers.map((r) => r.state)).toEqual(['done']);
  });
});
