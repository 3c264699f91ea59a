import { DataSource } from 'typeorm';
import { academyIds, createStaff, newcomerBody, type TestAccount, uniqueEmail } from './support/accounts';
import { startTestApps, type TestApps } from './support/test-apps';

interface BadRequestCase {
  name: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string | ((ids: { siena: string }) => string);
  body?: unknown | ((ids: { siena: string }) => unknown);
  raw?: { contentType: string; payload: string };
  auth?: boolean;
  status: number;
  code: string;
  field?: string;
}

/** Every refused registration uses a recognisable email, so the test can prove none was stored. */
const register = (ids: { siena: string }, overrides: Record<string, unknown>) =>
  newcomerBody(ids.siena, { email: uniqueEmail('badinput'), ...overrides });

const CASES: BadRequestCase[] = [
  {
    name: 'malformed JSON',
    method: 'post',
    path: '/v1/auth/register',
    raw: { contentType: 'application/json', payload: '{"email":' },
    status: 400,
    code: 'malformed_json',
    field: 'body',
  },
  {
    name: 'a JSON array as the body',
    method: 'post',
    path: '/v1/auth/register',
    body: [1, 2],
    status: 400,
    code: 'validation_failed',
    field: 'body',
  },
  {
    name: 'a bare JSON string as the body',
    method: 'post',
    path: '/v1/auth/login',
    raw: { contentType: 'application/json', payload: '"hello"' },
    status: 400,
    code: 'malformed_json',
    field: 'body',
  },
  {
    name: 'a form-encoded body',
    method: 'post',
    path: '/v1/auth/login',
    raw: { contentType: 'application/x-www-form-urlencoded', payload: 'email=a%40b.c&password=x' },
    status: 415,
    code: 'unsupported_media_type',
    field: 'body',
  },
  { name: 'no body at all', method: 'post', path: '/v1/auth/register', status: 400, code: 'validation_failed', field: 'body' },
  { name: 'an empty object', method: 'post', path: '/v1/auth/register', body: {}, status: 400, code: 'validation_failed', field: 'email' },
  {
    name: 'a missing email',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { email: undefined }),
    status: 400,
    code: 'validation_failed',
    field: 'email',
  },
  {
    name: 'an email that is not one',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { email: 'not-an-email' }),
    status: 400,
    code: 'validation_failed',
    field: 'email',
  },
  {
    name: 'an email of the wrong type',
    method: 'post',
    path: '/v1/auth/login',
    body: { email: 42, password: 'whatever' },
    status: 400,
    code: 'validation_failed',
    field: 'email',
  },
  {
    name: 'a short password',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { password: 'short' }),
    status: 400,
    code: 'validation_failed',
    field: 'password',
  },
  {
    name: 'a huge password',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { password: 'x'.repeat(5000) }),
    status: 400,
    code: 'validation_failed',
    field: 'password',
  },
  {
    name: 'an unknown time zone',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { timeZone: 'Mars/Olympus_Mons' }),
    status: 400,
    code: 'validation_failed',
    field: 'timeZone',
  },
  {
    name: 'an offset instead of a zone',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { timeZone: '+02:00' }),
    status: 400,
    code: 'validation_failed',
    field: 'timeZone',
  },
  {
    name: 'an unsupported locale',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { locale: 'xx' }),
    status: 400,
    code: 'validation_failed',
    field: 'locale',
  },
  {
    name: 'languages that are not a list',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { languages: 'it' }),
    status: 400,
    code: 'validation_failed',
    field: 'languages',
  },
  {
    name: 'an empty language list',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { languages: [] }),
    status: 400,
    code: 'validation_failed',
    field: 'languages',
  },
  {
    name: 'a language code that is not ISO 639',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { languages: ['Italian'] }),
    status: 400,
    code: 'validation_failed',
    field: 'languages',
  },
  {
    name: 'markup in the display name',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { displayName: '<script>alert(1)</script>' }),
    status: 400,
    code: 'validation_failed',
    field: 'displayName',
  },
  {
    name: 'a blank display name',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { displayName: '   ' }),
    status: 400,
    code: 'validation_failed',
    field: 'displayName',
  },
  {
    name: 'an academy id that is not a UUID',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { academyId: "1' OR '1'='1" }),
    status: 400,
    code: 'validation_failed',
    field: 'academyId',
  },
  {
    name: 'an unknown field (mass assignment of role)',
    method: 'post',
    path: '/v1/auth/register',
    body: (ids: { siena: string }) => register(ids, { role: 'admin' }),
    status: 400,
    code: 'validation_failed',
    field: 'role',
  },
  {
    name: 'a prototype-pollution key',
    method: 'post',
    path: '/v1/auth/register',
    raw: { contentType: 'application/json', payload: '{"__proto__":{"role":"admin"},"email":"a@b.co"}' },
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'a body over 100 kB',
    method: 'post',
    path: '/v1/auth/login',
    raw: { contentType: 'application/json', payload: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(200_000) }) },
    status: 413,
    code: 'payload_too_large',
    field: 'body',
  },
  {
    name: 'a user id that is not a UUID',
    method: 'get',
    path: '/v1/users/not-a-uuid',
    auth: true,
    status: 400,
    code: 'validation_failed',
    field: 'id',
  },
  {
    name: 'a negative page offset',
    method: 'get',
    path: '/v1/users?offset=-1',
    auth: true,
    status: 400,
    code: 'validation_failed',
    field: 'offset',
  },
  {
    name: 'a page size over the maximum',
    method: 'get',
    path: '/v1/users?limit=100000',
    auth: true,
    status: 400,
    code: 'validation_failed',
    field: 'limit',
  },
  {
    name: 'a page size that is not a number',
    method: 'get',
    path: '/v1/users?limit=ten',
    auth: true,
    status: 400,
    code: 'validation_failed',
    field: 'limit',
  },
  {
    name: 'an unknown role filter',
    method: 'get',
    path: '/v1/users?role=superuser',
    auth: true,
    status: 400,
    code: 'validation_failed',
    field: 'role',
  },
  {
    name: 'an unknown query parameter',
    method: 'get',
    path: '/v1/users?password=x',
    auth: true,
    status: 400,
    code: 'validation_failed',
    field: 'password',
  },
  {
    name: 'a coach status that does not exist',
    method: 'post',
    path: '/v1/coaches/00000000-0000-4000-8000-000000000001/status',
    auth: true,
    body: { status: 'fired' },
    status: 400,
    code: 'validation_failed',
    field: 'status',
  },
  {
    name: 'a future-sessions decision that is neither cancel nor keep',
    method: 'post',
    path: '/v1/coaches/00000000-0000-4000-8000-000000000001/status',
    auth: true,
    body: { status: 'paused', futureSessions: 'maybe' },
    status: 400,
    code: 'validation_failed',
    field: 'futureSessions',
  },
  {
    name: 'consent given as text',
    method: 'post',
    path: '/v1/sessions',
    auth: true,
    body: {
      coachId: '00000000-0000-4000-8000-000000000001',
      start: '2026-06-02T08:00:00Z',
      durationMinutes: 60,
      topic: 'employment',
      language: 'en',
      newcomerId: '00000000-0000-4000-8000-000000000002',
      newcomerConsent: 'yes',
    },
    status: 400,
    code: 'validation_failed',
    field: 'newcomerConsent',
  },
  {
    name: 'a report without dates',
    method: 'get',
    path: '/v1/reports/sessions',
    auth: true,
    status: 400,
    code: 'validation_failed',
    field: 'from',
  },
  {
    name: 'a report period written as text',
    method: 'get',
    path: '/v1/reports/sessions.csv?from=March&to=2026-03-31',
    auth: true,
    status: 400,
    code: 'validation_failed',
    field: 'from',
  },
  {
    name: 'an audit entity type that is not audited',
    method: 'get',
    path: '/v1/audit-log?entityType=password',
    auth: true,
    status: 400,
    code: 'validation_failed',
    field: 'entityType',
  },
  {
    name: 'an audit period that ends before it starts',
    method: 'get',
    path: '/v1/audit-log?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
    auth: true,
    status: 400,
    code: 'validation_failed',
    field: 'to',
  },
  {
    name: 'an erasure of an id that is not a UUID',
    method: 'post',
    path: '/v1/users/1;DROP TABLE app_user/erase',
    auth: true,
    status: 400,
    code: 'validation_failed',
    field: 'id',
  },
  {
    name: 'a role that cannot be created',
    method: 'post',
    path: '/v1/users',
    auth: true,
    body: (ids: { siena: string }) => ({ ...register(ids, {}), academyId: undefined, role: 'newcomer' }),
    status: 400,
    code: 'validation_failed',
    field: 'role',
  },
];

