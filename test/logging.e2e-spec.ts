import { academyIds, markVerifiedForTest, newcomerBody, PASSWORD, uniqueEmail } from './support/accounts';
import { captureLogs, startTestApps, type TestApps } from './support/test-apps';

// In a file of its own: nestjs-pino keeps process-wide state, so this must be the only app in its module registry.
describe('logs: request ids, and no personal data', () => {
  let apps: TestApps;
  const { destination, lines } = captureLogs();

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, env: { LOG_LEVEL: 'info' }, logDestination: destination });
  });
  afterAll(() => apps.close());

  it('logs each request as JSON with its id, and never an email, name, password or token', async () => {
    const http = apps.http;
    const { siena } = await academyIds(http);
    const body = newcomerBody(siena, { email: uniqueEmail('private.person'), displayName: 'Zainab Qureshi' });
    await http().post('/v1/auth/register').set('X-Request-Id', 'req-register-0001').send(body).expect(202);
    // A password signs in only once the address is confirmed.
    await markVerifiedForTest(http, body.email as string);
    const signedIn = await http().post('/v1/auth/login').send({ email: body.email, password: PASSWORD }).expect(200);
    await http().post('/v1/auth/login').send({ email: body.email, password: 'a wrong password' }).expect(401);
    await http()
      .post('/v1/auth/register')
      .send({ ...body, email: 'bad' })
      .expect(400);
    await http()
      .get(`/v1/users?email=${encodeURIComponent(String(body.email))}`)
      .set('Authorization', `Bearer ${signedIn.body.accessToken}`)
      .expect(403);
    await http().post('/v1/auth/register').set('Content-Type', 'application/json').send(`{"email":"${body.email}",`).expect(400);

    const records = lines.map((line) => JSON.parse(line) as { req?: { id: string; path: string }; service: string });
    const registered = records.find((r) => r.req?.id === 'req-register-0001');
    expect(registered).toMatchObject({ service: 'api', req: { method: 'POST', path: '/v1/auth/register' }, res: { statusCode: 202 } });
    expect(records.filter((r) => r.req).length).toBeGreaterThanOrEqual(6);

    const everything = lines.join('\n');
    for (const secret of [String(body.email), 'Zainab', 'Qureshi', PASSWORD, 'a wrong password', signedIn.body.accessToken]) {
      expect(everything).not.toContain(secret);
    }
  });
});
