import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { QueueName } from '../libs/queue/src';
import { academyIds, registerNewcomer } from './support/accounts';
import { startTestApps, TestApps } from './support/test-apps';

describe('a job travels from the API through Redis to the worker', () => {
  let apps: TestApps;
  let siena: string;

  beforeAll(async () => {
    apps = await startTestApps();
    ({ siena } = await academyIds(apps.http));
  });
  afterAll(() => apps.close());

  it('registration enqueues the welcome job; the worker sends the mail over SMTP in the newcomer’s language', async () => {
    const account = await registerNewcomer(apps.http, siena, { locale: 'it', displayName: 'Amina & Co' });

    const [mail] = await apps.smtp.waitFor((m) => m.to !== undefined && JSON.stringify(m.to).includes(account.email));
    expect(mail.subject).toBe('Benvenuto in Coaching across continents');
    expect(mail.messageId).toBe(`<welcome.${account.id}@localhost>`);
    expect(mail.text).toContain('Ciao Amina & Co,');
    expect(mail.text).toContain('http://coaching.test/');
    expect(mail.html).toContain('<html lang="it" dir="ltr">');
    expect(mail.html).toContain('Amina &amp; Co'); // escaped in HTML

    const queue = apps.worker!.get<Queue>(getQueueToken(QueueName.Notifications));
    await expect(waitUntilFinished(queue, `welcome-${account.id}`)).resolves.toMatchObject({ status: 'done', detail: { locale: 'it' } });
    expect((await queue.getJob(`welcome-${account.id}`))?.data).toEqual({ userId: account.id }); // ids, not data
  });

  it('writes right-to-left mail for Urdu', async () => {
    const account = await registerNewcomer(apps.http, siena, { locale: 'ur', timeZone: 'Asia/Karachi' });
    const [mail] = await apps.smtp.waitFor((m) => JSON.stringify(m.to).includes(account.email));
    expect(mail.html).toContain('dir="rtl"');
    expect(mail.subject).toContain('خوش آمدید');
  });

  it('skips, without sending, a job whose account is gone by the time it runs', async () => {
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