describe('bad input gets a 4xx problem naming the field, never a 500', () => {
  let apps: TestApps;
  let ids: { siena: string; belgrade: string };
  let coordinator: TestAccount;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false });
    ids = await academyIds(apps.http);
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', ids.siena);
  });
  afterAll(() => apps.close());

  it(`covers at least 15 kinds of bad input (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const path = typeof c.path === 'function' ? c.path(ids) : c.path;
    let call = apps.http()[c.method](path);
    if (c.auth) call = call.set('Authorization', `Bearer ${coordinator.token}`);
    if (c.raw) call = call.set('Content-Type', c.raw.contentType).send(c.raw.payload);
    else if (c.body !== undefined)
      call = call.send((typeof c.body === 'function' ? (c.body as (i: typeof ids) => unknown)(ids) : c.body) as object);
    const response = await call;

    expect(response.status).toBe(c.status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: c.status,
      code: c.code,
      type: `/problems/${c.code}`,
      title: expect.any(String),
      detail: expect.any(String),
    });
    if (c.field)
      expect(response.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: c.field, message: expect.any(String) })]),
      );
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/); // no stack trace
  });

  it('wrote nothing for any refused registration', async () => {
    const [{ count }] = await apps.api.get(DataSource).query(`SELECT count(*)::int AS count FROM app_user WHERE email LIKE 'badinput-%'`);
    expect(count).toBe(0);
  });

  it('an unknown route gets a 404 problem', async () => {
    const response = await apps.http().get('/v1/no-such-thing').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, code: 'route_not_found', instance: '/v1/no-such-thing' });
  });

  it('a wrong method on a known route gets 405 with Allow', async () => {
    const response = await apps.http().delete('/v1/auth/login').expect(405);
    expect(response.headers.allow).toBe('POST');
    expect(response.body.code).toBe('method_not_allowed');
    const onParam = await apps.http().put(`/v1/users/${coordinator.id}`).set('Authorization', `Bearer ${coordinator.token}`).expect(405);
    expect(onParam.headers.allow).toBe('GET, HEAD');
  });

  it('every problem carries the request id, which is also a response header', async () => {
    const response = await apps.http().get('/v1/nothing').set('X-Request-Id', 'trace-abc-12345').expect(404);
    expect(response.headers['x-request-id']).toBe('trace-abc-12345');
    expect(response.body.requestId).toBe('trace-abc-12345');
  });
});
