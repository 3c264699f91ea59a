import { DataSource } from 'typeorm';
import { academyIds, newcomerBody, PASSWORD, registerNewcomer } from './support/accounts';
import { startTestApps, type TestApps } from './support/test-apps';

describe('accounts: register, login, me', () => {
  let apps: TestApps;
  let siena: string;

  beforeAll(async () => {
    // The cost production uses: the stored hash is checked below (other suites hash at the test cost).
    apps = await startTestApps({ worker: false, env: { PASSWORD_HASH_COST: 'standard' } });
    ({ siena } = await academyIds(apps.http));
  });
  afterAll(() => apps.close());

  it('registers a newcomer, signs in and returns the account from /v1/me', async () => {
    const body = newcomerBody(siena, { email: '  Amina.K@Example.ORG ', timeZone: 'Asia/Karachi', locale: 'ur' });
    const registered = await apps.http().post('/v1/auth/register').send(body).expect(202);
    expect(registered.body).toEqual({ status: 'verification_sent' });

    const signedIn = await apps.http().post('/v1/auth/login').send({ email: 'AMINA.K@example.org', password: PASSWORD }).expect(200);
    expect(signedIn.body).toMatchObject({ expiresIn: 900, user: { role: 'newcomer', emailVerified: false, disabled: false } });
    expect(signedIn.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(signedIn.body.refreshToken).toMatch(/^[\w-]{43}$/);

    const me = await apps.http().get('/v1/me').set('Authorization', `Bearer ${signedIn.body.accessToken}`).expect(200);
    expect(me.body).toEqual(signedIn.body.user);
    expect(me.body).toMatchObject({
      email: 'amina.k@example.org',
      role: 'newcomer',
      academyId: siena,
      displayName: 'Amina',
      locale: 'ur',
      timeZone: 'Asia/Karachi',
      languages: ['ur', 'it'],
    });
    expect(me.body).not.toHaveProperty('password');
    expect(me.body).not.toHaveProperty('passwordHash');
  });

  it('stores the password as an argon2id hash', async () => {
    const account = await registerNewcomer(apps.http, siena);
    const dataSource = apps.api.get(DataSource);
    const [row] = await dataSource.query('SELECT password_hash FROM app_user WHERE id = $1', [account.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('makes no second account for the same email in any letter case, and answers exactly as for a new one', async () => {
    const first = newcomerBody(siena);
    const fresh = await apps.http().post('/v1/auth/register').send(first).expect(202);
    const again = await apps
      .http()
      .post('/v1/auth/register')
      .send({ ...newcomerBody(siena), email: String(first.email).toUpperCase(), password: 'another password' })
      .expect(202);
    expect(again.body).toEqual(fresh.body);
    const [{ count }] = await apps.api
      .get(DataSource)
      .query('SELECT count(*)::int AS count FROM app_user WHERE lower(email) = $1', [first.email]);
    expect(count).toBe(1);
    // The first password still signs in; the second never does.
    await apps.http().post('/v1/auth/login').send({ email: first.email, password: PASSWORD }).expect(200);
    await apps.http().post('/v1/auth/login').send({ email: first.email, password: 'another password' }).expect(401);
  });

  it('refuses an unknown academy, naming the field', async () => {
    const response = await apps.http().post('/v1/auth/register').send(newcomerBody('6f1c1c52-4f4e-4b8e-9a51-1d1f0c0f0a11')).expect(422);
    expect(response.body).toMatchObject({ code: 'unknown_academy', errors: [{ field: 'academyId' }] });
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const account = await registerNewcomer(apps.http, siena);
    const wrong = await apps.http().post('/v1/auth/login').send({ email: account.email, password: 'not the password' }).expect(401);
    const unknown = await apps.http().post('/v1/auth/login').send({ email: 'nobody@example.org', password: PASSWORD }).expect(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(unknown.body.code).toBe('invalid_credentials');
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it.each([
    ['no header', undefined],
    ['not a bearer token', 'Basic YWJjOmRlZg=='],
    ['a malformed token', 'Bearer not-a-jwt'],
    ['a token signed with another secret', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
  ])('rejects /v1/me with %s as 401 problem+json', async (_label, header) => {
    const call = apps.http().get('/v1/me');
    if (header) call.set('Authorization', header);
    const response = await call.expect(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('unauthorized');
  });

  it('rejects a token whose account no longer exists', async () => {
    const account = await registerNewcomer(apps.http, siena);
    const dataSource = apps.api.get(DataSource);
    await dataSource.query('DELETE FROM audit_log WHERE entity_id = $1', [account.id]);
    await dataSource.query('DELETE FROM app_user WHERE id = $1', [account.id]);
    await apps.http().get('/v1/me').set('Authorization', `Bearer ${account.token}`).expect(401);
  });
});
