import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName } from '../libs/queue/src';
import { academyIds, createStaff, newcomerBody, type TestAccount, uniqueEmail } from './support/accounts';
import { DedicatedRedis } from './support/dedicated-redis';
import { sentTo, sleep } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * Account mails go through an outbox in PostgreSQL, as session messages do:
 * registering and inviting succeed while Redis is down, and the mails, with
 * links that work, arrive once it is back.
 */
describe('account mails survive Redis going away', () => {
  const redis = new DedicatedRedis();
  let apps: TestApps;
  let siena: string;
  let coordinator: TestAccount;

  beforeAll(async () => {
    await redis.start();
    apps = await startTestApps({ env: { REDIS_URL: redis.url, RECONCILE_INTERVAL_SECONDS: '1' } });
    ({ siena } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
  });
  afterAll(async () => {
    await redis.start();
    await apps.close();
    await redis.stop();
  });

  it('registers and invites while Redis is down; the verification and invitation mails arrive when it is back', async () => {
    await redis.stop();
    const newcomer = newcomerBody(siena, { locale: 'en' });
    const started = Date.now();
    await apps.http().post('/v1/auth/register').send(newcomer).expect(202);
    const staffEmail = uniqueEmail('invited');
    await apps
      .http()
      .post('/v1/users')
      .set({ Authorization: `Bearer ${coordinator.token}` })
      .send({ email: staffEmail, displayName: 'Olena', locale: 'uk', timeZone: 'Europe/Kyiv', languages: ['uk'], role: 'coach' })
      .expect(201);
    expect(Date.now() - started).toBeLessThan(10_000);

    await sleep(2_000); // the relay tries, and waits
    const rows = await apps.api
      .get(DataSource)
      .query(`SELECT m.kind, m.state FROM account_mail m JOIN app_user u ON u.id = m.user_id WHERE u.email = ANY($1) ORDER BY m.kind`, [
        [newcomer.email, staffEmail],
      ]);
    expect(rows).toEqual([
      { kind: 'email_verification', state: 'pending' },
      { kind: 'invitation', state: 'pending' },
    ]);
    expect(apps.smtp.received.filter((m) => sentTo(newcomer.email as string)(m) || sentTo(staffEmail)(m))).toHaveLength(0);

    await redis.start();
    const [verification] = await apps.smtp.waitFor(sentTo(newcomer.email as string), 1, 30_000);
    const [invitation] = await apps.smtp.waitFor(sentTo(staffEmail), 1, 30_000);
    expect(invitation.subject).toBe('Вас запрошено до Coaching across continents');
    const token = /\/accept-invitation#token=([\w-]+)/.exec(invitation.text ?? '')![1];
    await apps.http().post('/v1/auth/invitations/accept').send({ token, password: 'chosen after the outage' }).expect(200);
    const verify = /\/verify-email#token=([\w-]+)/.exec(verification.text ?? '')![1];
    await apps.http().post('/v1/auth/verify-email').send({ token: verify }).expect(204);
  });

  it('sends a mail the database calls queued but whose job an emptied Redis lost', async () => {
    const newcomer = newcomerBody(siena, { locale: 'en' });
    await apps.http().post('/v1/auth/register').send(newcomer).expect(202);
    await apps.smtp.waitFor(sentTo(newcomer.email as string));
    const db = apps.api.get(DataSource);
    const [{ id }] = await db.query(`SELECT m.id FROM account_mail m JOIN app_user u ON u.id = m.user_id WHERE u.email = $1`, [
      newcomer.email,
    ]);
    const queue = apps.worker!.get<Queue>(getQueueToken(QueueName.Notifications));
    for (let i = 0; i < 100 && (await queue.getJobState(`account-mail-${id}`)) !== 'completed'; i++) await sleep(100);
    // As if the relay had queued the mail and Redis then restarted empty before the worker ran it.
    await db.query(`UPDATE account_mail SET state = 'queued', sent_at = NULL WHERE user_id = (SELECT id FROM app_user WHERE email = $1)`, [
      newcomer.email,
    ]);
    await redis.stop();
    await redis.start();

    const [, again] = await apps.smtp.waitFor(sentTo(newcomer.email as string), 2, 30_000);
    const token = /\/verify-email#token=([\w-]+)/.exec(again.text ?? '')![1];
    await apps.http().post('/v1/auth/verify-email').send({ token }).expect(204);
    const [row] = await db.query(`SELECT state FROM account_mail WHERE user_id = (SELECT id FROM app_user WHERE email = $1)`, [
      newcomer.email,
    ]);
    expect(row.state).toBe('sent');
  });
});
