import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { hashToken, LinkTokens } from '../libs/notifications/src';
import { FeedbackRepository } from '../libs/persistence/src';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { assertWebAppBuilt, launchChromium, listenEphemeral, screenshot, seriousViolations } from './support/browser';
import { createCoach } from './support/coaches';
import { ALL_WEEK } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';
import { words } from './support/words';

jest.setTimeout(120_000);

/**
 * The feedback page (no sign-in) in Urdu and Italian at 360 px, the coach's report
 * form, and the coordinators' concerns page and feedback figures in English and
 * Farsi, in a real Chromium against the built app. One clock, pinned after the
 * sessions, drives the API, the worker and the page.
 */
describe('feedback, reports and concerns in a browser', () => {
  const NOW = new Date('2031-03-12T10:00:00Z');
  const clock = new FixedClock(NOW);
  let apps: TestApps;
  let db: DataSource;
  let origin: string;
  let browser: Browser;
  let coach: TestAccount;
  let coordinator: TestAccount;
  let farsiCoordinator: TestAccount;
  const sessions: Record<'ur' | 'it', { id: string; token: string }> = {} as never;

  beforeAll(async () => {
    assertWebAppBuilt();
    // A database of its own: the flags page lists every open concern of Siena, and suites beside it raise others.
    apps = await startTestApps({ clock, privateDatabase: 'web-feedback' });
    db = apps.api.get(DataSource);
    origin = await listenEphemeral(apps);
    browser = await launchChromium();
    const { siena } = await academyIds(apps.http);
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    farsiCoordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    await db.query(`UPDATE app_user SET locale = 'fa', time_zone = 'Asia/Tehran' WHERE id = $1`, [farsiCoordinator.id]);
    coach = await createCoach(apps.api, apps.http, coordinator, siena, { timeZone: 'Europe/Rome', weekly: ALL_WEEK });
    await db.query(`UPDATE app_user SET display_name = 'Imran' WHERE id = $1`, [coach.id]);
    for (const [locale, zone, hour] of [
      ['ur', 'Asia/Karachi', 9],
      ['it', 'Europe/Rome', 11],
    ] as const) {
      const newcomer = await registerNewcomer(apps.http, siena, {
        locale,
        timeZone: zone,
        displayName: locale === 'ur' ? 'Amina' : 'Chiara',
      });
      // Sessions that ended two days ago, straight into the table (the API books only ahead).
      const [row] = await db.query(
        `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at, blocked_start, blocked_end, meeting_url)
         VALUES ($1, $2, $3, $2, 'employment', 'en', $4, $5, $4, $5, 'https://meet.jit.si/cac-past') RETURNING id`,
        [coach.id, newcomer.id, siena, new Date(Date.UTC(2031, 2, 10, hour)), new Date(Date.UTC(2031, 2, 10, hour, 45))],
      );
      // What the worker does as it mails the request (the mail is under test in feedback.e2e-spec.ts).
      const token = new LinkTokens(apps.config.jwt.secret).deriveFeedback(row.id, newcomer.id);
      await apps.api.get(FeedbackRepository).recordLink(row.id, newcomer.id, hashToken(token), new Date('2031-03-25T00:00:00Z'));
      sessions[locale] = { id: row.id, token };
    }
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await apps?.close();
  });

  async function newPage(locale: string, timezoneId: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale, timezoneId, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.clock.install({ time: NOW });
    return { context, page };
  }

  async function signedInPage(account: TestAccount, locale: string, timezoneId: string) {
    const me = await apps
      .http()
      .get('/v1/me')
      .set({ Authorization: `Bearer ${account.token}` })
      .expect(200);
    const opened = await newPage(locale, timezoneId);
    await opened.page.goto(`${origin}/`);
    const stored = { accessToken: account.token, expiresAt: NOW.getTime() + 24 * 3600_000, user: me.body };
    await opened.page.evaluate(`localStorage.setItem('cac.session', ${JSON.stringify(JSON.stringify(stored))})`);
    return opened;
  }

  async function expectAccessible(page: Page, label: string): Promise<void> {
    expect({ page: label, violations: await seriousViolations(page) }).toEqual({ page: label, violations: [] });
  }

  const answerOf = async (sessionId: string) =>
    (await db.query('SELECT score, happened, comment FROM session_feedback WHERE session_id = $1', [sessionId]))[0];

  it('records the tapped face on opening, without sign-in, then the optional questions (Urdu, right to left, 360 px)', async () => {
    const m = words('ur');
    const { context, page } = await newPage('ur-PK', 'Asia/Karachi');
    try {
      await page.goto(`${origin}/feedback#token=${sessions.ur.token}&score=4`);
      await page.getByText(m('feedback.saved')).waitFor();
      expect(await answerOf(sessions.ur.id)).toEqual({ score: 4, happened: null, comment: null });
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(page.url()).not.toContain(sessions.ur.token); // wiped from the address bar
      expect(await page.getByRole('button', { name: m('mail.face.good'), exact: true }).getAttribute('aria-pressed')).toBe('true');
      await expectAccessible(page, 'feedback ur');
      await page.getByRole('radio', { name: m('feedback.happened.coachAbsent') }).check();
      await page.getByRole('textbox', { name: m('feedback.comment') }).fill('کوچ دیر سے آئے');
      await screenshot(page, 'feedback-ur');
      await page.getByRole('button', { name: m('feedback.send') }).click();
      await page.getByText(m('feedback.thanks')).waitFor();
      expect(await answerOf(sessions.ur.id)).toEqual({ score: 4, happened: 'coach_absent', comment: 'کوچ دیر سے آئے' });
    } finally {
      await context.close();
    }
  });

  it('lets another tap change the answer (Italian, 360 px)', async () => {
    const m = words('it');
    const { context, page } = await newPage('it-IT', 'Europe/Rome');
    try {
      await page.goto(`${origin}/feedback#token=${sessions.it.token}&score=2`);
      await page.getByText(m('feedback.saved')).waitFor();
      expect(await answerOf(sessions.it.id)).toMatchObject({ score: 2 });
      expect(await page.getAttribute('html', 'dir')).toBe('ltr');
      await page.getByRole('button', { name: m('mail.face.veryGood'), exact: true }).click();
      // The answer is saved as the tap lands; the pressed face says so.
      await page.getByRole('button', { name: m('mail.face.veryGood'), exact: true, pressed: true }).waitFor();
      for (let i = 0; i < 50 && (await answerOf(sessions.it.id)).score !== 5; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await answerOf(sessions.it.id)).score).toBe(5);
      expect(await page.getByRole('button', { name: m('mail.face.veryGood'), exact: true }).getAttribute('aria-pressed')).toBe('true');
      await expectAccessible(page, 'feedback it');
      await screenshot(page, 'feedback-it');
    } finally {
      await context.close();
    }
  });

  it('tells a reader whose link does not work', async () => {
    const m = words('it');
    const { context, page } = await newPage('it-IT', 'Europe/Rome');
    try {
      await page.goto(`${origin}/feedback#token=${'A'.repeat(43)}&score=3`);
      await page.getByRole('alert').getByText(m('feedback.noLink')).waitFor();
    } finally {
      await context.close();
    }
  });

  it('the coach writes the report from the session card, with an urgent concern', async () => {
    const m = words('en');
    const { context, page } = await signedInPage(coach, 'en-GB', 'Europe/Rome');
    try {
      await page.goto(`${origin}/sessions`);
      await page
        .getByRole('link', { name: m('report.open') })
        .first()
        .waitFor();
      await page.goto(`${origin}/sessions/${sessions.ur.id}/report`);
      await page.getByRole('heading', { name: m('report.title') }).waitFor();
      await page.getByRole('radio', { name: m('report.progress.some') }).check();
      await page.getByRole('textbox', { name: m('report.nextStep') }).fill('Write a CV together');
      await page.getByRole('radio', { name: m('report.concern.urgent') }).check();
      await page.getByRole('button', { name: m('report.submit') }).click();
      await page.getByText(m('report.noteRequired')).waitFor(); // the note is asked for next to its field
      await page.getByRole('textbox', { name: m('report.concernNote') }).fill('Amina has nowhere to sleep next week');
      await expectAccessible(page, 'coach report');
      await screenshot(page, 'coach-report-en');
      await page.getByRole('button', { name: m('report.submit') }).click();
      await page.getByText(m('report.savedUrgent')).waitFor();
      const [report] = await db.query('SELECT progress, concern, next_step FROM coach_report WHERE session_id = $1', [sessions.ur.id]);
      expect(report).toEqual({ progress: 'some', concern: 'urgent', next_step: 'Write a CV together' });
    } finally {
      await context.close();
    }
  });

  it('the coordinator sees the concern first, and the feedback charts with their tables (Farsi)', async () => {
    const m = words('fa');
    const { context, page } = await signedInPage(farsiCoordinator, 'fa-IR', 'Asia/Tehran');
    try {
      await page.goto(`${origin}/staff`);
      const first = page.locator('[data-testid="needs-attention"]').first();
      await first.waitFor();
      expect(await first.getAttribute('data-concern')).toBe('urgent');
      await page.goto(`${origin}/staff/flags`);
      await page.getByRole('heading', { name: m('flags.title'), level: 1 }).waitFor();
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      await page.locator('[data-testid="flag"][data-level="urgent"]').waitFor();
      await expectAccessible(page, 'flags fa');
      await screenshot(page, 'flags-fa');
      await page.goto(`${origin}/staff/reports`);
      await page.getByRole('heading', { name: m('feedbackReport.title') }).waitFor();
      const rows = page.locator('[data-testid="table-feedback-month"] tbody tr');
      await rows.first().waitFor();
      await expectAccessible(page, 'feedback figures fa');
      await screenshot(page, 'feedback-figures-fa');
    } finally {
      await context.close();
    }
  });

  it('the coordinator closes the concern with a note, and reads the figures (English)', async () => {
    const m = words('en');
    const { context, page } = await signedInPage(coordinator, 'en-GB', 'Europe/Rome');
    try {
      await page.goto(`${origin}/staff/flags`);
      const flag = page.locator('[data-testid="flag"][data-level="urgent"]');
      await flag.waitFor();
      await screenshot(page, 'flags-en');
      await flag.getByRole('textbox', { name: m('flags.closeNote') }).fill('Housing desk found a bed; called Amina');
      await flag.getByRole('button', { name: m('flags.close') }).click();
      await page.getByText(m('flags.closedWith', { note: 'Housing desk found a bed; called Amina' })).waitFor();
      const [closed] = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'flag.closed' AND entity_id = $1`, [
        sessions.ur.id,
      ]);
      expect(closed.n).toBe(1);
      await page.goto(`${origin}/staff/reports`);
      await page.getByRole('heading', { name: m('feedbackReport.title') }).waitFor();
      const march = page.locator('[data-testid="table-feedback-month"] tbody tr', { hasText: 'March 2031' });
      await march.waitFor();
      // Asked 2, answered 2, 100 %, average (4 + 5) / 2.
      expect((await march.locator('td').allInnerTexts()).slice(0, 4)).toEqual(['2', '2', '100%', '4.5']);
      await expectAccessible(page, 'feedback figures en');
      await screenshot(page, 'feedback-figures-en');
    } finally {
      await context.close();
    }
  });
});
