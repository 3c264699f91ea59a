import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { createAcademyStaff, type TestAccount } from './support/accounts';
import { halfHourBooking, newcomerAndCoach, nextGridStart } from './support/notifications';
import { as, bookSession } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

const page = { Accept: 'text/html,application/xhtml+xml' };

/** The policy every HTML answer carries: this origin's scripts only, and no framing by anyone. */
function expectPagePolicy(response: Response): void {
  const policy = response.headers['content-security-policy'] ?? '';
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toMatch(/script-src[^;]*unsafe/);
  expect(response.headers['x-frame-options']).toBe('DENY');
}

/** What every answer carries, whatever it is. */
function expectCommonHeaders(response: Response): void {
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(response.headers['x-powered-by']).toBeUndefined();
  expectPagePolicy(response);
}

/**
 * Security headers on every kind of answer (issue 22, items 6 and 7): the
 * app's pages, including index.html and index.<locale>.html asked for by
 * name, an asset, Swagger UI, the queue dashboard, the API's JSON, a
 * calendar file, a calendar feed and a CSV report. A stand-in build keeps
 * this independent of `npm run build:web`.
 */
describe('security headers on every answer', () => {
  let apps: TestApps;
  let build: string;
  let coordinator: TestAccount;
  let newcomer: TestAccount;
  let sessionId: string;

  beforeAll(async () => {
    build = mkdtempSync(join(tmpdir(), 'cac-web-'));
    mkdirSync(join(build, 'assets'));
    writeFileSync(join(build, 'index.html'), '<!doctype html><title>app shell</title><div id="root"></div>');
    writeFileSync(join(build, 'index.en.html'), '<!doctype html><html lang="en"><h1>Free online coaching</h1><div id="root"></div>');
    writeFileSync(join(build, 'index.ar.html'), '<!doctype html><html lang="ar" dir="rtl"><h1>تدريب مجاني</h1><div id="root"></div>');
    writeFileSync(join(build, 'assets', 'index-abc123.js'), 'console.log("app")');
    writeFileSync(join(build, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    apps = await startTestApps({ worker: false, webDirectory: build });
    const staff = await createAcademyStaff(apps);
    coordinator = staff.sienaCoordinator;
    const pair = await newcomerAndCoach(apps, coordinator, staff.siena);
    newcomer = pair.newcomer;
    sessionId = await bookSession(apps.http, newcomer, halfHourBooking(pair.coach, nextGridStart(new Date(Date.now() + 3 * 3600_000))));
  });
  afterAll(async () => {
    await apps.close();
    rmSync(build, { recursive: true, force: true });
  });

  it.each([
    ['the home page', '/', {}],
    ['a client route', '/sessions', page],
    ['index.html by name', '/index.html', {}],
    ['a pre-rendered page by name', '/index.ar.html', {}],
    ['a pre-rendered page by name, asked for as a page', '/index.en.html', page],
  ])('%s is served as the app’s page: CSP, no framing, never cached for an hour', async (_name, path, headers) => {
    const response = await apps.http().get(path).set(headers).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<div id="root">');
    expectCommonHeaders(response);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['strict-transport-security']).toBeUndefined(); // PUBLIC_URL is http here
  });

  it('an asset and a static file carry the headers too, and keep their own caching', async () => {
    const asset = await apps.http().get('/assets/index-abc123.js').expect(200);
    expectCommonHeaders(asset);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    expectCommonHeaders(await apps.http().get('/favicon.svg').expect(200));
  });

  it('Swagger UI at /docs loads only this origin’s scripts and cannot be framed', async () => {
    const docs = await apps.http().get('/docs').redirects(1).expect(200);
    expect(docs.text).toMatch(/swagger/i);
    expectCommonHeaders(docs);
    // Its page has no inline script for the policy to block: every <script> has a src.
    expect(docs.text.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
    expectCommonHeaders(await apps.http().get('/docs-json').expect(200));
  });

  it('the queue dashboard carries the policy, signed in or not', async () => {
    expectCommonHeaders(await apps.http().get('/admin/queues').set(page).expect(401));
  });

  it.each([
    ['/v1 JSON without a sign-in', () => apps.http().get('/v1/academies'), /^application\/json/],
    ['/v1/me', () => apps.http().get('/v1/me').set(as(newcomer)), /^application\/json/],
    ['/v1/me/export', () => apps.http().get('/v1/me/export').set(as(newcomer)), /^application\/json/],
    ['a /v1 problem', () => apps.http().get('/v1/no-such-thing'), /^application\/problem\+json/],
    ['a sign-in', () => apps.http().post('/v1/auth/login').send({ email: 'nobody@example.org', password: 'not it' }), /problem/],
  ])('%s is never stored: Cache-Control no-store, nosniff', async (_name, call, type) => {
    const response = await call();
    expect(response.headers['content-type']).toMatch(type);
    expect(response.headers['cache-control']).toBe('no-store');
    expectCommonHeaders(response);
  });

  it('a session’s .ics, the calendar feed and the CSV report are never stored either', async () => {
    const ics = await apps.http().get(`/v1/sessions/${sessionId}/calendar.ics`).set(as(newcomer)).expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.headers['cache-control']).toMatch(/no-store/);
    expectCommonHeaders(ics);

    const feedUrl = new URL((await apps.http().get('/v1/me/calendar-feed').set(as(newcomer)).expect(200)).body.url as string);
    const feed = await apps.http().get(feedUrl.pathname).expect(200);
    expect(feed.headers['cache-control']).toMatch(/no-store/);
    expectCommonHeaders(feed);

    const today = new Date().toISOString().slice(0, 10);
    const csv = await apps.http().get(`/v1/reports/sessions.csv?from=${today}&to=${today}`).set(as(coordinator)).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['cache-control']).toBe('no-store');
    expectCommonHeaders(csv);
  });
});

describe('security headers when PUBLIC_URL is https', () => {
  let apps: TestApps;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, webDirectory: null, env: { PUBLIC_URL: 'https://coaching.test' } });
  });
  afterAll(() => apps.close());

  it('sends HSTS for a year and asks browsers to upgrade any http subresource', async () => {
    const response = await apps.http().get('/v1/academies').expect(200);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    const docs = await apps.http().get('/docs').redirects(1).expect(200);
    expect(docs.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});
