import { DateTime } from 'luxon';
import { type Browser, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { academyIds, createStaff, PASSWORD, registerNewcomer, type TestAccount } from './support/accounts';
import { assertWebAppBuilt, launchChromium, listenEphemeral, type PageGlobals, screenshot, seriousViolations } from './support/browser';
import { createCoach, weekdays } from './support/coaches';
import { startTestApps, type TestApps } from './support/test-apps';
import { words } from './support/words';
import { type AppLocale, intlTag } from '../libs/i18n/src';

/**
 * Find a coach in a real Chromium: only coaches who cover a chosen topic are
 * offered, the booking goes out with a topic the coach covers, every refusal
 * of a time has its own words and next step, and "no coach" says why and what
 * to do. After Find, focus and the view move to the answer.
 */
const ZONE = 'Europe/Rome';
/** A Monday 08:00 in Rome a few weeks from the real now, so that nothing depends on today's date. */
const NOW = DateTime.now().setZone(ZONE).plus({ weeks: 3 }).startOf('week').set({ hour: 8 }).toJSDate();

jest.setTimeout(400_000);

describe('finding and booking a coach in the browser', () => {
  const clock = new FixedClock(NOW);
  let apps: TestApps;
  let origin: string;
  let browser: Browser;
  let siena: string;
  let coordinator: TestAccount;
  let schoolCoach: TestAccount;
  let workCoach: TestAccount;

  beforeAll(async () => {
    assertWebAppBuilt();
    apps = await startTestApps({ clock, worker: false, privateDatabase: 'webfind' });
    origin = await listenEphemeral(apps);
    browser = await launchChromium();
    ({ siena } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    const db = apps.api.get(DataSource);
    // A coach of School and Language, free every morning; and a coach of Work, free every afternoon.
    schoolCoach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: ZONE,
      weekly: weekdays('09:00', '12:00'),
      languages: ['uk', 'ar', 'ur', 'en'],
      profile: { topics: ['education', 'language'], minimumNoticeMinutes: 60 },
    });
    workCoach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: ZONE,
      weekly: weekdays('14:00', '17:00'),
      languages: ['uk', 'ar', 'ur', 'en'],
      profile: { topics: ['employment', 'education'], minimumNoticeMinutes: 60 },
    });
    await db.query(`UPDATE app_user SET display_name = 'Olena' WHERE id = $1`, [schoolCoach.id]);
    await db.query(`UPDATE app_user SET display_name = 'Hamid' WHERE id = $1`, [workCoach.id]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await apps?.close();
  });

  const signedIn = async (locale: string, languages: string[]): Promise<{ page: Page; close: () => Promise<void> }> => {
    const newcomer = await registerNewcomer(apps.http, siena, { languages, timeZone: ZONE, locale });
    const email = (await apps.api.get(DataSource).query(`SELECT email FROM app_user WHERE id = $1`, [newcomer.id]))[0].email as string;
    const context = await browser.newContext({ locale, timezoneId: ZONE, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    // A shared machine under load: the waits are for what must happen, given the time it takes there.
    page.setDefaultTimeout(90_000);
    await page.clock.install({ time: NOW });
    const m = words(locale);
    await page.goto(`${origin}/sign-in?next=/find`);
    await page.getByLabel(m('field.email')).fill(email);
    await page.getByLabel(m('field.password')).first().fill(PASSWORD);
    await page.getByRole('button', { name: m('signIn.submit') }).click();
    await page.waitForURL('**/find');
    return { page, close: () => context.close() };
  };

  /** What has focus, by the test id or article heading it carries. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const active = (globalThis as unknown as PageGlobals).document.activeElement;
      return active?.getAttribute('data-testid') ?? active?.getAttribute('aria-labelledby') ?? null;
    });

  describe.each([['uk'], ['ar'], ['ur']])('in %s', (locale) => {
    const m = words(locale);

    it('offers only the coach who covers the topic, books with that topic, and says each refusal with its next step', async () => {
      const { page, close } = await signedIn(locale, [locale]);
      try {
        await page.getByRole('checkbox', { name: m('topic.employment') }).check();
        const bookings: Array<{ topic: string; language: string; coachId: string }> = [];
        page.on('request', (r) => {
          if (r.method() === 'POST' && r.url().endsWith('/v1/sessions')) bookings.push(JSON.parse(r.postData() ?? '{}'));
        });
        await page.getByRole('button', { name: m('find.submit') }).click();
        const hamid = page.getByRole('article').filter({ hasText: 'Hamid' });
        await hamid.waitFor();
        // Olena covers School and Language, not Work: she is not offered for it.
        expect(await page.getByRole('article').count()).toBe(1);
        // Focus and the view went to the first result.
        expect(await focused(page)).toBe(`coach-${workCoach.id}`);
        await screenshot(page, `find-${locale}-results`);
        expect(await seriousViolations(page)).toEqual([]);

        // Each refusal, forced once: its own words, the dialog closes, and the times offered now are shown.
        const refusals: Array<[string, number, string]> = [
          ['slot_unavailable', 409, 'book.refused.taken'],
          ['newcomer_busy', 409, 'book.refused.busy'],
          ['too_short_notice', 422, 'book.refused.tooSoon'],
          ['beyond_horizon', 422, 'book.refused.tooFar'],
          ['daily_limit_reached', 422, 'book.refused.dayFull'],
          ['weekly_limit_reached', 422, 'book.refused.weekFull'],
          ['outside_availability', 422, 'book.refused.notOffered'],
          ['coach_away', 422, 'book.refused.notOffered'],
          ['topic_not_covered', 422, 'book.refused.notOffered'],
        ];
        for (const [code, status, key] of refusals) {
          await page.route(
            '**/v1/sessions',
            (route) =>
              route.fulfill({
                status,
                contentType: 'application/problem+json',
                body: JSON.stringify({ type: 'about:blank', title: code, status, code, errors: [{ field: 'start', message: code }] }),
              }),
            { times: 1 },
          );
          const matches = page.waitForResponse((r) => r.url().endsWith('/v1/matches') && r.request().method() === 'POST', {
            timeout: 90_000,
          });
          await hamid.getByRole('button').first().click();
          await page
            .getByRole('dialog')
            .getByRole('button', { name: m('book.confirm') })
            .click();
          const refused = page.getByTestId('refused');
          await refused.filter({ hasText: m(key) }).waitFor();
          await matches; // fresh times were asked for
          await page.getByRole('dialog').waitFor({ state: 'detached' });
          if (code === 'daily_limit_reached') {
            await screenshot(page, `find-${locale}-refused`);
            expect(await seriousViolations(page)).toEqual([]);
          }
        }

        // Booked for real: with Work, which Hamid covers, and a language both speak.
        await hamid.getByRole('button').first().click();
        await page
          .getByRole('dialog')
          .getByRole('button', { name: m('book.confirm') })
          .click();
        await page.waitForURL('**/sessions');
        const sent = bookings.at(-1)!;
        expect(sent).toMatchObject({ coachId: workCoach.id, topic: 'employment', language: locale });
        const [{ n }] = await apps.api
          .get(DataSource)
          .query(`SELECT count(*)::int AS n FROM coaching_session WHERE coach_id = $1 AND topic = 'employment'`, [workCoach.id]);
        expect(n).toBeGreaterThanOrEqual(1);

        // My sessions: the length on the card; the cancel dialog names the session and its close button has a name.
        const card = page.getByTestId('session').first();
        await card.waitFor();
        expect(await card.getByTestId('length').textContent()).toBe(
          new Intl.NumberFormat(intlTag(locale as AppLocale), { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(60),
        );
        await card.getByRole('button', { name: m('sessions.cancel') }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByTestId('cancel-which').getByText('Hamid').waitFor();
        await dialog
          .getByRole('button', { name: m('sessions.keep') })
          .first()
          .waitFor();
        await screenshot(page, `sessions-${locale}-cancel`);
        expect(await seriousViolations(page)).toEqual([]);
        await dialog.getByRole('button', { name: m('sessions.cancelConfirm') }).click();
        // Cancelled, it leaves "Upcoming" for a group of its own.
        await page
          .getByRole('region', { name: m('status.cancelled') })
          .getByTestId('session')
          .waitFor();
        await screenshot(page, `sessions-${locale}-cancelled`);
      } finally {
        await close();
      }
    });

    it('says why there is no coach and what to do: another language, a covered topic, any time', async () => {
      // Farsi only: nobody in Siena speaks it.
      const { page, close } = await signedIn(locale, ['fa']);
      try {
        await page.getByRole('checkbox', { name: m('topic.employment') }).check();
        await page.getByRole('button', { name: m('find.submit') }).click();
        const none = page.getByTestId('no-coach');
        await none.filter({ hasText: m('find.none.language', { languages: languageName('fa', locale) }) }).waitFor();
        expect(await none.getAttribute('data-reason')).toBe('no_shared_language');
        expect(await focused(page)).toBe('answer');
        await screenshot(page, `find-${locale}-no-language`);
        expect(await seriousViolations(page)).toEqual([]);

        // "I speak Ukrainian/Arabic/Urdu": the search again, with that language.
        await none.getByRole('button', { name: m('find.none.speaks', { language: languageName(locale, locale) }) }).click();
        await page.getByRole('article').filter({ hasText: 'Hamid' }).waitFor();

        // Housing: nobody covers it; the topics covered are offered instead.
        await page.getByRole('checkbox', { name: m('topic.employment') }).uncheck();
        await page.getByRole('checkbox', { name: m('topic.housing') }).check();
        await page.getByRole('button', { name: m('find.submit') }).click();
        await none.filter({ hasText: m('find.none.topic', { topics: m('topic.housing') }) }).waitFor();
        expect(await none.getAttribute('data-reason')).toBe('no_topic_coach');
        await screenshot(page, `find-${locale}-no-topic`);
        await none.getByRole('button', { name: m('topic.education') }).click();
        await page.getByRole('article').filter({ hasText: 'Olena' }).waitFor();
        expect(await page.getByRole('checkbox', { name: m('topic.education') }).isChecked()).toBe(true);

        // Evenings: nobody is free then; "any time" searches again.
        await page.getByRole('radio', { name: m('find.when.evening') }).check();
        await page.getByRole('button', { name: m('find.submit') }).click();
        await none.filter({ hasText: m('find.none.hours') }).waitFor();
        expect(await focused(page)).toBe('answer');
        await none.getByRole('button', { name: m('find.none.anyTime') }).click();
        await page.getByRole('article').first().waitFor();
        expect(await page.getByRole('radio', { name: m('find.when.any') }).isChecked()).toBe(true);
      } finally {
        await close();
      }
    });
  });
});

/** A language's name as the app writes it (apps/web/src/i18n/names.ts, with the locale's Intl tag). */
function languageName(code: string, locale: string): string {
  return new Intl.DisplayNames([intlTag(locale as AppLocale)], { type: 'language', fallback: 'code' }).of(code) ?? code;
}
