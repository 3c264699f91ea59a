import { type AddressInfo } from 'node:net';
import { type INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '../apps/worker/src/worker-app';
import { WorkerHealthServer } from '../apps/worker/src/health/worker-health.server';
import { startTestApps, type TestApps } from './support/test-apps';

const TOKEN = 'metrics-scraper-token-0123456789';

/** /metrics on the API and on the worker answers only a scraper holding METRICS_TOKEN; without one configured it is not served. */
describe('/metrics access', () => {
  let apps: TestApps;
  let worker: INestApplicationContext;
  let workerUrl: string;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, env: { METRICS_TOKEN: TOKEN } });
    worker = await createWorkerApp(apps.config, { healthPort: 0 });
    workerUrl = `http://127.0.0.1:${(worker.get(WorkerHealthServer).address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await apps.close();
  });

  it('asks the API’s scraper for the token', async () => {
    const anonymous = await apps.http().get('/metrics').expect(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.text).not.toContain('coaching_');
    await apps.http().get('/metrics').set('Authorization', 'Bearer metrics-scraper-token-0123456788').expect(401);
    const scraped = await apps.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(scraped.text).toContain('coaching_bookings_total');
  });

  it('asks the worker’s scraper for the token, and keeps /health open', async () => {
    const anonymous = await fetch(`${workerUrl}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('coaching_');
    expect((await fetch(`${workerUrl}/metrics`, { headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    const scraped = await fetch(`${workerUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('coaching_reminder_lateness_seconds');
    expect((await fetch(`${workerUrl}/health`)).status).toBe(200);
  });

  it('does not serve /metrics at all when no token is configured', async () => {
    const open = await startTestApps({ worker: false });
    try {
      await open.http().get('/metrics').expect(404);
    } finally {
      await open.close();
    }
  }, 30_000);
});
