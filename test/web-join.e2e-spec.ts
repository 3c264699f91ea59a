import { type Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { academyIds, createStaff, PASSWORD, registerNewcomer, type TestAccount } from './support/accounts';
import { assertWebAppBuilt, launchChromium, listenEphemeral, screenshot } from './support/browser';
import { createCoach, weekdays } from './support/coaches';
import { startTestApps, type TestApps } from './support/test-apps';
import { words } from './support/words';

/** A Tuesday, 15:00 in Rome (09:00 in Toronto): the session; the server's and the browser's clocks are pinned around it. */
const START = new Date('2027-03-16T14:00:00Z');
const MINUTE = 60_000;

jest.setTimeout(120_000);

/**
 * The join page that mails and calendars link to, in a real Chromium at
 * 360 px: it signs the person in (the sign-in link brings them back), counts
 * down in their language with both cities' times, and shows the room's link
 * once the API opens it, with the academy's phone for when video fails.
 */
describe('the join page in a browser', () => {
  const clock = new FixedClock(new Date(START.getTime() - 3 * 86_400_000));
  let apps: TestApps;
  let origin: string;
  let browser: Browser;
  let coach: TestAccount;
  let siena: string;

  beforeAll(async () => {
    assertWebAppBuilt();
    apps = await startTestApps({
      clock,
      worker: false,
      env: {
        MEETING_PROVIDER: 'jitsi-jwt',
        JITSI_URL: 'https://video.coaching.test',
        JITSI_APP_ID: 'coaching-test',
        JITSI_APP_SECRET: 'jitsi-app-secret-for-tests-only-0123456789',
      },
    });
    origin = await listenEphemeral(apps);
    browser = await launchChromium();
    ({ siena } = await academyIds(apps.http));
    const coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    // The academy's phone, set by its coordinator: the page offers it when video fails.
    await apps
      .http()
      .patch(`/v1/academies/${siena}`)
      .set('authorization', `Bearer ${coordinator.token}`)
      .send({ phone: '+39 0577 123456' })
      .expect(200);
    coach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: 'America/Toronto',
      weekly: weekdays('08:00', '12:00'),
      languages: ['ur', 'it'],
      profile: { minimumNoticeMinutes: 60 },
    });
    await apps.api.get(DataSource).query(`UPDATE app_user SET display_name = 'Maryam' WHERE id = $1`, [coach.id]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await apps?.close();
  });

  it.each([
    ['ur', 'rtl', 0],
    ['it', 'ltr', 1],
  ] as const)('counts down, then shows the room link, in %s at 360 px', async (locale, dir, day) => {
    const m = words(locale);
    const start = new Date(START.getTime() + day * 86_400_000);
    clock.set(new Date(start.getTime() - 3 * 86_400_000));
    const newcomer = await registerNewcomer(apps.http, siena, { timeZone: 'Europe/Rome', languages: [locale], locale });
    const booked = await apps
      .http()
      .post('/v1/sessions')
      .set('authorization', `Bearer ${newcomer.token}`)
      .send({ coachId: coach.id, start: start.toISOString(), durationMinutes: 60, topic: 'employment', language: locale })
      .expect(201);
    const joinPath = `/sessions/${booked.body.id}/join`;

    // Twelve minutes before the start: two before the room opens.
    const before = new Date(start.getTime() - 12 * MINUTE);
    clock.set(before);
    const context = await browser.newContext({ locale, timezoneId: 'Europe/Rome', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.clock.install({ time: before });
    try {
      // From the mail's link, signed out: the page says why to sign in, and signing in comes back here.
      await page.goto(`${origin}${joinPath}`);
      await page.getByText(m('join.signIn')).waitFor();
      await page.getByRole('link', { name: m('signIn.submit') }).click();
      await page.getByLabel(m('field.email')).fill(newcomer.email);
      await page.getByLabel(m('field.password')).first().fill(PASSWORD);
      await page.getByRole('button', { name: m('signIn.submit') }).click();
      await page.waitForURL(`**${joinPath}`);
      await page.getByRole('heading', { level: 1, name: m('join.title') }).waitFor();
      expect(await page.getAttribute('html', 'dir')).toBe(dir);

      // The countdown, in the reader's language, with both cities' times of the start.
      const countdown = page.getByTestId('countdown');
      await countdown.waitFor();
      const opensInPrefix = m('join.opensIn', { when: '\u0000' }).split('\u0000')[0];
      expect(await countdown.innerText()).toContain(opensInPrefix.trim());
      const rome = m('city.rome');
      const toronto = m('city.toronto');
      const times = await page.locator('main').innerText();
      expect(times).toContain(rome);
      expect(times).toContain(toronto);
      expect(times).toContain('Maryam');
      // What to do if the video fails: the academy's phone, callable.
      expect(await page.getByRole('link', { name: '+39 0577 123456' }).getAttribute('href')).toBe('tel:+390577123456');
      await expect(page.getByTestId('room-open').count()).resolves.toBe(0);
      await screenshot(page, `${locale}-join-countdown`);

      // The room opens ten minutes before the start: the page asks again by itself and shows the link.
      clock.set(new Date(start.getTime() - 10 * MINUTE));
      await page.clock.fastForward('02:01');
      const open = page.getByRole('link', { name: m('join.open') });
      await open.waitFor();
      expect(await open.getAttribute('href')).toMatch(/^https:\/\/video\.coaching\.test\/cac-[0-9a-f]{32}\?jwt=[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(await page.getByTestId('countdown').count()).toBe(0);
      await screenshot(page, `${locale}-join-open`);

      const seen = await apps.http().get(`/v1/sessions/${booked.body.id}`).set('authorization', `Bearer ${coach.token}`).expect(200);
      expect(seen.body.joins).toEqual([expect.objectContaining({ role: 'newcomer' })]);
    } finally {
      await context.close();
    }
  });
});
