import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { academyIds, createStaff, newcomerBody, PASSWORD, registerNewcomer, type TestAccount, uniqueEmail } from './support/accounts';
import { assertWebAppBuilt, launchChromium, listenEphemeral, type PageGlobals, screenshot, seriousViolations } from './support/browser';
import { createCoach, weekdays } from './support/coaches';
import { weekWhereOnlyOneZoneMoved } from './support/dst-week';
import { sentTo } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';
import { words } from './support/words';

/**
 * The newcomer's journey in a real Chromium, against the built app served by
 * the real API on PostgreSQL and Redis. The newcomer lives in Rome, the coach
 * in Toronto, and the week booked is the next one in which only one of the two
 * cities has changed its clocks (computed from the zone rules).
 */
const NEWCOMER_ZONE = 'Europe/Rome';
const COACH_ZONE = 'America/Toronto';
const WEEK = weekWhereOnlyOneZoneMoved(COACH_ZONE, NEWCOMER_ZONE, DateTime.fromISO('2026-11-29T00:00:00Z'));
/** The Saturday before that week, 09:00 in Rome: the server and the browser both read this as now. */
const NOW = WEEK.monday.minus({ days: 2 }).set({ hour: 9 }).toJSDate();
/** The coach's 09:00 in Toronto on the Monday of that week. */
const FIRST_SLOT = DateTime.fromObject(
  { year: WEEK.monday.year, month: WEEK.monday.month, day: WEEK.monday.day, hour: 9 },
  { zone: COACH_ZONE },
);

const hhmm = (instant: DateTime, zone: string) => instant.setZone(zone).toFormat('HH:mm');

// A browser journey takes a few seconds per page on a shared machine.
jest.setTimeout(120_000);

