import { academyIds, markVerifiedForTest, newcomerBody, PASSWORD } from './support/accounts';
import { WorkerHealthServer } from '../apps/worker/src/health/worker-health.server';
import { startTestApps, type TestApps } from './support/test-apps';

describe('operations: health and the OpenAPI contract', () => {
  let apps: TestApps;

  beforeAll(async () => {
    apps = await startTestApps();
  });
  afterAll(() => apps.close());

  it('GET /health reports the database and Redis up', async () => {
    const response = await apps.http().get('/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, queue: { status: 'up' } } });
  });

  it('the worker’s health check sees the database and Redis', async () => {
    await expect(apps.worker!.get(WorkerHealthServer).check()).resolves.toEqual({
      status: 'ok',
      details: { database: { status: 'up' }, queue: { status: 'up' } },
    });
  });

  it('serves OpenAPI 3 generated from the DTOs, and Swagger UI', async () => {
    const spec = (await apps.http().get('/docs-json').expect(200)).body;
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/auth/register', '/v1/auth/login', '/v1/me', '/v1/users', '/v1/users/{id}', '/v1/academies', '/health']),
    );
    const register = spec.components.schemas.RegisterDto;
    expect(register.required).toEqual(
      expect.arrayContaining(['email', 'password', 'displayName', 'locale', 'timeZone', 'languages', 'academyId']),
    );
    expect(register.properties.locale.enum).toEqual(['en', 'it', 'sr', 'uk', 'ar', 'ur', 'fa']);
    expect(spec.components.securitySchemes).toHaveProperty('bearer');
    const ui = await apps.http().get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});

describe('health when Redis is unreachable', () => {
  let apps: TestApps;

  beforeAll(async () => {
    // Nothing listens on port 1: the API must still start and report the queue down.
    apps = await startTestApps({ worker: false, env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  // BullMQ's close waits for a connection that never comes; the process does not need it.
  afterAll(() => Promise.race([apps.close(), new Promise((resolve) => setTimeout(resolve, 2_000))]));

  it('answers 503 naming the queue', async () => {
    const response = await apps.http().get('/health').expect(503);
    expect(response.body).toMatchObject({ status: 'error', details: { database: { status: 'up' }, queue: { status: 'down' } } });
  });

  it('still registers and signs in newcomers: the account matters more than its welcome mail', async () => {
    const { siena } = await academyIds(apps.http);
    const body = newcomerBody(siena);
    const started = Date.now();
    await apps.http().post('/v1/auth/register').send(body).expect(202);
    expect(Date.now() - started).toBeLessThan(10_000);
    // A password signs in only once the address is confirmed (the link's mail waits for Redis; the account does not).
    await markVerifiedForTest(apps.http, body.email as string);
    await apps.http().post('/v1/auth/login').send({ email: body.email, password: PASSWORD }).expect(200);
  });
});
