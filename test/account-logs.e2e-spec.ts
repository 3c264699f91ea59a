import { Redis } from 'ioredis';
import { academyIds, newcomerBody, PASSWORD } from './support/accounts';
import { captureLogs, startTestApps, type TestApps } from './support/test-apps';

// In a file of its own: nestjs-pino keeps process-wide state. API and worker write to one stream.
describe('logs and job data hold no token from any link', () => {
  let apps: TestApps;
  const { destination, lines } = captureLogs();

  beforeAll(async () => {
    apps = await startTestApps({ env: { LOG_LEVEL: 'debug' }, logDestination: destination });
  });
  afterAll(() => apps.close());

  it('after verification, reset and sign-in links, a refresh and a calendar feed, neither the logs nor BullMQ’s keys contain a token', async () => {
    const { http, smtp, config } = apps;
    const { siena } = await academyIds(http);
    const tokenIn = (page: string, text: string | undefined) => new RegExp(`${page}#token=([\\w-]+)`).exec(text ?? '')?.[1];
    const mailFor = async (email: string, page: string, count: number) =>
      tokenIn(
        page,
        (await smtp.waitFor((m) => JSON.stringify(m.to).includes(email) && (m.text ?? '').includes(page), count))[count - 1].text,
      )!;

    const body = newcomerBody(siena, { locale: 'en' });
    const email = body.email as string;
    await http().post('/v1/auth/register').send(body).expect(202);
    await http()
      .post('/v1/auth/verify-email')
      .send({ token: await mailFor(email, '/verify-email', 1) })
      .expect(204);
    await http().post('/v1/auth/password-reset').send({ email }).expect(202);
    await http()
      .post('/v1/auth/password-reset/confirm')
      .send({ token: await mailFor(email, '/reset-password', 1), password: 'a whole new password' })
      .expect(204);
    await http().post('/v1/auth/sign-in-link').send({ email }).expect(202);
    const signedIn = await http()
      .post('/v1/auth/sign-in-link/consume')
      .send({ token: await mailFor(email, '/sign-in-link', 1) })
      .expect(200);
    await http().post('/v1/auth/refresh').send({ refreshToken: signedIn.body.refreshToken }).expect(200);
    // A stale link, refused: its token is not logged either.
    await http().post('/v1/auth/password-reset').send({ email }).expect(202);
    const unused = await mailFor(email, '/reset-password', 2);
    await http().post('/v1/auth/password-reset').send({ email }).expect(202);
    await mailFor(email, '/reset-password', 3);
    await http().post('/v1/auth/password-reset/confirm').send({ token: unused, password: 'a whole new password' }).expect(400);
    await http().post('/v1/auth/login').send({ email, password: PASSWORD }).expect(401);
    // A calendar feed's URL is its secret: the request log shows the path without it.
    const feed = new URL(
      (await http().get('/v1/me/calendar-feed').set('Authorization', `Bearer ${signedIn.body.accessToken}`).expect(200)).body.url,
    );
    await http().get(feed.pathname).expect(200);
    const feedSecret = feed.pathname.split('/').pop()!.replace('.ics', '');
    expect(lines.some((l) => l.includes('"path":"/v1/calendar-feeds/[secret]"'))).toBe(true);

    const tokens = smtp.received.flatMap((m) => [...(m.text ?? '').matchAll(/#token=([\w-]+)/g)].map((x) => x[1]));
    expect(tokens.length).toBe(5);
    // The worker's lines: nestjs-pino's process-wide logger labels them as the first app's, so they are found by message.
    expect(lines.filter((l) => l.includes('"msg":"Job handled"') && l.includes('account.send-mail')).length).toBeGreaterThanOrEqual(5);
    expect(lines.filter((l) => l.includes('/v1/auth/')).length).toBeGreaterThanOrEqual(10);

    const redis = new Redis(config.redisUrl!);
    let jobData = '';
    try {
      const keys = await redis.keys(`${config.queuePrefix.replace(/[{}]/g, '\\$&')}*`);
      for (const key of keys) if ((await redis.type(key)) === 'hash') jobData += JSON.stringify(await redis.hgetall(key));
    } finally {
      redis.disconnect();
    }
    expect(jobData).toContain('accountMailId');
    const logs = lines.join('\n');
    for (const secret of [...tokens, feedSecret, signedIn.body.refreshToken, signedIn.body.accessToken, email]) {
      expect(logs).not.toContain(secret);
      expect(jobData).not.toContain(secret);
    }
  });
});