describe('the newcomers’ web app in a browser', () => {
  const clock = new FixedClock(NOW);
  let apps: TestApps;
  let origin: string;
  let browser: Browser;
  let siena: string;
  let coordinator: TestAccount;
  let coach: TestAccount;

  beforeAll(async () => {
    assertWebAppBuilt();
    // The worker delivers the account mails to the test's SMTP sink. Access tokens live their 15 minutes:
    // when the browser's clock jumps ahead (the join link), the app renews them with the refresh token.
    apps = await startTestApps({ clock });
    origin = await listenEphemeral(apps);
    browser = await launchChromium();
    ({ siena } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    coach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: COACH_ZONE,
      weekly: weekdays('09:00', '12:00'),
      languages: ['en', 'ur', 'it', 'ar'],
      profile: { topics: ['employment', 'housing'], minimumNoticeMinutes: 60 },
    });
    await apps.api.get(DataSource).query(`UPDATE app_user SET display_name = 'Maryam' WHERE id = $1`, [coach.id]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await apps?.close();
  });
  afterEach(() => clock.set(NOW));

  async function newPage(locale: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      locale,
      timezoneId: NEWCOMER_ZONE,
      viewport: { width: 360, height: 740 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.clock.install({ time: NOW });
    return { context, page };
  }

  /** The page and fragment of the newest mail link to `path` sent to `email`, opened on the test server. */
  const mailedLink = async (email: string, path: string, count = 1): Promise<string> => {
    const pattern = new RegExp(`http://coaching\\.test(${path}#token=[A-Za-z0-9_-]+)`);
    const mails = await apps.smtp.waitFor((mail) => sentTo(email)(mail) && pattern.test(mail.text ?? ''), count);
    return `${origin}${pattern.exec(mails[count - 1].text ?? '')![1]}`;
  };
  /** Follows a link and waits until the page it leads to shows its heading. */
  const followLink = async (page: Page, link: string, heading: string) => {
    await page.getByRole('link', { name: link }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };
  /** Counts the refreshes the page sends from now on. */
  const countRefreshes = (page: Page) => {
    const sent: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/v1/auth/refresh') && sent.push(r.url()));
    return sent;
  };

  const refreshTokenOf = async (page: Page) =>
    JSON.parse(((await page.evaluate("localStorage.getItem('cac.session')")) as string | null) ?? 'null')?.refreshToken as
      string | undefined;
  const tokenOf = async (page: Page) =>
    JSON.parse(((await page.evaluate("localStorage.getItem('cac.session')")) as string | null) ?? 'null')?.accessToken as
      string | undefined;

  it('was handed the right week: Toronto has moved its clocks and Rome has not', () => {
    expect(WEEK.moved).toBe(COACH_ZONE);
    expect(WEEK.monday.toISODate()).toBe('2027-03-15');
    expect(FIRST_SLOT.setZone(NEWCOMER_ZONE).offset - FIRST_SLOT.offset).toBe(5 * 60); // 5 hours apart, not 6
  });

  describe.each([
    ['ur', 'ur-PK', 'rtl'],
    ['it', 'it-IT', 'ltr'],
  ])('the whole journey in %s', (locale, browserLocale, dir) => {
    const m = words(locale);
    const pair = (start: DateTime) =>
      m('time.pair', {
        time: hhmm(start, NEWCOMER_ZONE),
        city: m('city.rome'),
        coachTime: hhmm(start, COACH_ZONE),
        coach: 'Maryam',
        coachCity: m('city.toronto'),
      });

    it('registers, confirms the address from the mail, signs in, stays signed in past the access token’s 15 minutes, finds Maryam with reasons and both times, books with two taps, gets the .ics, reschedules, joins 10 minutes before, cancels with a reason, exports and deletes the account', async () => {
      const { context, page } = await newPage(browserLocale);
      const email = uniqueEmail(`web-${locale}`);
      try {
        // Before sign-in the language comes from the browser.
        await page.goto(`${origin}/`);
        await expectAttribute(page, 'html', 'dir', dir);
        await expectAttribute(page, 'html', 'lang', locale);
        await page.getByRole('heading', { name: m('home.title') }).waitFor();
        await screenshot(page, `${locale}-home`);
        // The language can be changed on every page, and changes the direction with it.
        const en = words('en');
        await page.getByRole('combobox', { name: m('nav.language') }).selectOption('en');
        await page.getByRole('heading', { name: en('home.title') }).waitFor();
        await expectAttribute(page, 'html', 'dir', 'ltr');
        await page.getByRole('combobox', { name: en('nav.language') }).selectOption(locale);
        await page.getByRole('heading', { name: m('home.title') }).waitFor();
        await expectAttribute(page, 'html', 'dir', dir);

        await page.getByRole('link', { name: m('home.register') }).click();
        await page.getByLabel(m('field.name')).fill('Amina');
        await page.getByLabel(m('field.email')).fill(email);
        await page.getByLabel(m('field.password'), { exact: false }).first().fill(PASSWORD);
        // The zone comes from the browser, as a city to confirm.
        await page.getByText(m('register.timeZoneDetected', { city: m('city.rome') })).waitFor();
        await screenshot(page, `${locale}-register`);
        await page.getByRole('button', { name: m('register.submit') }).click();
        // Not signed in yet: the address is confirmed first, from the link in the mail.
        await page
          .getByRole('status')
          .filter({ hasText: m('account.registered') })
          .waitFor();
        await screenshot(page, `${locale}-register-sent`);
        expect(await tokenOf(page)).toBeUndefined();
        await page.goto(await mailedLink(email, '/verify-email'));
        await page.getByRole('button', { name: m('account.verify.submit') }).waitFor();
        // The token leaves the address bar (and the history) as soon as the page has read it.
        expect(page.url()).toBe(`${origin}/verify-email`);
        // Confirming asks for the password again: one set before confirmation may have been someone else's.
        await page.getByLabel(m('field.password'), { exact: false }).first().fill(PASSWORD);
        await screenshot(page, `${locale}-verify-email`);
        await page.getByRole('button', { name: m('account.verify.submit') }).click();
        await page
          .getByRole('status')
          .filter({ hasText: m('account.verify.done') })
          .waitFor();
        await screenshot(page, `${locale}-verify-email-done`);
        await page.getByRole('link', { name: m('signIn.submit') }).click();
        await page.getByLabel(m('field.email')).fill(email);
        await page.getByLabel(m('field.password')).first().fill('wrong password');
        await page.getByRole('button', { name: m('signIn.submit') }).click();
        await page
          .getByRole('alert')
          .filter({ hasText: m('error.credentials') })
          .waitFor();
        await page.getByLabel(m('field.password')).first().fill(PASSWORD);
        await screenshot(page, `${locale}-sign-in`);
        await page.getByRole('button', { name: m('signIn.submit') }).click();
        await page.waitForURL('**/find');
        const firstRefreshToken = await refreshTokenOf(page);

        // Find a coach: topics in, ranked coaches with reasons and next times out.
        await page.getByRole('checkbox', { name: m('topic.employment') }).check();
        // 16 minutes on, the access token has expired: the search renews it first, once, and the page goes on.
        const refreshes = countRefreshes(page);
        await page.clock.fastForward('16:00');
        // A lost connection says so and offers to try again; it never leaves a blank page.
        // (Chromium's offline mode spares loopback, so the connection is cut for this one request.)
        await page.route('**/v1/matches', (route) => route.abort('internetdisconnected'), { times: 1 });
        await page.getByRole('button', { name: m('find.submit') }).click();
        await page
          .getByRole('alert')
          .filter({ hasText: m('error.network') })
          .waitFor();
        await page.getByRole('button', { name: m('error.retry') }).click();
        const card = page.getByRole('article').filter({ hasText: 'Maryam' });
        await card.getByText(m('find.reason.topics', { topics: m('topic.employment') })).waitFor();
        // The clock change is said in plain words: Toronto moved, so Rome is now 5 hours ahead instead of 6.
        const warning = card.getByTestId('dst-warning');
        await expectText(warning, m('city.toronto'));
        const firstSlot = card.getByRole('button', { name: pair(FIRST_SLOT), exact: true });
        await firstSlot.waitFor();
        expect(refreshes).toHaveLength(1);
        expect(await refreshTokenOf(page)).not.toBe(firstRefreshToken);
        expect(pair(FIRST_SLOT)).toContain('14:00');
        expect(pair(FIRST_SLOT)).toContain('09:00');
        await screenshot(page, `${locale}-find`);

        // Two taps: the time, then Book. A double tap on Book books once.
        await firstSlot.click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: m('book.confirm') }).waitFor();
        await screenshot(page, `${locale}-book`);
        const bookings: string[] = [];
        page.on(
          'request',
          (r) => r.method() === 'POST' && r.url().endsWith('/v1/sessions') && bookings.push(r.headers()['idempotency-key'] ?? ''),
        );
        await dialog.getByRole('button', { name: m('book.confirm') }).dblclick();
        await page.waitForURL('**/sessions');
        await page
          .getByRole('status')
          .filter({ hasText: m('book.done') })
          .waitFor();
        expect(new Set(bookings).size).toBe(1);
        expect(bookings[0]).toMatch(/^[0-9a-f]{32}$/);

        const token = await tokenOf(page);
        const mine = async () =>
          (await apps.http().get('/v1/sessions').set('authorization', `Bearer ${token}`).expect(200)).body.items as Array<{
            id: string;
            start: string;
            status: string;
            cancellationReason?: string;
          }>;
        const booked = await mine();
        expect(booked).toHaveLength(1);
        expect(new Date(booked[0].start).getTime()).toBe(FIRST_SLOT.toMillis());

        const session = page.getByTestId('session').first();
        await session.getByText(pair(FIRST_SLOT)).waitFor();
        await expectDisabled(session.getByRole('button', { name: m('sessions.join') }));
        await session.getByText(m('sessions.joinLater')).waitFor();
        await screenshot(page, `${locale}-sessions`);

        // Add to calendar: the .ics of the session.
        const [ics] = await Promise.all([
          page.waitForEvent('download'),
          session.getByRole('button', { name: m('sessions.calendar') }).click(),
        ]);
        const calendar = readFileSync((await ics.path())!, 'utf8');
        expect(calendar).toContain('BEGIN:VCALENDAR');
        expect(calendar).toContain(`DTSTART:${FIRST_SLOT.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`);

        // Reschedule to Tuesday, half an hour later: times that overlap the session itself are not offered.
        await session.getByRole('link', { name: m('sessions.reschedule') }).click();
        await page.waitForURL('**/reschedule');
        const later = FIRST_SLOT.plus({ days: 1, minutes: 30 });
        // Tuesday's comes first; the same hour on the other days follows.
        const laterSlot = page.getByRole('button', { name: pair(later), exact: true }).first();
        await laterSlot.waitFor();
        await screenshot(page, `${locale}-reschedule`);
        await laterSlot.click();
        await page
          .getByRole('dialog')
          .getByRole('button', { name: m('reschedule.confirm') })
          .click();
        await page.waitForURL('**/sessions');
        await page
          .getByRole('status')
          .filter({ hasText: m('reschedule.done') })
          .waitFor();
        await page.getByTestId('session').first().getByText(pair(later)).waitFor();
        expect(new Date((await mine())[0].start).getTime()).toBe(later.toMillis());

        // The join link: still off 11 minutes before, on 9 minutes before.
        await page.clock.setSystemTime(later.minus({ minutes: 11 }).toJSDate());
        await page.reload();
        await expectDisabled(
          page
            .getByTestId('session')
            .first()
            .getByRole('button', { name: m('sessions.join') }),
        );
        await page.clock.setSystemTime(later.minus({ minutes: 9 }).toJSDate());
        await page.reload();
        const join = page
          .getByTestId('session')
          .first()
          .getByRole('link', { name: m('sessions.join') });
        // The join page, which asks the API for the room: the card never holds the room itself.
        expect(await join.getAttribute('href')).toBe(`/sessions/${(await mine())[0].id}/join`);
        await page.clock.setSystemTime(NOW);
        await page.reload();
        // The jumps ahead were ridden out with refreshes, never with a new sign-in.
        expect(page.url()).toMatch(/\/sessions$/);

        // Cancel, with a reason.
        await page
          .getByTestId('session')
          .first()
          .getByRole('button', { name: m('sessions.cancel') })
          .click();
        await page.getByRole('dialog').getByLabel(m('sessions.cancelReason')).fill('I found a job');
        await screenshot(page, `${locale}-cancel`);
        await page
          .getByRole('dialog')
          .getByRole('button', { name: m('sessions.cancelConfirm') })
          .click();
        await page
          .getByRole('status')
          .filter({ hasText: m('sessions.cancelled') })
          .waitFor();
        await page.getByTestId('session').first().getByText(m('status.cancelled')).waitFor();
        expect(await mine()).toMatchObject([{ status: 'cancelled', cancellationReason: 'I found a job' }]);

        // My data: the export, then erasure after a clear confirmation.
        await page.getByRole('link', { name: m('nav.data') }).click();
        await page.waitForURL('**/me');
        await screenshot(page, `${locale}-my-data`);
        const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: m('data.export') }).click()]);
        expect(readFileSync((await exported.path())!, 'utf8')).toContain(email);
        const erase = page.getByRole('button', { name: m('data.deleteConfirm') });
        await expectDisabled(erase);
        await page.getByRole('checkbox', { name: m('data.deleteCheck') }).check();
        // The sign-in began more than 10 minutes ago (as the database, which stamped it, now says): the password is asked.
        await apps.api
          .get(DataSource)
          .query(
            `UPDATE sign_in SET created_at = now() - interval '11 minutes' WHERE user_id = (SELECT id FROM app_user WHERE email = $1)`,
            [email],
          );
        await erase.click();
        await page
          .getByRole('alert')
          .filter({ hasText: m('data.deletePassword') })
          .waitFor();
        await page.getByLabel(m('field.password'), { exact: false }).first().fill(PASSWORD);
        await screenshot(page, `${locale}-my-data-password`);
        await erase.click();
        await page.waitForURL(`${origin}/`);
        await page
          .getByRole('status')
          .filter({ hasText: m('data.deleted') })
          .waitFor();
        expect(await tokenOf(page)).toBeUndefined();
        await apps.http().post('/v1/auth/login').send({ email, password: PASSWORD }).expect(401);
      } finally {
        await context.close();
      }
    });
  });

  it('the follow-up link: the coach records the outcome; the newcomer is told plainly that only the coach can', async () => {
    const newcomer = await registerNewcomer(apps.http, siena, { timeZone: NEWCOMER_ZONE, languages: ['it'], locale: 'en' });
    const start = FIRST_SLOT.plus({ days: 1 });
    const booked = await apps
      .http()
      .post('/v1/sessions')
      .set('authorization', `Bearer ${newcomer.token}`)
      .send({ coachId: coach.id, start: start.toISO(), durationMinutes: 60, topic: 'employment', language: 'it' })
      .expect(201);
    clock.set(start.plus({ hours: 2 }).toJSDate());
    const m = words('en');

    const { context, page } = await newPage('en-GB');
    try {
      await page.goto(`${origin}/sessions/${booked.body.id}/outcome`);
      await page.getByText(m('outcome.signIn')).waitFor();
      await page.getByRole('link', { name: m('signIn.submit') }).click();
      await page.getByLabel(m('field.email')).fill(coach.email);
      await page.getByLabel(m('field.password')).first().fill(PASSWORD);
      await page.getByRole('button', { name: m('signIn.submit') }).click();
      await page.waitForURL(`**/sessions/${booked.body.id}/outcome`);
      await page.getByRole('radio', { name: m('status.completed') }).check();
      await page.getByLabel(m('outcome.notes')).fill('Talked about CVs');
      await screenshot(page, 'en-outcome');
      await page.getByRole('button', { name: m('outcome.submit') }).click();
      await page
        .getByRole('status')
        .filter({ hasText: m('outcome.saved') })
        .waitFor();
      const recorded = await apps.http().get(`/v1/sessions/${booked.body.id}`).set('authorization', `Bearer ${coach.token}`).expect(200);
      expect(recorded.body).toMatchObject({ status: 'completed', coachNotes: 'Talked about CVs' });

      await page.evaluate('localStorage.clear()');
      await page.goto(`${origin}/sign-in?next=/sessions/${booked.body.id}/outcome`);
      await page.getByLabel(m('field.email')).fill(newcomer.email);
      await page.getByLabel(m('field.password')).first().fill(PASSWORD);
      await page.getByRole('button', { name: m('signIn.submit') }).click();
      await page.getByText(m('outcome.notAllowed')).waitFor();
    } finally {
      await context.close();
    }
  });

  describe('the account pages and their mail links', () => {
    const m = words('en');

    it('forgot password and the reset link, the sign-in link, My account (calendar feed, wrong current password), and signing out everywhere', async () => {
      const newcomer = await registerNewcomer(apps.http, siena, { timeZone: NEWCOMER_ZONE, languages: ['en'], locale: 'en' });
      const { context, page } = await newPage('en-GB');
      try {
        await page.goto(`${origin}/sign-in`);
        // The next page's code loads on demand, and until it has rendered the sign-in page (with its own email field)
        // stays on screen: wait for the new page's heading before typing.
        await followLink(page, m('account.forgot.link'), m('account.forgot.title'));
        await page.getByLabel(m('field.email')).fill(newcomer.email);
        await screenshot(page, 'en-forgot-password');
        await page.getByRole('button', { name: m('account.sendLink') }).click();
        await page
          .getByRole('status')
          .filter({ hasText: m('account.sent') })
          .waitFor();

        await page.goto(await mailedLink(newcomer.email, '/reset-password'));
        const password = page.getByLabel(m('account.field.newPassword'), { exact: false }).first();
        await password.fill('short');
        await page.getByRole('button', { name: m('account.reset.submit') }).click();
        await page.getByText(m('error.password')).waitFor();
        await password.fill('a new horse battery staple');
        await screenshot(page, 'en-reset-password');
        await page.getByRole('button', { name: m('account.reset.submit') }).click();
        await page
          .getByRole('status')
          .filter({ hasText: m('account.reset.done') })
          .waitFor();
        await apps.http().post('/v1/auth/login').send({ email: newcomer.email, password: PASSWORD }).expect(401);

        await page.getByRole('link', { name: m('signIn.submit') }).click();
        await followLink(page, m('account.emailLink.link'), m('account.emailLink.title'));
        await page.getByLabel(m('field.email')).fill(newcomer.email);
        await page.getByRole('button', { name: m('account.sendLink') }).click();
        await page
          .getByRole('status')
          .filter({ hasText: m('account.sent') })
          .waitFor();
        const signInLink = await mailedLink(newcomer.email, '/sign-in-link');
        await page.goto(signInLink);
        await screenshot(page, 'en-sign-in-link');
        await page.getByRole('button', { name: m('signIn.submit') }).click();
        await page.waitForURL('**/find');
        // The link works once.
        await page.evaluate("localStorage.removeItem('cac.session')");
        await page.goto(signInLink);
        await page.getByRole('button', { name: m('signIn.submit') }).click();
        await page
          .getByRole('alert')
          .filter({ hasText: m('account.error.link') })
          .waitFor();
        await page.goto(`${origin}/sign-in`);
        await page.getByLabel(m('field.email')).fill(newcomer.email);
        await page.getByLabel(m('field.password')).first().fill('a new horse battery staple');
        await page.getByRole('button', { name: m('signIn.submit') }).click();
        await page.waitForURL('**/find');

        // My account, from My data: the private calendar link, a new one, and a wrong current password said next to its field.
        await page.getByRole('link', { name: m('nav.data') }).click();
        await page.getByRole('link', { name: m('account.title') }).click();
        await page.waitForURL('**/account');
        const feed = page.getByTestId('feed-url');
        await feed.waitFor();
        const firstFeed = await feed.innerText();
        expect(firstFeed).toMatch(/^webcal:\/\/coaching\.test\/v1\/calendar-feeds\/[A-Za-z0-9_-]+\.ics$/);
        await apps
          .http()
          .get(new URL(firstFeed.replace(/^webcal:/, 'http:')).pathname)
          .expect(200);
        await page.getByRole('button', { name: m('account.feed.rotate') }).click();
        await page
          .getByRole('status')
          .filter({ hasText: m('account.feed.rotated') })
          .waitFor();
        await page.waitForFunction(
          (first) => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="feed-url"]')?.textContent !== first,
          firstFeed,
        );
        await apps
          .http()
          .get(new URL(firstFeed.replace(/^webcal:/, 'http:')).pathname)
          .expect(404);
        await page.getByLabel(m('account.field.currentPassword')).first().fill('not my password at all');
        await page.getByLabel(m('account.field.newPassword'), { exact: false }).first().fill('another long password');
        await page.getByRole('button', { name: m('account.password.submit') }).click();
        await page.getByText(m('account.error.wrongPassword')).waitFor();
        await screenshot(page, 'en-account-wrong-password');

        // Signing out everywhere ends another device's sign-in too.
        const otherDevice = await apps
          .http()
          .post('/v1/auth/login')
          .send({ email: newcomer.email, password: 'a new horse battery staple' })
          .expect(200);
        await apps.http().get('/v1/me').set('authorization', `Bearer ${otherDevice.body.accessToken}`).expect(200);
        await page.getByRole('button', { name: m('account.everywhere.submit') }).click();
        await page.waitForURL(`${origin}/`);
        await page
          .getByRole('status')
          .filter({ hasText: m('account.everywhere.done') })
          .waitFor();
        expect(await tokenOf(page)).toBeUndefined();
        await apps.http().get('/v1/me').set('authorization', `Bearer ${otherDevice.body.accessToken}`).expect(401);
        await apps.http().post('/v1/auth/refresh').send({ refreshToken: otherDevice.body.refreshToken }).expect(401);
      } finally {
        await context.close();
      }
    });

    it('an invited coach chooses a password from the mail link and is signed in', async () => {
      const email = uniqueEmail('web-invited');
      const body = { email, displayName: 'Farah', locale: 'en', timeZone: 'Asia/Karachi', languages: ['ur', 'en'], role: 'coach' };
      await apps.http().post('/v1/users').set('authorization', `Bearer ${coordinator.token}`).send(body).expect(201);
      const { context, page } = await newPage('en-GB');
      try {
        await page.goto(await mailedLink(email, '/accept-invitation'));
        await page.getByLabel(m('account.field.newPassword'), { exact: false }).first().fill('my own secret words');
        await screenshot(page, 'en-accept-invitation');
        await page.getByRole('button', { name: m('account.invitation.submit') }).click();
        await page.waitForURL('**/sessions');
        expect(await tokenOf(page)).toBeDefined();
        await apps.http().post('/v1/auth/login').send({ email, password: 'my own secret words' }).expect(200);
      } finally {
        await context.close();
      }
    });

    it('a newcomer who has not confirmed the address is told so when signing in with the password, confirms from the mail, signs in and books', async () => {
      const email = uniqueEmail('web-unverified');
      await apps
        .http()
        .post('/v1/auth/register')
        .send(newcomerBody(siena, { email, timeZone: NEWCOMER_ZONE, languages: ['en'], locale: 'en' }))
        .expect(202);
      const { context, page } = await newPage('en-GB');
      try {
        const signIn = async () => {
          await page.getByLabel(m('field.email')).fill(email);
          await page.getByLabel(m('field.password')).first().fill(PASSWORD);
          await page.getByRole('button', { name: m('signIn.submit') }).click();
        };
        await page.goto(`${origin}/sign-in`);
        await signIn();
        await page
          .getByRole('alert')
          .filter({ hasText: m('account.error.notVerified') })
          .waitFor();
        await screenshot(page, 'en-sign-in-not-verified');
        expect(await tokenOf(page)).toBeUndefined();
        const book = async () => {
          await page.getByRole('checkbox', { name: m('topic.housing') }).check();
          await page.getByRole('button', { name: m('find.submit') }).click();
          await page.getByRole('article').filter({ hasText: 'Maryam' }).getByRole('button').first().click();
          await page
            .getByRole('dialog')
            .getByRole('button', { name: m('book.confirm') })
            .click();
        };
        await page.goto(await mailedLink(email, '/verify-email'));
        await page.getByLabel(m('field.password'), { exact: false }).first().fill(PASSWORD);
        await page.getByRole('button', { name: m('account.verify.submit') }).click();
        await page
          .getByRole('status')
          .filter({ hasText: m('account.verify.done') })
          .waitFor();
        await page.getByRole('link', { name: m('signIn.submit'), exact: true }).click();
        await signIn();
        await page.waitForURL('**/find');
        await book();
        await page.waitForURL('**/sessions');
        await page
          .getByRole('status')
          .filter({ hasText: m('book.done') })
          .waitFor();

        // Signing out here tells the API: this device's tokens stop working there too.
        const accessToken = await tokenOf(page);
        const refreshToken = await refreshTokenOf(page);
        const loggedOut = page.waitForResponse((r) => r.url().endsWith('/v1/auth/logout'));
        await page.getByRole('button', { name: m('nav.signOut') }).click();
        await page.waitForURL(`${origin}/`);
        expect(await tokenOf(page)).toBeUndefined();
        expect((await loggedOut).status()).toBe(204);
        await apps.http().get('/v1/me').set('authorization', `Bearer ${accessToken}`).expect(401);
        await apps.http().post('/v1/auth/refresh').send({ refreshToken }).expect(401);
      } finally {
        await context.close();
      }
    });
  });

  describe.each([
    ['en', 'en-GB', 2],
    ['ar', 'ar', 3],
  ])('accessibility in %s', (locale, browserLocale, day) => {
    it('axe finds no serious or critical violation on any newcomer page', async () => {
      const m = words(locale);
      const newcomer = await registerNewcomer(apps.http, siena, { timeZone: NEWCOMER_ZONE, languages: [locale, 'it'], locale });
      const booked = await apps
        .http()
        .post('/v1/sessions')
        .set('authorization', `Bearer ${newcomer.token}`)
        .send({
          coachId: coach.id,
          start: FIRST_SLOT.plus({ days: day }).toISO(),
          durationMinutes: 60,
          topic: 'employment',
          language: locale,
        })
        .expect(201);
      const { context, page } = await newPage(browserLocale);
      const found: Record<string, unknown[]> = {};
      const check = async (name: string) => {
        const violations = await seriousViolations(page);
        if (violations.length > 0) found[name] = violations;
        await screenshot(page, `${locale}-${name}`);
      };
      try {
        await page.goto(`${origin}/`);
        await page.getByRole('heading', { name: m('home.title') }).waitFor();
        await check('home');
        await page.goto(`${origin}/register`);
        await page.getByRole('button', { name: m('register.submit') }).waitFor();
        await page.getByRole('button', { name: m('register.submit') }).click(); // errors next to the fields
        await page.getByText(m('error.required')).first().waitFor();
        await check('register-errors');
        await page.goto(`${origin}/sign-in`);
        await page.getByLabel(m('field.email')).fill(newcomer.email);
        await page.getByLabel(m('field.password')).first().fill(PASSWORD);
        await check('sign-in');
        await page.getByRole('button', { name: m('signIn.submit') }).click();
        await page.waitForURL('**/find');
        await expectAttribute(page, 'html', 'lang', locale);
        await check('find');
        await page.getByRole('checkbox', { name: m('topic.employment') }).check();
        await page.getByRole('button', { name: m('find.submit') }).click();
        await page.getByRole('article').first().waitFor();
        await check('find-results');
        // By keyboard: Enter on a time opens the dialog with the focus on Book; Escape closes it and gives the focus back.
        const firstTime = page.getByRole('article').first().getByRole('button').first();
        await firstTime.focus();
        await page.keyboard.press('Enter');
        await page
          .getByRole('dialog')
          .getByRole('button', { name: m('book.confirm') })
          .waitFor();
        await page.waitForFunction(
          (label) => (globalThis as unknown as PageGlobals).document.activeElement?.textContent === label,
          m('book.confirm'),
        );
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        await page.waitForFunction(
          () => (globalThis as unknown as PageGlobals).document.activeElement?.classList.contains('slot') === true,
        );
        await page.keyboard.press('Enter');
        await page
          .getByRole('dialog')
          .getByRole('button', { name: m('book.confirm') })
          .waitFor();
        await page.waitForTimeout(500); // the dialog's fade-in, which axe would read as low contrast
        await check('book');
        await page.goto(`${origin}/sessions`);
        await page.getByTestId('session').first().waitFor();
        await check('sessions');
        await page.goto(`${origin}/sessions/${booked.body.id}/reschedule`);
        await page.getByRole('heading', { name: m('reschedule.title') }).waitFor();
        await check('reschedule');
        await page.goto(`${origin}/me`);
        await page.getByRole('heading', { name: m('data.title') }).waitFor();
        await check('my-data');
        await page.goto(`${origin}/account`);
        await page.getByTestId('feed-url').waitFor();
        await check('account');
        // The pages of the mail links and of asking for one, signed out (without a token they say the link does not work).
        await page.evaluate("localStorage.removeItem('cac.session')");
        for (const [path, heading] of [
          ['/forgot-password', 'account.forgot.title'],
          ['/email-sign-in', 'account.emailLink.title'],
          ['/reset-password', 'account.reset.title'],
          ['/sign-in-link', 'account.emailLink.title'],
          ['/verify-email', 'account.verify.title'],
          ['/accept-invitation', 'account.invitation.title'],
        ]) {
          await page.goto(`${origin}${path}`);
          await page.getByRole('heading', { name: m(heading) }).waitFor();
          await check(path.slice(1));
        }
        expect(found).toEqual({});
      } finally {
        await context.close();
      }
    });
  });
});

async function expectAttribute(page: Page, selector: string, name: string, value: string): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      (globalThis as unknown as PageGlobals).document.querySelector(expected.selector)?.getAttribute(expected.name) === expected.value,
    { selector, name, value },
  );
}

async function expectText(locator: ReturnType<Page['getByText']>, text: string): Promise<void> {
  await locator.waitFor();
  expect(await locator.innerText()).toContain(text);
}

async function expectDisabled(locator: ReturnType<Page['getByText']>): Promise<void> {
  await locator.waitFor();
  expect(await locator.isDisabled()).toBe(true);
}
