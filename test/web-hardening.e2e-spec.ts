import { type Browser } from 'playwright-core';
import { academyIds, PASSWORD, registerNewcomer, type TestAccount } from './support/accounts';
import { assertWebAppBuilt, launchChromium, listenEphemeral, screenshot } from './support/browser';
import { startTestApps, type TestApps } from './support/test-apps';
import { words } from './support/words';

jest.setTimeout(120_000);

/**
 * Issue 22 in a real Chromium, on the built app served by the API: a `next=`
 * that the browser would read as another host keeps the reader on this app
 * (item 10); no other page can frame the app, index.html by name included
 * (item 6); a common password is refused next to its field in the reader's
 * language (item 5).
 */
describe('the web app refuses open redirects, framing and common passwords', () => {
  let apps: TestApps;
  let origin: string;
  let browser: Browser;
  let newcomer: TestAccount;
  let siena: string;

  beforeAll(async () => {
    assertWebAppBuilt();
    apps = await startTestApps({ worker: false });
    origin = await listenEphemeral(apps);
    browser = await launchChromium();
    ({ siena } = await academyIds(apps.http));
    newcomer = await registerNewcomer(apps.http, siena, { locale: 'en' });
  });
  afterAll(async () => {
    await browser?.close();
    await apps?.close();
  });

  it.each(['/\\evil.example', '/\t/evil.example', '/\\/evil.example', '//evil.example'])(
    'signing in with next=%j stays on this app',
    async (next) => {
      const m = words('en');
      const context = await browser.newContext({ locale: 'en' });
      try {
        const page = await context.newPage();
        await page.goto(`${origin}/sign-in?next=${encodeURIComponent(next)}`);
        await page.getByLabel(m('field.email')).fill(newcomer.email);
        await page.getByLabel(m('field.password')).first().fill(PASSWORD);
        await page.getByRole('button', { name: m('signIn.submit') }).click();
        await page.waitForURL((url) => url.pathname !== '/sign-in');
        expect(new URL(page.url()).origin).toBe(origin);
        expect(new URL(page.url()).pathname).toBe('/find'); // a newcomer's home, not the path asked for
      } finally {
        await context.close();
      }
    },
  );

  it('follows a next= of this app', async () => {
    const m = words('en');
    const context = await browser.newContext({ locale: 'en' });
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/sign-in?next=${encodeURIComponent('/sessions')}`);
      await page.getByLabel(m('field.email')).fill(newcomer.email);
      await page.getByLabel(m('field.password')).first().fill(PASSWORD);
      await page.getByRole('button', { name: m('signIn.submit') }).click();
      await page.waitForURL(`${origin}/sessions`);
    } finally {
      await context.close();
    }
  });

  it('cannot be framed by another page, through / or index.html by name', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Another origin's page (a data: URL is opaque), framing the app two ways; its load event waits for both frames.
      await page.goto(`data:text/html,<iframe src="${origin}/"></iframe><iframe src="${origin}/index.html"></iframe>`);
      await page.waitForLoadState('load');
      const frames = page.frames().slice(1);
      expect(frames).toHaveLength(2);
      // A frame the policy refuses shows the browser's error page, never the app.
      for (const frame of frames) {
        expect(frame.url()).toMatch(/^chrome-error:/);
        expect(await frame.locator('#root').count()).toBe(0);
      }
    } finally {
      await context.close();
    }
  });

  it.each(['en', 'ar'])('says a common password is too common, next to the field, in %s', async (locale) => {
    const w = words(locale);
    const reader = await registerNewcomer(apps.http, siena, { locale });
    const context = await browser.newContext({ locale });
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/sign-in`);
      await page.getByLabel(w('field.email')).fill(reader.email);
      await page.getByLabel(w('field.password')).first().fill(PASSWORD);
      await page.getByRole('button', { name: w('signIn.submit') }).click();
      await page.waitForURL((url) => url.pathname !== '/sign-in');
      await page.goto(`${origin}/account`);
      await page.getByLabel(w('account.field.currentPassword')).fill(PASSWORD);
      await page.getByLabel(w('account.field.newPassword')).first().fill('password12');
      await page.getByRole('button', { name: w('account.password.submit') }).click();
      // Next to the new password's field: Mantine ties the error to the input with aria-describedby.
      const error = page.getByText(w('error.passwordCommon'));
      await error.waitFor();
      const errorId = await error.getAttribute('id');
      expect(errorId).toBeTruthy();
      expect(await page.locator(`input[aria-describedby~="${errorId}"]`).count()).toBe(1);
      await screenshot(page, `${locale}-account-common-password`);
    } finally {
      await context.close();
    }
  });
});
