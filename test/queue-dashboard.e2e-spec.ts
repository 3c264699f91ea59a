import { academyIds, createStaff, PASSWORD, registerNewcomer, type TestAccount } from './support/accounts';
import { startTestApps, type TestApps } from './support/test-apps';

const basic = (email: string, password = PASSWORD) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

describe('queue dashboard at /admin/queues', () => {
  let apps: TestApps;
  let admin: TestAccount;
  let coordinator: TestAccount;
  let coach: TestAccount;
  let newcomer: TestAccount;

  beforeAll(async () => {
    // A low sign-in limit, as in production: the dashboard must not use it up.
    apps = await startTestApps({ worker: false, env: { LOGIN_MAX_ATTEMPTS: '5' } });
    const { siena } = await academyIds(apps.http);
    admin = await createStaff(apps.api, apps.http, 'admin', null);
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    coach = await createStaff(apps.api, apps.http, 'coach', siena);
    newcomer = await registerNewcomer(apps.http, siena);
  });
  afterAll(() => apps.close());

  it('asks an anonymous browser to sign in, and refuses a wrong password', async () => {
    const anonymous = await apps.http().get('/admin/queues').expect(401);
    expect(anonymous.headers['www-authenticate']).toBe('Basic realm="Queue dashboard", charset="UTF-8"');
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.body).toMatchObject({ code: 'unauthorized', status: 401 });
    await apps.http().get('/admin/queues').set('Authorization', basic(coordinator.email, 'not the password')).expect(401);
    await apps.http().get('/admin/queues').set('Authorization', 'Bearer not.a.token').expect(401);
  });

  it('refuses newcomers, coaches and coordinators, by password or by token: the queues hold both academies’ jobs', async () => {
    for (const header of [
      basic(newcomer.email),
      `Bearer ${newcomer.token}`,
      basic(coach.email),
      `Bearer ${coach.token}`,
      basic(coordinator.email),
      `Bearer ${coordinator.token}`,
    ]) {
      const refused = await apps.http().get('/admin/queues').set('Authorization', header).expect(403);
      expect(refused.body.code).toBe('forbidden');
    }
  });

  it('shows admins (signed in with their password, or with a token) the queues, read-only', async () => {
    const page = await apps.http().get('/admin/queues').set('Authorization', basic(admin.email)).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const queues = await apps.http().get('/admin/queues/api/queues').set('Authorization', `Bearer ${admin.token}`).expect(200);
    const names = queues.body.queues.map((q: { name: string }) => q.name);
    expect(names).toContain('notifications');
    expect(queues.body.queues.every((q: { readOnlyMode: boolean }) => q.readOnlyMode)).toBe(true);
    const retry = await apps
      .http()
      .put('/admin/queues/api/queues/notifications/retry/failed')
      .set('Authorization', `Bearer ${admin.token}`);
    expect(retry.status).toBeGreaterThanOrEqual(400);
  });
  it('counts a browser’s password once, not with every asset and poll, so sign-in stays open', async () => {
    const other = await createStaff(apps.api, apps.http, 'admin', null);
    // A page, its assets and a minute of polling: far more requests than the 5 sign-ins allowed.
    for (let i = 0; i < 20; i++) {
      await apps
        .http()
        .get(i === 0 ? '/admin/queues' : '/admin/queues/api/queues')
        .set('Authorization', basic(other.email))
        .expect(200);
    }
    await apps.http().post('/v1/auth/login').send({ email: other.email, password: PASSWORD }).expect(200);
    // Only failures count: five wrong passwords reach the limit of 5, then even the right one waits.
    const attempts = [];
    for (let i = 0; i < 7; i++)
      attempts.push(
        (
          await apps
            .http()
            .get('/admin/queues')
            .set('Authorization', basic(other.email, `guess ${i}`))
        ).status,
      );
    expect(attempts).toEqual([401, 401, 401, 401, 401, 429, 429]);
    await apps.http().post('/v1/auth/login').send({ email: other.email, password: PASSWORD }).expect(429);
  });

  it('stops trusting a remembered password once the account is erased', async () => {
    const leaving = await createStaff(apps.api, apps.http, 'admin', null);
    await apps.http().get('/admin/queues').set('Authorization', basic(leaving.email)).expect(200);
    await apps.http().delete('/v1/me').set('Authorization', `Bearer ${leaving.token}`).expect(204);
    await apps.http().get('/admin/queues').set('Authorization', basic(leaving.email)).expect(401);
  });

  it('refuses a disabled account at once, by remembered password and by a token issued before', async () => {
    // The dashboard is for admins: a second admin, disabled by the first.
    const colleague = await createStaff(apps.api, apps.http, 'admin', null);
    await apps.http().get('/admin/queues').set('Authorization', basic(colleague.email)).expect(200);
    await apps.http().get('/admin/queues').set('Authorization', `Bearer ${colleague.token}`).expect(200);
    await apps.http().post(`/v1/users/${colleague.id}/disable`).set('Authorization', `Bearer ${admin.token}`).expect(200);
    await apps.http().get('/admin/queues').set('Authorization', basic(colleague.email)).expect(403);
    await apps.http().get('/admin/queues').set('Authorization', `Bearer ${colleague.token}`).expect(401);
  });
});
