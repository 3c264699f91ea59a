import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName } from '../libs/queue/src';
import { academyIds, registerNewcomer } from './support/accounts';
import { startTestApps, type TestApps } from './support/test-apps';

describe('a job travels from the API through Redis to the worker', () => {
  let apps: TestApps;
  let siena: string;

  beforeAll(async () => {
    apps = await startTestApps();
    ({ siena } = await academyIds(apps.http));
  });
  afterAll(() => apps.close());

  it('registration writes the welcome mail to the outbox; the worker relays and sends it over SMTP in the newcomer’s language', async () => {
    const account = await registerNewcomer(apps.http, siena, { locale: 'it', displayName: 'Amina & Co' });

    const [mail] = await apps.smtp.waitFor((m) => m.to !== undefined && JSON.stringify(m.to).includes(account.email));
    const [row] = await apps.api
      .get(DataSource)
      .query(`SELECT id FROM account_mail WHERE user_id = $1 AND kind = 'email_verification'`, [account.id]);
    expect(mail.subject).toBe('Benvenuto: conferma il tuo indirizzo email');
    expect(mail.messageId).toBe(`<account-mail.${row.id}@localhost>`);
    expect(mail.text).toContain('Ciao Amina & Co,');
    expect(mail.text).toMatch(/http:\/\/coaching\.test\/verify-email#token=[\w-]{43}/);
    expect(mail.html).toContain('<html lang="it" dir="ltr">');
    expect(mail.html).toContain('Amina &amp; Co'); // escaped in HTML

    const queue = apps.worker!.get<Queue>(getQueueToken(QueueName.Notifications));
    await expect(waitUntilFinished(queue, `account-mail-${row.id}`)).resolves.toMatchObject({ status: 'done', detail: { locale: 'it' } });
    expect((await queue.getJob(`account-mail-${row.id}`))?.data).toEqual({ accountMailId: row.id }); // ids, not data
  });

  it('writes right-to-left mail for Urdu', async () => {
    const account = await registerNewcomer(apps.http, siena, { locale: 'ur', timeZone: 'Asia/Karachi' });
    const [mail] = await apps.smtp.waitFor((m) => JSON.stringify(m.to).includes(account.email));
    expect(mail.html).toContain('dir="rtl"');
    expect(mail.subject).toContain('خوش آمدید');
    expect(mail.html).toContain('<a href="http://coaching.test/verify-email#token=');
  });

  it('still handles a welcome job an older API queued, skipping it if the account is gone', async () => {
    const queue = apps.worker!.get<Queue>(getQueueToken(QueueName.Notifications));
    const before = apps.smtp.received.length;
    const job = await queue.add('account.send-welcome', { userId: '0b4f5a4e-8f0c-4d3e-9a7b-2c1d0e9f8a7b' }, { jobId: 'welcome-gone' });
    await expect(waitUntilFinished(queue, job.id!)).resolves.toMatchObject({ status: 'skipped' });
    expect(apps.smtp.received.length).toBe(before);
  });
});

async function waitUntilFinished(queue: Queue, jobId: string, timeoutMs = 10_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const job = await queue.getJob(jobId);
    // Re-read after the state check: the object fetched before completion holds no return value.
    if (job && (await job.isCompleted())) return (await queue.getJob(jobId))!.returnvalue;
    if (job && (await job.isFailed())) throw new Error(job.failedReason);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}
