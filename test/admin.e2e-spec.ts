import { DataSource } from 'typeorm';
import { createAdmin } from '../apps/api/src/commands/create-admin.service';
import { academyIds, login, newcomerBody, uniqueEmail } from './support/accounts';
import { startTestApps, type TestApps } from './support/test-apps';

describe('the first admin, created by the admin command', () => {
  let apps: TestApps;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false });
  });
  afterAll(() => apps.close());

  it('creates an admin who can sign in and create a coordinator', async () => {
    const email = uniqueEmail('admin');
    const id = await createAdmin(apps.api.get(DataSource), {
      email,
      displayName: 'Installation admin',
      password: 'a long admin password',
      locale: 'en',
      timeZone: 'UTC',
    });
    const token = await login(apps.http, email, 'a long admin password');
    const me = await apps.http().get('/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ id, role: 'admin', academyId: null });
    const { belgrade } = await academyIds(apps.http);
    const { academyId: _a, password: _p, ...fields } = newcomerBody(belgrade);
    await apps
      .http()
      .post('/v1/users')
      .set('Authorization', `Bearer ${token}`)
      .send({ ...fields, role: 'coordinator', academyId: belgrade })
      .expect(201);
  });

  it.each([
    [{ password: 'short' }, 'at least 12 characters'],
    [{ email: 'not-an-email' }, '--email'],
    [{ timeZone: 'Nowhere/Land' }, '--time-zone'],
    [{ locale: 'xx' }, '--locale'],
  ])('refuses %j', async (override, message) => {
    const input = {
      email: uniqueEmail('admin'),
      displayName: 'A',
      password: 'a long admin password',
      locale: 'en',
      timeZone: 'UTC',
      ...override,
    };
    await expect(createAdmin(apps.api.get(DataSource), input)).rejects.toThrow(message);
  });

  it('refuses a second account with the same email', async () => {
    const email = uniqueEmail('admin');
    const input = { email, displayName: 'A', password: 'a long admin password', locale: 'en', timeZone: 'UTC' };
    await createAdmin(apps.api.get(DataSource), input);
    await expect(createAdmin(apps.api.get(DataSource), { ...input, email: email.toUpperCase() })).rejects.toThrow('already exists');
  });
});
