import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { academyIds, createStaff, registerNewcomer, type TestAccount, uniqueEmail } from './support/accounts';
import { assertWebAppBuilt, launchChromium, listenEphemeral, type PageGlobals, screenshot, seriousViolations } from './support/browser';
import { createCoach, weekdays } from './support/coaches';
import { sentTo } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';
import { words } from './support/words';

/**
 * The staff pages in a real Chromium, against the built app served by the real
 * API on PostgreSQL and Redis: one server and one browser for the whole file.
 * The coach lives in Karachi and reads Urdu; the newcomers live in Rome.
 */
const COACH_ZONE = 'Asia/Karachi';
const ROME = 'Europe/Rome';
/** A Tuesday morning: the server and the browser both read this as now. */
const NOW = new Date('2026-12-01T06:00:00Z');
/** The Sunday before, when the newcomer booked Monday's session that is now past. */
const BOOKED_AT = new Date('2026-11-29T06:00:00Z');
const PAST_SESSION_START = DateTime.fromISO('2026-11-30T09:00', { zone: COACH_ZONE });
const FUTURE_SESSION_START = DateTime.fromISO('2026-12-07T10:00', { zone: COACH_ZONE });

jest.setTimeout(120_000);

describe('the staff pages in a browser', () => {
  const clock = new FixedClock(BOOKED_AT);
  let apps: TestApps;
  let origin: string;
  let browser: Browser;
  let coach: TestAccount;
  let newcomer: TestAccount;
  let pastSessionId: string;
  let futureSession: { id: string; newcomer: { displayName: string } };
  let sienaCoordinator: TestAccount;
  let giuliaAhead: string;
  let chiaraId: string;
  let belgradeCoordinator: TestAccount;
  const as = (a: TestAccount) => ({ Authorization: `Bearer ${a.token}` });

  beforeAll(async () => {
    assertWebAppBuilt();
    // The worker runs: the session page shows what became of each message, through the SMTP sink.
    apps = await startTestApps({ clock, env: { JWT_EXPIRES_IN_SECONDS: String(7 * 24 * 3600), NOTIFICATION_ATTEMPTS: '1' } });
    origin = await listenEphemeral(apps);
    browser = await launchChromium();
    const { siena, belgrade } = await academyIds(apps.http);
    const coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    sienaCoordinator = coordinator;
    belgradeCoordinator = await createStaff(apps.api, apps.http, 'coordinator', belgrade);
    await seedAcademies(siena, belgrade);
    clock.set(BOOKED_AT);
    coach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: COACH_ZONE,
      weekly: [{ weekday: 1, start: '09:00', end: '12:00' }],
      languages: ['ur', 'en'],
      locale: 'ur',
    });
    newcomer = await registerNewcomer(apps.http, siena, { languages: ['ur'], timeZone: ROME });
    const booked = await apps
      .http()
      .post('/v1/sessions')
      .set({ Authorization: `Bearer ${newcomer.token}` })
      .send({ coachId: coach.id, start: PAST_SESSION_START.toUTC().toISO(), durationMinutes: 30, topic: 'employment', language: 'ur' })
      .expect(201);
    pastSessionId = booked.body.id;
    const ahead = await apps
      .http()
      .post('/v1/sessions')
      .set({ Authorization: `Bearer ${newcomer.token}` })
      .send({ coachId: coach.id, start: FUTURE_SESSION_START.toUTC().toISO(), durationMinutes: 30, topic: 'housing', language: 'ur' })
      .expect(201);
    futureSession = ahead.body;
    await rename(coach.id, 'Zarina');
    clock.set(NOW);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await apps?.close();
  });

  const rename = (id: string, name: string) =>
    apps.api.get(DataSource).query(`UPDATE app_user SET display_name = $2 WHERE id = $1`, [id, name]);

  /**
   * Two months of Siena sessions with every outcome (one newcomer returns, one
   * session still waits for its outcome), and one Belgrade session, each booked
   * when it could be and recorded afterwards.
   */
  async function seedAcademies(siena: string, belgrade: string): Promise<void> {
    const giulia = await createCoach(apps.api, apps.http, sienaCoordinator, siena, {
      timeZone: ROME,
      weekly: weekdays('09:00', '17:00'),
      languages: ['ur', 'en', 'it'],
    });
    await rename(giulia.id, 'Giulia');
    const milan = await createCoach(apps.api, apps.http, belgradeCoordinator, belgrade, {
      timeZone: 'Europe/Belgrade',
      weekly: weekdays('09:00', '17:00'),
      languages: ['uk', 'sr'],
    });
    await rename(milan.id, 'Milan');
    const amina = await registerNewcomer(apps.http, siena, { displayName: 'Amina', languages: ['ur'] });
    const bilal = await registerNewcomer(apps.http, siena, { displayName: 'Bilal', languages: ['ur'] });
    const chiara = await registerNewcomer(apps.http, siena, { displayName: 'Chiara', languages: ['it'] });
    chiaraId = chiara.id;
    const dragana = await registerNewcomer(apps.http, belgrade, { displayName: 'Dragana', languages: ['uk'], timeZone: 'Europe/Belgrade' });
    const book = async (who: TestAccount, coachId: string, local: string, zone: string, topic: string, language: string) => {
      const response = await apps
        .http()
        .post('/v1/sessions')
        .set(as(who))
        .send({ coachId, start: DateTime.fromISO(local, { zone }).toUTC().toISO(), durationMinutes: 60, topic, language })
        .expect(201);
      return response.body.id as string;
    };
    clock.set(new Date('2026-10-01T06:00:00Z'));
    const october = [
      [await book(amina, giulia.id, '2026-10-05T10:00', ROME, 'employment', 'ur'), 'completed'],
      [await book(bilal, giulia.id, '2026-10-07T10:00', ROME, 'housing', 'ur'), 'newcomer_no_show'],
      [await book(amina, giulia.id, '2026-10-12T10:00', ROME, 'employment', 'ur'), 'completed'],
    ] as const;
    const cancelled = await book(chiara, giulia.id, '2026-10-14T10:00', ROME, 'housing', 'it');
    await apps.http().post(`/v1/sessions/${cancelled}/cancel`).set(as(chiara)).send({}).expect(200);
    clock.set(new Date('2026-11-01T06:00:00Z'));
    const november = [
      [await book(bilal, giulia.id, '2026-11-02T10:00', ROME, 'employment', 'ur'), 'completed'],
      [await book(chiara, giulia.id, '2026-11-04T10:00', ROME, 'employment', 'it'), 'coach_no_show'],
    ] as const;
    await book(chiara, giulia.id, '2026-11-09T10:00', ROME, 'housing', 'it'); // never recorded: needs attention
    const belgradeSession = await book(dragana, milan.id, '2026-11-03T12:00', 'Europe/Belgrade', 'housing', 'uk');
    clock.set(new Date('2026-11-20T06:00:00Z'));
    giuliaAhead = await book(bilal, giulia.id, '2026-12-02T10:00', ROME, 'employment', 'ur');
    for (const [id, outcome] of [...october, ...november]) {
      await apps.http().post(`/v1/sessions/${id}/attendance`).set(as(sienaCoordinator)).send({ outcome }).expect(200);
    }
    await apps
      .http()
      .post(`/v1/sessions/${belgradeSession}/attendance`)
      .set(as(belgradeCoordinator))
      .send({ outcome: 'completed' })
      .expect(200);
  }

  /** A page signed in as the account: the sign-in is kept where the app keeps it, as the sign-in page would leave it. */
  async function signedInPage(
    account: TestAccount,
    browserLocale: string,
    timezoneId: string,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const me = await apps
      .http()
      .get('/v1/me')
      .set({ Authorization: `Bearer ${account.token}` })
      .expect(200);
    const context = await browser.newContext({
      locale: browserLocale,
      timezoneId,
      viewport: { width: 360, height: 740 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.clock.install({ time: NOW });
    await page.goto(`${origin}/`);
    const stored = { accessToken: account.token, expiresAt: NOW.getTime() + 24 * 3600_000, user: me.body };
    await page.evaluate(`localStorage.setItem('cac.session', ${JSON.stringify(JSON.stringify(stored))})`);
    return { context, page };
  }

  async function expectAccessible(page: Page, label: string): Promise<void> {
    expect({ page: label, violations: await seriousViolations(page) }).toEqual({ page: label, violations: [] });
  }

  async function switchLanguage(page: Page, from: string, to: string, heading: string): Promise<void> {
    await page.getByRole('combobox', { name: words(from)('nav.language'), exact: true }).selectOption(to);
    await page.getByRole('heading', { name: words(to)(heading) }).waitFor();
  }

  /** The instants the page's preview for a city shows, in order. */
  const previewStarts = (page: Page, zone: string) =>
    page.locator(`[data-testid="preview-${zone}"] time`).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime')));

  it('the Karachi coach sets hours in the week editor by keyboard, and the preview offers what GET /v1/slots offers a Rome newcomer', async () => {
    const m = words('ur');
    const { context, page } = await signedInPage(coach, 'ur-PK', COACH_ZONE);
    try {
      await page.goto(`${origin}/coach/hours`);
      await page.getByRole('heading', { name: m('coach.hours.title'), level: 1 }).waitFor();
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      await page.getByText(m('coach.hours.zone', { city: m('city.karachi') })).waitFor();

      // Wednesday: "Add hours" by Enter, then the new row's two times by the arrow keys, then save by Enter.
      const wednesday = page.locator('fieldset[data-weekday="3"]');
      await wednesday.getByRole('button').last().focus();
      await page.keyboard.press('Enter');
      const from = wednesday.locator('select').nth(0);
      const until = wednesday.locator('select').nth(1);
      await until.waitFor();
      expect([await from.inputValue(), await until.inputValue()]).toEqual(['09:00', '12:00']);
      await page.keyboard.press('Shift+Tab'); // the new row's remove button
      await page.keyboard.press('Shift+Tab'); // its end
      await page.keyboard.press('Shift+Tab'); // its start
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown'); // 09:00 → 10:00
      await page.keyboard.press('Tab');
      for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown'); // 12:00 → 14:00
      expect([await from.inputValue(), await until.inputValue()]).toEqual(['10:00', '14:00']);
      // Monday's hours are removed by keyboard too.
      const monday = page.locator('fieldset[data-weekday="1"]');
      expect(await monday.getByRole('button').first().getAttribute('aria-label')).toContain('09:00–12:00');
      await monday.getByRole('button').first().focus();
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: m('coach.hours.save') }).focus();
      await page.keyboard.press('Enter');
      await page
        .getByRole('status')
        .filter({ hasText: m('coach.hours.saved') })
        .waitFor();

      const availability = await apps
        .http()
        .get(`/v1/coaches/${coach.id}/availability`)
        .set({ Authorization: `Bearer ${coach.token}` })
        .expect(200);
      expect(availability.body).toMatchObject({ timeZone: COACH_ZONE, weekly: [{ weekday: 3, start: '10:00', end: '14:00' }] });

      // The preview equals what a Rome newcomer is offered over the same 14 days.
      const fromDate = DateTime.fromJSDate(NOW, { zone: ROME }).toISODate()!;
      const toDate = DateTime.fromJSDate(NOW, { zone: ROME }).plus({ days: 13 }).toISODate()!;
      const offered = await apps
        .http()
        .get('/v1/slots')
        .query({ coachId: coach.id, from: fromDate, to: toDate, timeZone: ROME })
        .set({ Authorization: `Bearer ${newcomer.token}` })
        .expect(200);
      const expected = (offered.body.slots as Array<{ start: string }>).map((s) => new Date(s.start).toISOString());
      expect(expected.length).toBeGreaterThan(0);
      // Every offered time is a Wednesday between 10:00 and 14:00 in Karachi (06:00–10:00 in Rome).
      for (const start of expected) {
        const local = DateTime.fromISO(start, { zone: COACH_ZONE });
        expect([local.weekday, local.hour >= 10 && local.hour < 14]).toEqual([3, true]);
      }
      await page.waitForFunction(
        ({ selector, count }) => (globalThis as unknown as PageGlobals).document.querySelectorAll(selector).length === count,
        { selector: `[data-testid="preview-${ROME}"] time`, count: expected.length },
      );
      expect(await previewStarts(page, ROME)).toEqual(expected);
      // Each time carries its city: Rome's, then the coach's own.
      const first = DateTime.fromISO(expected[0]);
      const firstText = await page.locator(`[data-testid="preview-${ROME}"] li`).first().innerText();
      expect(firstText).toContain(m('city.rome'));
      expect(firstText).toContain(m('city.karachi'));
      expect(firstText).toContain(first.setZone(COACH_ZONE).toFormat('HH:mm'));
      expect(await previewStarts(page, 'Europe/Belgrade')).toEqual(expected);

      await screenshot(page, 'ur-coach-hours');
      await switchLanguage(page, 'ur', 'fa', 'coach.hours.title');
      await expectAccessible(page, 'fa coach hours');
      await screenshot(page, 'fa-coach-hours');
      await switchLanguage(page, 'fa', 'en', 'coach.hours.title');
      await expectAccessible(page, 'en coach hours');
      await screenshot(page, 'en-coach-hours');
    } finally {
      await context.close();
    }
  });

  it('refuses an interval that ends before it starts, next to the field, and sends nothing', async () => {
    const m = words('en');
    const { context, page } = await signedInPage(coach, 'en-GB', COACH_ZONE);
    try {
      await page.goto(`${origin}/coach/hours`);
      await page.locator('header select').selectOption('en');
      await page.getByRole('heading', { name: m('coach.hours.title'), level: 1 }).waitFor();
      const friday = page.locator('fieldset[data-weekday="5"]');
      await friday.getByRole('button').last().click();
      await friday.locator('select').nth(0).selectOption('13:00');
      let sent = 0;
      page.on('request', (request) => {
        if (request.method() === 'PUT') sent++;
      });
      await page.getByRole('button', { name: m('coach.hours.save') }).click();
      const error = friday.getByRole('alert');
      await error.waitFor();
      expect(await error.innerText()).toBe(m('coach.hours.endAfterStart'));
      expect(await friday.locator('select').nth(1).getAttribute('aria-invalid')).toBe('true');
      expect(sent).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('the coach adds a day without hours and a time off by keyboard, the preview loses those times as GET /v1/slots does, and both are removed again', async () => {
    const m = words('en');
    const { context, page } = await signedInPage(coach, 'en-GB', COACH_ZONE);
    const fromDate = DateTime.fromJSDate(NOW, { zone: ROME }).toISODate()!;
    const toDate = DateTime.fromJSDate(NOW, { zone: ROME }).plus({ days: 13 }).toISODate()!;
    const offered = async () => {
      const response = await apps
        .http()
        .get('/v1/slots')
        .query({ coachId: coach.id, from: fromDate, to: toDate, timeZone: ROME })
        .set({ Authorization: `Bearer ${newcomer.token}` })
        .expect(200);
      return (response.body.slots as Array<{ start: string }>).map((s) => new Date(s.start).toISOString());
    };
    const previewShows = async (expected: string[]) => {
      await page.waitForFunction(
        ({ selector, count }) => (globalThis as unknown as PageGlobals).document.querySelectorAll(selector).length === count,
        { selector: `[data-testid="preview-${ROME}"] time`, count: expected.length },
      );
      expect(await previewStarts(page, ROME)).toEqual(expected);
    };
    const availability = async () =>
      (
        await apps
          .http()
          .get(`/v1/coaches/${coach.id}/availability`)
          .set({ Authorization: `Bearer ${coach.token}` })
          .expect(200)
      ).body;
    try {
      const before = await offered();
      // Wednesday 10:00–14:00 in Karachi, from the first test: both Wednesdays of the fortnight are offered.
      const onDay = (day: string) => before.filter((s) => DateTime.fromISO(s, { zone: COACH_ZONE }).toISODate() === day);
      expect(onDay('2026-12-02').length).toBeGreaterThan(0);
      expect(onDay('2026-12-09').length).toBeGreaterThan(0);
      await page.goto(`${origin}/coach/hours`);
      await page.locator('header select').selectOption('en');
      await page.getByRole('heading', { name: m('coach.hours.title'), level: 1 }).waitFor();
      await previewShows(before);
      await page.getByText(m('coach.override.intro', { city: m('city.karachi') })).waitFor();
      await page.getByText(m('coach.timeOff.intro', { city: m('city.karachi') })).waitFor();

      // Wednesday 2 December: not available all day (the box is ticked already), saved by Enter.
      const overrideForm = page.getByRole('form', { name: m('coach.override.title') });
      await overrideForm.getByLabel(m('coach.override.date')).fill('2026-12-02');
      expect(await overrideForm.getByRole('checkbox', { name: m('coach.override.unavailable') }).isChecked()).toBe(true);
      await overrideForm.getByRole('button', { name: m('coach.override.save') }).focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="overrides"] li[data-date="2026-12-02"]').waitFor();

      // Time off on Wednesday 9 December, 10:00–12:00 in Karachi, whatever zone the browser is in.
      const timeOffForm = page.getByRole('form', { name: m('coach.timeOff.title') });
      await timeOffForm.getByLabel(m('coach.timeOff.startDate')).fill('2026-12-09');
      await timeOffForm.getByLabel(m('coach.timeOff.startTime')).focus();
      await page.keyboard.type('10:00');
      await timeOffForm.getByLabel(m('coach.timeOff.endDate')).fill('2026-12-09');
      await timeOffForm.getByLabel(m('coach.timeOff.endTime')).focus();
      await page.keyboard.type('12:00');
      expect([await timeOffForm.locator('select').nth(0).inputValue(), await timeOffForm.locator('select').nth(1).inputValue()]).toEqual([
        '10:00',
        '12:00',
      ]);
      await timeOffForm.getByLabel(m('coach.timeOff.reason')).focus();
      await page.keyboard.type('Family visit');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="time-off"] li').first().waitFor();

      const saved = await availability();
      expect(saved.overrides).toEqual([{ date: '2026-12-02', intervals: [] }]);
      expect(saved.timeOff).toEqual([
        { id: expect.any(String), start: '2026-12-09T05:00:00.000Z', end: '2026-12-09T07:00:00.000Z', reason: 'Family visit' },
      ]);
      // Each listed time carries its city.
      expect(await page.locator('[data-testid="time-off"] li').first().innerText()).toContain(m('city.karachi'));

      // The preview equals what a Rome newcomer is now offered: the 2nd is gone, and the 9th keeps only 12:00–14:00 in Karachi.
      const after = await offered();
      const off = (s: string) => s >= '2026-12-09T05:00:00.000Z' && s < '2026-12-09T07:00:00.000Z';
      expect(after).toEqual(before.filter((s) => !onDay('2026-12-02').includes(s) && !off(s)));
      expect(after.length).toBeLessThan(before.length);
      expect(after.some((s) => DateTime.fromISO(s, { zone: COACH_ZONE }).toISODate() === '2026-12-09')).toBe(true);
      await previewShows(after);

      await expectAccessible(page, 'en coach day changes and time off');
      await screenshot(page, 'en-coach-time-off');
      await switchLanguage(page, 'en', 'fa', 'coach.hours.title');
      await page.getByText(words('fa')('coach.timeOff.intro', { city: words('fa')('city.karachi') })).waitFor();
      await expectAccessible(page, 'fa coach day changes and time off');
      await screenshot(page, 'fa-coach-time-off');
      await switchLanguage(page, 'fa', 'en', 'coach.hours.title');

      // Both are removed by keyboard, and the preview offers the whole fortnight again.
      await page.getByRole('button', { name: m('coach.override.remove', { date: '2 December' }) }).focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="overrides"] li').waitFor({ state: 'detached' });
      await page.locator('[data-testid="time-off"] li button').focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="time-off"] li').waitFor({ state: 'detached' });
      expect(await availability()).toMatchObject({ overrides: [], timeOff: [] });
      expect(await offered()).toEqual(before);
      await previewShows(before);
    } finally {
      await context.close();
    }
  });

  it("refuses a time off that ends before it starts next to the field, and shows the field the API's problem+json names", async () => {
    const m = words('en');
    const { context, page } = await signedInPage(coach, 'en-GB', COACH_ZONE);
    try {
      await page.goto(`${origin}/coach/hours`);
      await page.locator('header select').selectOption('en');
      const form = page.getByRole('form', { name: m('coach.timeOff.title') });
      await form.waitFor();
      let sent = 0;
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().includes('/time-off')) sent++;
      });
      await form.getByLabel(m('coach.timeOff.startDate')).fill('2026-12-10');
      await form.getByLabel(m('coach.timeOff.endDate')).fill('2026-12-09');
      await form.getByRole('button', { name: m('coach.timeOff.add') }).click();
      const error = form.locator('#time-off-end-error');
      await error.waitFor();
      expect(await error.innerText()).toBe(m('coach.hours.endAfterStart'));
      expect(await form.getByLabel(m('coach.timeOff.endDate')).getAttribute('aria-invalid')).toBe('true');
      expect(sent).toBe(0);

      // More than a year: the page leaves that to the API, whose problem+json names the end, shown beside it.
      await form.getByLabel(m('coach.timeOff.endDate')).fill('2028-01-10');
      const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/time-off'));
      await form.getByRole('button', { name: m('coach.timeOff.add') }).click();
      const refused = await answer;
      expect([refused.status(), refused.headers()['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
      expect((await refused.json()).errors).toEqual([expect.objectContaining({ field: 'end' })]);
      await page.waitForFunction(
        (text) => (globalThis as unknown as PageGlobals).document.querySelector('#time-off-end-error')?.innerText === text,
        m('error.invalid'),
      );
      expect(await form.locator('#time-off-start-error').count()).toBe(0);
      const listed = (
        await apps
          .http()
          .get(`/v1/coaches/${coach.id}/availability`)
          .set({ Authorization: `Bearer ${coach.token}` })
          .expect(200)
      ).body.timeOff;
      expect(listed).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the coach records attendance and a private note on the past session from the sessions page', async () => {
    const m = words('ur');
    const { context, page } = await signedInPage(coach, 'ur-PK', COACH_ZONE);
    try {
      await page.goto(`${origin}/sessions`);
      const card = page.getByTestId('session').filter({ hasText: m('topic.employment') });
      await card.getByRole('link', { name: m('staff.sessions.recordAttendance') }).waitFor();
      // The newcomer's language is named in the coach's list.
      expect(await card.innerText()).toContain(new Intl.DisplayNames(['ur'], { type: 'language' }).of('ur'));
      await screenshot(page, 'ur-coach-sessions');
      await card.getByRole('link', { name: m('staff.sessions.recordAttendance') }).click();
      await page.waitForURL(`**/sessions/${pastSessionId}/outcome`);
      await page.getByRole('radio', { name: m('status.completed') }).check();
      await page.getByLabel(m('outcome.notes')).fill('CV ready; next: interview practice');
      await page.getByRole('button', { name: m('outcome.submit') }).click();
      await page
        .getByRole('status')
        .filter({ hasText: m('outcome.saved') })
        .waitFor();
      const session = await apps
        .http()
        .get(`/v1/sessions/${pastSessionId}`)
        .set({ Authorization: `Bearer ${coach.token}` })
        .expect(200);
      expect(session.body).toMatchObject({ status: 'completed', coachNotes: 'CV ready; next: interview practice' });

      // Recorded: the link is gone from the list.
      await page.goto(`${origin}/sessions`);
      await page.getByTestId('session').first().waitFor();
      expect(await page.getByRole('link', { name: m('staff.sessions.recordAttendance') }).count()).toBe(0);
      // The language chosen on a page becomes the account's, for the mails too.
      const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith('/v1/me'));
      await switchLanguage(page, 'ur', 'fa', 'sessions.title');
      expect((await saved).status()).toBe(200);
      expect((await apps.http().get('/v1/me').set(as(coach)).expect(200)).body.locale).toBe('fa');
      await expectAccessible(page, 'fa coach sessions');
      await switchLanguage(page, 'fa', 'en', 'sessions.title');
      await expectAccessible(page, 'en coach sessions');
    } finally {
      await context.close();
    }
  });

  it('the coach pauses themself: the session ahead is listed, kept, and the pause is ended again', async () => {
    const m = words('ur');
    const { context, page } = await signedInPage(coach, 'ur-PK', COACH_ZONE);
    try {
      await page.goto(`${origin}/coach/hours`);
      await page.locator('header select').selectOption('ur');
      await page.getByRole('button', { name: m('staff.pause.pause') }).click();
      const dialog = page.getByRole('dialog', { name: m('staff.pause.aheadTitle', { count: 1 }) });
      await dialog.waitFor();
      const listed = dialog.getByTestId('future-sessions').getByRole('listitem');
      expect(await listed.count()).toBe(1);
      expect(await listed.first().innerText()).toContain(futureSession.newcomer.displayName);
      expect(await listed.first().innerText()).toContain(m('city.karachi'));
      await screenshot(page, 'ur-coach-pause');
      await page.locator('header select').selectOption('fa');
      await page.getByRole('dialog', { name: words('fa')('staff.pause.aheadTitle', { count: 1 }) }).waitFor();
      await expectAccessible(page, 'fa coach pause dialog');
      await page.locator('header select').selectOption('ur');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: m('staff.pause.keepThem') }).click();
      await page
        .getByRole('status')
        .filter({ hasText: m('staff.pause.paused') })
        .waitFor();
      const paused = await apps
        .http()
        .get(`/v1/coaches/${coach.id}`)
        .set({ Authorization: `Bearer ${coach.token}` })
        .expect(200);
      expect(paused.body.status).toBe('paused');
      const kept = await apps
        .http()
        .get(`/v1/sessions/${futureSession.id}`)
        .set({ Authorization: `Bearer ${coach.token}` })
        .expect(200);
      expect(kept.body.status).toBe('booked');

      await page.getByRole('button', { name: m('staff.pause.resume') }).click();
      await page
        .getByRole('status')
        .filter({ hasText: m('staff.pause.resumed') })
        .waitFor();
      const active = await apps
        .http()
        .get(`/v1/coaches/${coach.id}`)
        .set({ Authorization: `Bearer ${coach.token}` })
        .expect(200);
      expect(active.body.status).toBe('active');
    } finally {
      await context.close();
    }
  });

  const SIENA_NAMES = ['Zarina', 'Giulia', 'Amina', 'Bilal', 'Chiara'];
  const en = words('en');
  const count = (n: number | null) => (n === null ? '–' : new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(n));
  const share = (n: number | null) =>
    n === null ? '–' : new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(n);
  /** The cells of a table's body, row by row, the row header first. */
  async function tableOf(page: Page, testId: string): Promise<string[][]> {
    const rows = await page.getByTestId(testId).locator('tbody tr').all();
    return Promise.all(rows.map(async (row) => (await row.locator('th, td').allTextContents()).map((cell) => cell.trim())));
  }

  it('the Siena coordinator: the reports tables under the charts hold the numbers of GET /v1/reports/sessions, and the CSV is the same period', async () => {
    const { context, page } = await signedInPage(sienaCoordinator, 'en-GB', ROME);
    try {
      await page.goto(`${origin}/staff/reports`);
      await page.getByTestId('table-by-month').waitFor();
      const period = { from: '2026-07-01', to: '2026-12-01' }; // five months back from today in Siena's zone
      const report = (await apps.http().get('/v1/reports/sessions').query(period).set(as(sienaCoordinator)).expect(200)).body;
      expect(report.totals.sessions).toBeGreaterThanOrEqual(8);
      await page
        .getByRole('status')
        .filter({ hasText: en('coordinator.reports.total', { count: report.totals.sessions }) })
        .waitFor();

      const statuses = ['completed', 'booked', 'cancelled', 'newcomerNoShow', 'coachNoShow'] as const;
      type Month = Record<(typeof statuses)[number] | 'sessions', number> & { month: string };
      expect((await tableOf(page, 'table-by-month')).map((row) => row.slice(1))).toEqual(
        (report.byMonth as Month[]).map((m) => [...statuses.map((s) => count(m[s])), count(m.sessions)]),
      );
      expect(await tableOf(page, 'table-by-topic')).toEqual(
        (report.byTopic as Array<{ topic: string; sessions: number }>).map((t) => [en(`topic.${t.topic}`), count(t.sessions)]),
      );
      const rate = (m: Month, n: number) =>
        m.completed + m.newcomerNoShow + m.coachNoShow === 0 ? null : n / (m.completed + m.newcomerNoShow + m.coachNoShow);
      expect((await tableOf(page, 'table-no-show')).map((row) => row.slice(1))).toEqual(
        (report.byMonth as Month[]).map((m) => [share(rate(m, m.newcomerNoShow)), share(rate(m, m.coachNoShow))]),
      );
      expect(await tableOf(page, 'table-utilisation')).toEqual(
        (
          report.byCoach as Array<{
            displayName: string;
            sessions: number;
            bookedHours: number;
            offeredHours: number | null;
            utilisation: number | null;
          }>
        ).map((c) => [c.displayName, count(c.sessions), count(c.bookedHours), count(c.offeredHours), share(c.utilisation)]),
      );
      expect(await tableOf(page, 'table-returning')).toEqual([
        [en('coordinator.reports.served'), count(report.newcomers.served)],
        [en('coordinator.reports.returningCount'), count(report.newcomers.returning)],
        [en('coordinator.reports.returningShare'), share(report.newcomers.returningShare)],
      ]);
      // The seeded data shows in those numbers: Amina came back, October had a newcomer absent.
      expect(report.newcomers.returning).toBe(1);
      expect(report.newcomers.served).toBeGreaterThanOrEqual(2);
      // The charts are drawn (one SVG each), hidden from screen readers, which read the tables: five of the
      // sessions report and three of the feedback figures.
      expect(await page.locator('figure .chart[aria-hidden="true"] .recharts-wrapper').count()).toBe(8);

      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: en('coordinator.reports.csv') }).click(),
      ]);
      expect(file.suggestedFilename()).toBe(`sessions-${period.from}-${period.to}.csv`);
      const csv = await apps
        .http()
        .get('/v1/reports/sessions.csv')
        .query(period)
        .set(as(sienaCoordinator))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect((await readFile(await file.path())).equals(csv.body as Buffer)).toBe(true);

      await expectAccessible(page, 'en reports');
      await screenshot(page, 'en-coordinator-reports');
      await switchLanguage(page, 'en', 'fa', 'coordinator.reports.title');
      await page.getByTestId('table-by-month').waitFor();
      await expectAccessible(page, 'fa reports');
      await screenshot(page, 'fa-coordinator-reports');
      // A period that ends before it starts is refused next to the field, before any request.
      await switchLanguage(page, 'fa', 'en', 'coordinator.reports.title');
      await page.getByLabel(en('coordinator.reports.to')).fill('2026-06-01');
      await page.getByRole('button', { name: en('coordinator.reports.show') }).click();
      await page.getByText(en('coordinator.reports.toAfterFrom')).waitFor();
      expect(await page.getByLabel(en('coordinator.reports.to')).getAttribute('aria-invalid')).toBe('true');
    } finally {
      await context.close();
    }
  });

  it('the Siena coordinator’s overview: the session waiting for an outcome, and this month’s figures from the report', async () => {
    const { context, page } = await signedInPage(sienaCoordinator, 'en-GB', ROME);
    try {
      await page.goto(`${origin}/staff`);
      const waiting = page.getByTestId('needs-attention');
      await waiting.first().waitFor();
      const api = (await apps.http().get('/v1/sessions/needs-attention').set(as(sienaCoordinator)).expect(200)).body.items as Array<{
        newcomer: { displayName: string };
      }>;
      expect(await waiting.count()).toBe(api.length);
      expect(await waiting.first().innerText()).toContain(api[0].newcomer.displayName);
      expect(api.map((s) => s.newcomer.displayName)).toContain('Chiara');
      const month = (
        await apps.http().get('/v1/reports/sessions').query({ from: '2026-12-01', to: '2026-12-01' }).set(as(sienaCoordinator)).expect(200)
      ).body;
      await page.getByTestId('month-figures').waitFor();
      const figures = (await page.getByTestId('month-figures').locator('p').allTextContents()).map((t) => t.trim());
      expect(figures.slice(0, 2)).toEqual([en('coordinator.reports.sessions'), count(month.totals.sessions)]);
      await expectAccessible(page, 'en overview');
      await screenshot(page, 'en-coordinator-overview');
      await switchLanguage(page, 'en', 'fa', 'coordinator.home.title');
      await expectAccessible(page, 'fa overview');
      await screenshot(page, 'fa-coordinator-overview');
    } finally {
      await context.close();
    }
  });

  it('the Siena coordinator books on behalf of Bilal: not without the consent box, the statement also in his language; the session page shows the failed confirmation with its reason', async () => {
    const { context, page } = await signedInPage(sienaCoordinator, 'en-GB', ROME);
    try {
      await page.goto(`${origin}/staff/book`);
      await page.getByRole('heading', { name: en('coordinator.book.title') }).waitFor();
      await page.getByLabel(en('coordinator.book.newcomer')).selectOption({ label: 'Bilal' });
      await page.getByLabel(en('coordinator.reports.coach')).selectOption({ label: 'Zarina' });
      await page.getByLabel(en('coordinator.reports.topic')).selectOption('employment');
      await page.getByLabel(en('coordinator.book.language')).selectOption('ur');
      const time = page.getByLabel(en('coordinator.book.time'));
      await page.waitForFunction(
        () => (globalThis as unknown as PageGlobals).document.querySelectorAll('option[value^="2026-12"]').length > 0,
      );
      await time.selectOption({ index: 1 });
      const start = await time.inputValue();
      // Bilal reads Italian: the statement is there in his language too.
      expect(await page.getByTestId('consent-theirs').innerText()).toBe(words('it')('coordinator.book.consent', { name: 'Bilal' }));
      let posted = 0;
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/v1/sessions')) posted++;
      });
      await page.getByRole('button', { name: en('coordinator.book.submit') }).click();
      await page.getByText(en('coordinator.book.consentRequired')).waitFor();
      expect(posted).toBe(0);
      await expectAccessible(page, 'en book on behalf');
      await screenshot(page, 'en-coordinator-book');

      apps.smtp.refuseWith = 'Mailbox unavailable';
      await page.getByRole('checkbox', { name: en('coordinator.book.consent', { name: 'Bilal' }) }).check();
      await page.getByRole('button', { name: en('coordinator.book.submit') }).click();
      await page
        .getByRole('status')
        .filter({ hasText: en('coordinator.book.done', { name: 'Bilal' }) })
        .waitFor();
      expect(posted).toBe(1);
      await page.getByRole('link', { name: en('coordinator.session.open') }).click();
      await page.waitForURL('**/staff/sessions/*');
      const sessionId = page.url().split('/').pop()!;
      const session = (await apps.http().get(`/v1/sessions/${sessionId}`).set(as(sienaCoordinator)).expect(200)).body;
      expect(session).toMatchObject({
        start: expect.any(String),
        newcomer: { displayName: 'Bilal' },
        consentRecordedAt: expect.any(String),
      });
      expect(new Date(session.start).toISOString()).toBe(new Date(start).toISOString());

      // The confirmations fall due at the platform's "now", which the worker reads from the same pinned clock:
      // it tries them at once; the sink refuses them; the page, reloaded, says so.
      const deadline = Date.now() + 20_000;
      while ((await page.locator('[data-testid="notifications"] tr[data-state="failed"]').count()) === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await page.reload();
        await page.getByTestId('notifications').waitFor();
      }
      apps.smtp.refuseWith = null;
      const failed = page.locator('[data-testid="notifications"] tr[data-state="failed"]');
      expect(await failed.count()).toBeGreaterThan(0);
      expect(await failed.first().textContent()).toContain(en('coordinator.session.state.failed'));
      expect(await failed.first().textContent()).toContain('Mailbox unavailable');
      const rows = (await apps.http().get(`/v1/sessions/${sessionId}/notifications`).set(as(sienaCoordinator)).expect(200)).body
        .items as Array<{ state: string; lastError: string | null }>;
      expect(rows.filter((r) => r.state === 'failed').length).toBe(await failed.count());
      expect(await page.getByTestId('history').innerText()).toContain('session.');
      await expectAccessible(page, 'en session');
      await screenshot(page, 'en-coordinator-session');
      await switchLanguage(page, 'en', 'fa', 'coordinator.session.title');
      await expectAccessible(page, 'fa session');
      await screenshot(page, 'fa-coordinator-session');
      await page.goto(`${origin}/staff/book`);
      await page.getByRole('heading', { name: words('fa')('coordinator.book.title') }).waitFor();
      await expectAccessible(page, 'fa book on behalf');
      await screenshot(page, 'fa-coordinator-book');
    } finally {
      apps.smtp.refuseWith = null;
      await context.close();
    }
  });

  it('the Siena coordinator pauses Giulia, who has a session ahead: it is listed, then cancelled as chosen', async () => {
    const { context, page } = await signedInPage(sienaCoordinator, 'en-GB', ROME);
    try {
      await page.goto(`${origin}/staff/coaches`);
      const giulia = page.getByRole('article', { name: 'Giulia' });
      await giulia.waitFor();
      expect(await page.getByTestId('coach').count()).toBe(2); // Giulia and Zarina: Siena's coaches only
      await expectAccessible(page, 'en coaches');
      await screenshot(page, 'en-coordinator-coaches');
      await giulia.getByRole('button', { name: en('staff.pause.pauseNamed', { name: 'Giulia' }) }).click();
      const dialog = page.getByRole('dialog', { name: en('staff.pause.aheadTitle', { count: 1 }) });
      await dialog.waitFor();
      expect(await dialog.getByRole('listitem').innerText()).toContain('Bilal');
      await screenshot(page, 'en-coordinator-pause');
      await dialog.getByLabel(en('staff.pause.reason')).fill('Giulia is unwell');
      await dialog.getByRole('button', { name: en('staff.pause.cancelThem') }).click();
      await giulia
        .getByRole('status')
        .filter({ hasText: en('staff.pause.cancelled', { count: 1 }) })
        .waitFor();
      const session = (await apps.http().get(`/v1/sessions/${giuliaAhead}`).set(as(sienaCoordinator)).expect(200)).body;
      expect(session).toMatchObject({ status: 'cancelled', cancellationReason: 'Giulia is unwell' });
      await giulia.getByRole('button', { name: en('staff.pause.resumeNamed', { name: 'Giulia' }) }).waitFor();
      await switchLanguage(page, 'en', 'fa', 'coordinator.coaches.title');
      await expectAccessible(page, 'fa coaches');
      await screenshot(page, 'fa-coordinator-coaches');
    } finally {
      await context.close();
    }
  });

  it('the Siena coordinator filters the audit log by sessions: the page lists what GET /v1/audit-log lists', async () => {
    const { context, page } = await signedInPage(sienaCoordinator, 'en-GB', ROME);
    try {
      await page.goto(`${origin}/staff/audit`);
      await page.getByTestId('audit').waitFor();
      await page.getByLabel(en('coordinator.audit.entity')).selectOption('session');
      await page.getByRole('button', { name: en('coordinator.reports.show') }).click();
      const api = (await apps.http().get('/v1/audit-log').query({ entityType: 'session', limit: 50 }).set(as(sienaCoordinator)).expect(200))
        .body;
      expect(api.items.length).toBeGreaterThan(5);
      await page.waitForFunction((count) => {
        const rows = Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('[data-testid="audit"] tbody tr'));
        return rows.length === count && rows.every((row) => row.dataset.entity === 'session');
      }, api.items.length);
      const actions = await page.getByTestId('audit').locator('tbody tr td:nth-child(2)').allTextContents();
      expect(actions).toEqual(api.items.map((entry: { action: string }) => entry.action));
      await expectAccessible(page, 'en audit');
      await screenshot(page, 'en-coordinator-audit');
      await switchLanguage(page, 'en', 'fa', 'coordinator.audit.title');
      await expectAccessible(page, 'fa audit');
      await screenshot(page, 'fa-coordinator-audit');
    } finally {
      await context.close();
    }
  });

  it('the Siena coordinator erases Chiara after a confirmation naming what goes and what stays; the figures do not change', async () => {
    const { context, page } = await signedInPage(sienaCoordinator, 'en-GB', ROME);
    const period = { from: '2026-07-01', to: '2026-12-01' };
    try {
      const before = (await apps.http().get('/v1/reports/sessions').query(period).set(as(sienaCoordinator)).expect(200)).body;
      await page.goto(`${origin}/staff/newcomers`);
      const chiara = page.getByRole('article', { name: 'Chiara' });
      await chiara.getByRole('button').click();
      const dialog = page.getByRole('dialog', { name: en('coordinator.erase.title', { name: 'Chiara' }) });
      await dialog.waitFor();
      expect(await dialog.getByTestId('erase-kept').innerText()).toContain(en('coordinator.erase.kept.figures'));
      expect(await dialog.getByTestId('erase-goes').innerText()).toContain(en('coordinator.erase.goes.identity'));
      const confirm = dialog.getByRole('button', { name: en('coordinator.erase.confirm') });
      expect(await confirm.isDisabled()).toBe(true);
      await expectAccessible(page, 'en erase dialog');
      await screenshot(page, 'en-coordinator-erase');
      await dialog.getByRole('checkbox', { name: en('coordinator.erase.understood') }).check();
      await confirm.click();
      await page
        .getByRole('status')
        .filter({ hasText: en('coordinator.erase.done', { name: 'Chiara', count: 0 }) })
        .waitFor();
      await page.getByRole('article', { name: 'Chiara' }).waitFor({ state: 'detached' });
      const row = await apps.api.get(DataSource).query(`SELECT display_name FROM app_user WHERE id = $1`, [chiaraId]);
      expect(row[0]?.display_name ?? null).not.toBe('Chiara');
      const after = (await apps.http().get('/v1/reports/sessions').query(period).set(as(sienaCoordinator)).expect(200)).body;
      expect(after.totals).toEqual(before.totals);
      await switchLanguage(page, 'en', 'fa', 'coordinator.newcomers.title');
      await expectAccessible(page, 'fa newcomers');
      await screenshot(page, 'fa-coordinator-newcomers');
    } finally {
      await context.close();
    }
  });

  it('the Belgrade coordinator, on the same data, never sees a Siena name on any page', async () => {
    const { context, page } = await signedInPage(belgradeCoordinator, 'sr-RS', 'Europe/Belgrade');
    try {
      const seen: Record<string, string[]> = {};
      for (const [path, ready] of [
        ['/staff', 'month-figures'],
        ['/staff/reports', 'table-by-month'],
        ['/staff/coaches', 'coach'],
        ['/staff/book', null],
        ['/staff/audit', 'audit'],
        ['/staff/newcomers', 'newcomer'],
        ['/staff/users', 'user'],
        ['/sessions', 'session'],
        ['/me', null],
      ] as const) {
        await page.goto(`${origin}${path}`);
        if (ready) await page.getByTestId(ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        // textContent, not innerText: the options of every list count too.
        const text = (await page.locator('main').textContent()) ?? '';
        seen[path] = SIENA_NAMES.filter((name) => text.includes(name));
        if (path === '/staff/reports') {
          expect(text).toContain('Milan');
          // Belgrade's figures are Belgrade's own.
          const own = (
            await apps
              .http()
              .get('/v1/reports/sessions')
              .query({ from: '2026-07-01', to: '2026-12-01' })
              .set(as(belgradeCoordinator))
              .expect(200)
          ).body;
          expect(own.totals.sessions).toBe(1);
          expect(text).toContain(words('sr')('coordinator.reports.total', { count: 1 }));
        }
        if (path === '/sessions') expect(text).toContain('Dragana');
      }
      expect(seen).toEqual({
        '/staff': [],
        '/staff/reports': [],
        '/staff/coaches': [],
        '/staff/book': [],
        '/staff/audit': [],
        '/staff/newcomers': [],
        '/staff/users': [],
        '/sessions': [],
        '/me': [],
      });
    } finally {
      await context.close();
    }
  });

  it('the Siena coordinator invites a coach from the accounts page: the mail comes in the chosen language; sent again, the first link stops working; withdrawn, none works', async () => {
    const m = words('en');
    const email = uniqueEmail('invited-coach');
    const { context, page } = await signedInPage(sienaCoordinator, 'en-GB', ROME);
    const invitationMails = (count: number) =>
      apps.smtp.waitFor((mail) => sentTo(email)(mail) && /\/accept-invitation#token=/.test(mail.text ?? ''), count);
    const tokenOf = (mail: { text?: string }) => /\/accept-invitation#token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1];
    const accept = (token: string) => apps.http().post('/v1/auth/invitations/accept').send({ token, password: 'my own secret words' });
    try {
      await page.goto(`${origin}/staff/users`);
      await page.locator('header select').selectOption('en');
      await page.getByRole('heading', { name: m('admin.users.title'), level: 1 }).waitFor();
      // A coordinator invites into their own academy: there is no academy to choose.
      expect(await page.getByLabel(m('admin.users.academy'), { exact: true }).count()).toBe(0);
      const form = page.getByRole('form', { name: m('staff.invite.open') });
      await form.getByRole('button', { name: m('staff.invite.submit') }).click();
      await form.getByText(m('error.required')).first().waitFor();
      await form.getByLabel(m('staff.invite.name')).fill('Farah');
      await form.getByLabel(m('field.email')).fill(email);
      await form.getByLabel(m('staff.invite.timeZone')).selectOption('Africa/Lagos');
      await form.getByRole('checkbox', { name: 'Urdu' }).check();
      await form.getByRole('checkbox', { name: 'English' }).check();
      await form.getByLabel(m('staff.invite.locale')).selectOption('ur');
      await expectAccessible(page, 'en coordinator accounts');
      await screenshot(page, 'en-coordinator-invite');
      await form.getByRole('button', { name: m('staff.invite.submit') }).click();
      await page
        .getByRole('status')
        .filter({ hasText: m('staff.invite.sent', { email }) })
        .waitFor();

      const [first] = await invitationMails(1);
      expect(first.subject).toBe(words('ur')('mail.account.invitation.subject'));
      const listed = (
        await apps.http().get('/v1/users').query({ role: 'coach', limit: 100, offset: 0 }).set(as(sienaCoordinator)).expect(200)
      ).body;
      const invited = listed.items.find((u: { email: string }) => u.email === email);
      const { siena } = await academyIds(apps.http);
      expect(invited).toMatchObject({ displayName: 'Farah', role: 'coach', academyId: siena, locale: 'ur', timeZone: 'Africa/Lagos' });
      expect([...invited.languages].sort()).toEqual(['en', 'ur']);

      const card = page.locator(`[data-testid="user"][data-user-id="${invited.id}"]`);
      await card.getByText(m('staff.invite.pending'), { exact: true }).waitFor();
      await card.getByRole('button', { name: m('staff.invite.resendName', { name: 'Farah' }) }).click();
      await page
        .getByRole('status')
        .filter({ hasText: m('staff.invite.resent') })
        .waitFor();
      const second = (await invitationMails(2))[1];
      await accept(tokenOf(first)).expect(400);

      await switchLanguage(page, 'en', 'fa', 'admin.users.title');
      await card.getByRole('button', { name: words('fa')('staff.invite.revokeName', { name: 'Farah' }) }).click();
      await page
        .getByRole('status')
        .filter({ hasText: words('fa')('staff.invite.revoked') })
        .waitFor();
      await accept(tokenOf(second)).expect(400);
      await expectAccessible(page, 'fa coordinator accounts');
      await screenshot(page, 'fa-coordinator-accounts');
      // Among the coordinators, their own account offers nothing to press: nobody disables themself.
      await page.getByLabel(words('fa')('admin.users.role'), { exact: true }).selectOption('coordinator');
      const own = page.locator(`[data-testid="user"][data-user-id="${sienaCoordinator.id}"]`);
      await own.waitFor();
      expect(await own.getByRole('button').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("an admin sees both academies' month so far side by side, each read in its own zone, equal to GET /v1/reports/sessions", async () => {
    const admin = await createStaff(apps.api, apps.http, 'admin', null);
    const m = words('en');
    const { context, page } = await signedInPage(admin, 'en-GB', ROME);
    try {
      // Late November, when both academies have sessions in the month.
      const late = new Date('2026-11-25T06:00:00Z');
      await page.clock.setSystemTime(late);
      await page.goto(`${origin}/staff/admin`);
      await page.locator('header select').selectOption('en');
      await page.getByRole('heading', { name: m('admin.home.title'), level: 1 }).waitFor();
      const academies = (await apps.http().get('/v1/academies').expect(200)).body as Array<{ id: string; slug: string; timeZone: string }>;
      expect(academies.map((a) => a.slug).sort()).toEqual(['belgrade', 'siena']);
      const format = {
        count: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
        share: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }),
      };
      const share = (value: number | null) => (value === null ? '–' : format.share.format(value));
      const totals: number[] = [];
      for (const academy of academies) {
        const today = DateTime.fromJSDate(late, { zone: academy.timeZone }).toISODate()!;
        const report = (
          await apps
            .http()
            .get('/v1/reports/sessions')
            .query({ academyId: academy.id, from: `${today.slice(0, 8)}01`, to: today })
            .set(as(admin))
            .expect(200)
        ).body;
        totals.push(report.totals.sessions);
        const card = page.getByTestId(`academy-${academy.slug}`);
        await card.getByTestId('sessions').waitFor();
        const shown = async (id: string) => (await card.getByTestId(id).innerText()).trim();
        expect([
          await shown('sessions'),
          await shown('newcomer-no-show'),
          await shown('coach-no-show'),
          await shown('utilisation'),
        ]).toEqual([
          format.count.format(report.totals.sessions),
          share(report.noShow.newcomerRate),
          share(report.noShow.coachRate),
          share(report.totals.utilisation),
        ]);
        expect(await card.innerText()).toContain(m(`city.${academy.slug === 'siena' ? 'rome' : 'belgrade'}`));
      }
      // Siena's November and Belgrade's one session.
      expect(totals.every((n) => n > 0)).toBe(true);
      await expectAccessible(page, 'en admin home');
      await screenshot(page, 'en-admin-home');
      await switchLanguage(page, 'en', 'fa', 'admin.home.title');
      await page.getByTestId('academy-siena').getByTestId('sessions').waitFor();
      await expectAccessible(page, 'fa admin home');
      await screenshot(page, 'fa-admin-home');
    } finally {
      await context.close();
    }
  });

  it('an admin disables and enables again a Siena coach from the accounts page, filtered by academy and role, and the API agrees', async () => {
    const admin = await createStaff(apps.api, apps.http, 'admin', null);
    const m = words('en');
    const { context, page } = await signedInPage(admin, 'en-GB', ROME);
    const disabled = async () => (await apps.http().get(`/v1/users/${coach.id}`).set(as(admin)).expect(200)).body.disabled;
    try {
      await page.goto(`${origin}/staff/users`);
      await page.locator('header select').selectOption('en');
      await page.getByRole('heading', { name: m('admin.users.title'), level: 1 }).waitFor();
      const { siena } = await academyIds(apps.http);
      await page.getByLabel(m('admin.users.academy'), { exact: true }).selectOption(siena);
      await page.getByLabel(m('admin.users.role'), { exact: true }).selectOption('coach');
      const listed = (
        await apps.http().get('/v1/users').query({ academyId: siena, role: 'coach', limit: 100, offset: 0 }).set(as(admin)).expect(200)
      ).body;
      await page.getByText(m('admin.users.count', { shown: listed.items.length, total: listed.total })).waitFor();
      expect(await page.getByTestId('user').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-user-id')))).toEqual(
        listed.items.map((u: { id: string }) => u.id),
      );

      const card = page.locator(`[data-testid="user"][data-user-id="${coach.id}"]`);
      await card.getByRole('button', { name: m('admin.users.disableName', { name: 'Zarina' }) }).focus();
      await page.keyboard.press('Enter');
      await card.getByText(m('admin.users.disabled'), { exact: true }).waitFor();
      expect(await disabled()).toBe(true);
      await expectAccessible(page, 'en admin accounts');
      await screenshot(page, 'en-admin-users');
      await switchLanguage(page, 'en', 'fa', 'admin.users.title');
      await card.waitFor();
      await expectAccessible(page, 'fa admin accounts');
      await screenshot(page, 'fa-admin-users');
      await card.getByRole('button', { name: words('fa')('admin.users.enableName', { name: 'Zarina' }) }).click();
      await card.getByText(words('fa')('admin.users.disabled'), { exact: true }).waitFor({ state: 'detached' });
      expect(await disabled()).toBe(false);
    } finally {
      await context.close();
    }
  });
});
