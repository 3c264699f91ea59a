import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { FixedClock } from '../libs/clock/src';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { assertWebAppBuilt, launchChromium, listenEphemeral, screenshot, seriousViolations } from './support/browser';
import { startTestApps, type TestApps } from './support/test-apps';
import { words } from './support/words';

jest.setTimeout(120_000);

/**
 * The waiting list in a real Chromium at 360 px: an Arabic-reading newcomer who speaks Hausa finds nobody and joins in
 * one tap; the coordinator reads the demand page in English and in Farsi, with no serious accessibility fault.
 */
describe('the waiting list in a browser', () => {
  const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
  const clock = new FixedClock(NOW);
  let apps: TestApps;
  let origin: string;
  let browser: Browser;
  let siena: string;
  let coordinator: TestAccount;

  beforeAll(async () => {
    assertWebAppBuilt();
    apps = await startTestApps({ clock, privateDatabase: 'web-waiting', env: { JWT_EXPIRES_IN_SECONDS: String(24 * 3600) } });
    origin = await listenEphemeral(apps);
    browser = await launchChromium();
    ({ siena } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
  });
  afterAll(async () => {
    await browser?.close();
    await apps?.close();
  });

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

  it('a Hausa speaker reading Arabic finds nobody and joins the waiting list in one tap, at 360 px', async () => {
    const m = words('ar');
    const newcomer = await registerNewcomer(apps.http, siena, {
      locale: 'ar',
      languages: ['ha'],
      timeZone: 'Europe/Rome',
      displayName: 'Aisha',
    });
    const { context, page } = await signedInPage(newcomer, 'ar', 'Europe/Rome');
    try {
      await page.goto(`${origin}/find`);
      await page.getByRole('heading', { name: m('find.title'), level: 1 }).waitFor();
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      await page.getByRole('checkbox', { name: m('topic.housing') }).check();
      await page.getByRole('button', { name: m('find.submit') }).click();
      await page
        .getByText(m('waitingList.join.lead'))
        .waitFor()
        .catch(async (error: unknown) => {
          await screenshot(page, 'waiting-list-join-ar-failed');
          throw error;
        });
      await screenshot(page, 'waiting-list-join-ar');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: m('waitingList.join.button') }).click();
      await page.getByText(m('waitingList.join.done')).waitFor();
      await screenshot(page, 'waiting-list-joined-ar');

      const listed = await apps
        .http()
        .get('/v1/waiting-list')
        .set({ Authorization: `Bearer ${newcomer.token}` })
        .expect(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({ status: 'waiting', languages: ['ha'], topics: ['housing'], timeZone: 'Europe/Rome' }),
      ]);

      // The newcomer's own page: the entry, its status, and the way off the list.
      await page.getByRole('link', { name: m('waitingList.join.see') }).click();
      await page.getByRole('heading', { name: m('waitingList.title'), level: 1 }).waitFor();
      await page.getByTestId('waiting-list-status').getByText(m('waitingList.status.waiting')).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'waiting-list-mine-ar');
      await page.getByRole('button', { name: m('waitingList.withdraw') }).click();
      await page.getByText(m('waitingList.withdrawn')).waitFor();
      await page.getByTestId('waiting-list-status').getByText(m('waitingList.status.withdrawn')).waitFor();
    } finally {
      await context.close();
    }
  });

  it('the coordinator’s demand page, in English and in Farsi, shows what is asked for and not served, with no serious accessibility fault', async () => {
    // Someone waits for Yoruba · housing, for 41 days by the pinned clock.
    const waiting = await registerNewcomer(apps.http, siena, { languages: ['yo'] });
    clock.set(new Date(NOW.getTime() - 41 * 86_400_000));
    await apps
      .http()
      .post('/v1/waiting-list')
      .set({ Authorization: `Bearer ${waiting.token}` })
      .send({ languages: ['yo'], topics: ['housing'], timeZone: 'Europe/Rome' })
      .expect(201);
    clock.set(NOW);
    await apps
      .http()
      .post('/v1/matches')
      .set({ Authorization: `Bearer ${waiting.token}` })
      .send({ languages: ['yo'], topics: ['housing'], timeZone: 'Europe/Rome' })
      .expect(200);

    const en = words('en');
    const { context, page } = await signedInPage(coordinator, 'en-GB', 'Europe/Rome');
    try {
      await page.goto(`${origin}/staff`);
      await page.getByRole('heading', { name: en('coordinator.home.title'), level: 1 }).waitFor();
      await page
        .getByTestId('unmet-needs')
        .getByText(en('demand.need', { language: 'Yoruba', topic: en('topic.housing'), count: '1', days: '41' }))
        .waitFor();

      await page.goto(`${origin}/staff/demand`);
      await page.getByRole('heading', { name: en('demand.title'), level: 1 }).waitFor();
      await page
        .getByTestId('demand-needs')
        .getByText(en('demand.need', { language: 'Yoruba', topic: en('topic.housing'), count: '1', days: '41' }))
        .waitFor();
      await page.getByTestId('demand-chart').locator('.recharts-bar-rectangle').first().waitFor();
      await page.getByTestId('demand-table').waitFor();
      await page.getByTestId('demand-searches').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'demand-en');

      const fa = words('fa');
      await page.getByRole('combobox', { name: en('nav.language'), exact: true }).selectOption('fa');
      await page.getByRole('heading', { name: fa('demand.title'), level: 1 }).waitFor();
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      await page.getByTestId('demand-table').getByText(fa('topic.housing')).first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'demand-fa');
    } finally {
      await context.close();
    }
  });
});
