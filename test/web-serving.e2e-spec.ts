import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startTestApps, type TestApps } from './support/test-apps';

const SCRAPER_TOKEN = 'metrics-scraper-token-0123456789';

/**
 * The API serves the built web app at `/`, and client routes fall back to
 * index.html, while /v1, /docs, /health, /metrics and /admin/queues stay the
 * API's. A small stand-in build keeps this independent of `npm run build:web`;
 * the browser suite runs the real one.
 */
describe('the web app served by the API', () => {
  let apps: TestApps;
  let build: string;
  const page = { Accept: 'text/html,application/xhtml+xml' };

  beforeAll(async () => {
    build = mkdtempSync(join(tmpdir(), 'cac-web-'));
    mkdirSync(join(build, 'assets'));
    writeFileSync(join(build, 'index.html'), '<!doctype html><title>app shell</title><div id="root"></div>');
    writeFileSync(join(build, 'assets', 'index-abc123.js'), 'console.log("app")');
    writeFileSync(join(build, 'assets', 'index-abc123.js.br'), brotliCompressSync('console.log("app")'));
    writeFileSync(join(build, 'assets', 'index-abc123.js.gz'), gzipSync('console.log("app")'));
    writeFileSync(join(build, 'index.en.html'), '<!doctype html><html lang="en"><h1>Free online coaching</h1><div id="root"></div>');
    writeFileSync(join(build, 'index.ur.html'), '<!doctype html><html lang="ur" dir="rtl"><h1>مفت آن لائن کوچنگ</h1><div id="root"></div>');
    writeFileSync(join(build, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    apps = await startTestApps({ worker: false, webDirectory: build, env: { METRICS_TOKEN: SCRAPER_TOKEN } });
  });
  afterAll(async () => {
    await apps.close();
    rmSync(build, { recursive: true, force: true });
  });

  it('serves the page at / with a strict content security policy, never cached', async () => {
    const response = await apps.http().get('/').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<div id="root">');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('serves / already drawn in the browser’s first language that has a page, English otherwise; client routes get the plain shell', async () => {
    expect((await apps.http().get('/').set('Accept-Language', 'ur-PK,ur;q=0.9,en;q=0.8')).text).toContain('lang="ur"');
    expect((await apps.http().get('/').set('Accept-Language', 'ps;q=1, ur;q=0.5')).text).toContain('lang="ur"');
    expect((await apps.http().get('/').set('Accept-Language', 'de-DE,de;q=0.9')).text).toContain('lang="en"');
    const home = await apps.http().get('/').set('Accept-Language', 'ur');
    expect(home.headers.vary).toMatch(/Accept-Language/);
    expect((await apps.http().get('/find').set(page).set('Accept-Language', 'ur')).text).toContain('app shell');
  });

  it('sends the build’s brotli or gzip file to a browser that accepts it, and pages gzipped', async () => {
    const br = await apps.http().get('/assets/index-abc123.js').set('Accept-Encoding', 'gzip, deflate, br');
    expect(br.headers).toMatchObject({ 'content-encoding': 'br', vary: 'Accept-Encoding' });
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toMatch(/immutable/);
    expect(br.text).toBe('console.log("app")');
    const gz = await apps.http().get('/assets/index-abc123.js').set('Accept-Encoding', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.text).toBe('console.log("app")');
    const plain = await apps.http().get('/assets/index-abc123.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const html = await apps.http().get('/sessions').set(page).set('Accept-Encoding', 'gzip');
    expect(html.headers['content-encoding']).toBe('gzip');
    expect(html.text).toContain('app shell');
  });

  it.each(['/find', '/sessions', '/sessions/3f1c2a9e-0000-4000-8000-000000000000/outcome', '/me', '/register'])(
    'falls back to index.html for the client route %s',
    async (path) => {
      const response = await apps.http().get(path).set(page).expect(200);
      expect(response.text).toContain('app shell');
    },
  );

  it('serves hashed assets for a year, and a missing asset is a 404, not the page', async () => {
    const asset = await apps.http().get('/assets/index-abc123.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
    const missing = await apps.http().get('/assets/index-gone.js').set(page).expect(404);
    expect(missing.text).not.toContain('app shell');
    await apps.http().get('/favicon.svg').expect(200);
  });

  it('leaves /v1, /docs, /health, /metrics and /admin/queues to the API, even when a browser asks', async () => {
    const academies = await apps.http().get('/v1/academies').set(page).expect(200);
    expect(academies.headers['content-type']).toMatch(/^application\/json/);
    const unknown = await apps.http().get('/v1/no-such-thing').set(page).expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await apps.http().get('/docs').set(page).redirects(1)).text).toMatch(/swagger/i);
    expect((await apps.http().get('/docs-json').expect(200)).body.openapi).toMatch(/^3\./);
    expect((await apps.http().get('/health').set(page)).headers['content-type']).toMatch(/^application\/json/);
    const metrics = await apps.http().get('/metrics').set(page).set('Authorization', `Bearer ${SCRAPER_TOKEN}`).expect(200);
    expect(metrics.text).toContain('# HELP');
    // Without the token it is still the API refusing, not the app's page.
    const refused = await apps.http().get('/metrics').set(page).expect(401);
    expect(refused.text).not.toContain('app shell');
    const queues = await apps.http().get('/admin/queues').set(page);
    expect(queues.status).toBe(401);
    expect(queues.text).not.toContain('app shell');
  });

  it('answers other methods and non-page requests on unknown paths as the API does', async () => {
    await apps.http().post('/find').set(page).send({}).expect(404);
    const json = await apps.http().get('/find').set('Accept', 'application/json').expect(404);
    expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
