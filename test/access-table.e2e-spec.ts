import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { RouteTable } from '../apps/api/src/common/http/route-table';
import { hashToken, LinkTokens } from '../libs/notifications/src';
import { FeedbackRepository, type Role } from '../libs/persistence/src';
import { academyIds, createStaff, PASSWORD, registerNewcomer, type TestAccount, uniqueEmail } from './support/accounts';
import { createAccounts, createCoach, weekdays } from './support/coaches';
import { startTestApps, type TestApps } from './support/test-apps';

const NOW = new Date('2026-06-01T06:00:00Z'); // a Monday
/** Shaped like a link token, but no link's. */
const NOT_A_LINK = 'A'.repeat(43);

/** The columns of the table: who calls. */
const CALLERS = ['newcomer', 'coach', 'coordinator', 'otherCoordinator', 'admin', 'anonymous'] as const;
type Caller = (typeof CALLERS)[number];

interface Request {
  path: string;
  body?: object;
}

interface Row {
  route: string;
  /** Expected status per caller, in the order of CALLERS. */
  expect: readonly [number, number, number, number, number, number];
  /** Builds the request for one cell: fresh resources where the call changes them. */
  request: (caller: Caller) => Promise<Request> | Request;
  /** The cell is played by a new account of the caller's kind (the call destroys it). */
  freshCaller?: boolean;
}

/**
 * Every endpoint against every role. Everything named here belongs to Siena;
 * `otherCoordinator` is a Belgrade coordinator, who must get 403 or 404 where
 * Siena's data is concerned, and whose successful answers must not contain it.
 */
describe('access: every endpoint × every role', () => {
  let apps: TestApps;
  let db: DataSource;
  let siena: string;
  let belgrade: string;
  const callers = {} as Record<Exclude<Caller, 'anonymous'>, TestAccount>;
  let coach: TestAccount;
  let newcomer: TestAccount;
  let sessionId: string;
  /** An ended session with a feedback link (as the worker writes it), an answer and the coach's report. */
  let pastSessionId: string;
  let feedbackToken: string;
  let slot = 0;
  let day = 0;

  /** A fresh free half-hour of the coach: weekdays of June, 09:00–16:30 Rome, one per call. */
  const nextStart = () => {
    const weekdaysOfJune = [2, 3, 4, 5, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19, 22, 23, 24, 25, 26, 29, 30];
    const n = slot++;
    return new Date(Date.UTC(2026, 5, weekdaysOfJune[Math.floor(n / 8) % weekdaysOfJune.length], 7 + (n % 8))).toISOString();
  };
  const nextDate = () => new Date(Date.UTC(2026, 8, 1 + day++)).toISOString().slice(0, 10);
  const auth = (account: TestAccount) => ({ Authorization: `Bearer ${account.token}` });
  const coordinator = () => callers.coordinator;

  const bookAsNewcomer = async () => {
    const response = await apps
      .http()
      .post('/v1/sessions')
      .set(auth(newcomer))
      .send({ coachId: coach.id, start: nextStart(), durationMinutes: 30, topic: 'employment', language: 'en' })
      .expect(201);
    return response.body.id as string;
  };
  /** A session of the coach and newcomer that ended in May, straight into the table (the API books only ahead). */
  const pastSession = async () => {
    const [row] = await db.query(
      `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at, blocked_start, blocked_end, meeting_url)
       VALUES ($1, $2, $3, $2, 'employment', 'en', $4, $5, $4, $5, 'https://meet.jit.si/cac-past') RETURNING id`,
      [coach.id, newcomer.id, siena, new Date(Date.UTC(2026, 4, 4, slot)), new Date(Date.UTC(2026, 4, 4, slot++, 30))],
    );
    return row.id as string;
  };
  const newCoachProfile = async () => {
    const [account] = await createAccounts(apps.api, 'coach', siena, 1);
    await apps.http().post('/v1/coaches').set(auth(coordinator())).send({ userId: account.id }).expect(201);
    return account.id;
  };
  const freshAccount = async (caller: Caller): Promise<TestAccount> => {
    const kinds: Record<Exclude<Caller, 'anonymous'>, [Role, string | null]> = {
      newcomer: ['newcomer', siena],
      coach: ['coach', siena],
      coordinator: ['coordinator', siena],
      otherCoordinator: ['coordinator', belgrade],
      admin: ['admin', null],
    };
    const [role, academy] = kinds[caller as Exclude<Caller, 'anonymous'>];
    return createStaff(apps.api, apps.http, role, academy);
  };

  const signIn = async (email: string) =>
    (await apps.http().post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200)).body as { refreshToken: string };
  /** A Siena coach invited a moment ago, who has not accepted yet. */
  const invitee = async () => {
    const body = {
      email: uniqueEmail('invitee'),
      displayName: 'Luca',
      locale: 'it',
      timeZone: 'Europe/Rome',
      languages: ['it'],
      role: 'coach',
    };
    return (await apps.http().post('/v1/users').set(auth(coordinator())).send(body).expect(201)).body.id as string;
  };
  const report = 'from=2026-05-01&to=2026-06-30';
  const ROWS: Row[] = [
    // Public
    { route: 'GET /health', expect: [200, 200, 200, 200, 200, 200], request: () => ({ path: '/health' }) },
    // Only the scraper's METRICS_TOKEN opens it; no account's token does (test/metrics-access.e2e-spec.ts).
    { route: 'GET /metrics', expect: [401, 401, 401, 401, 401, 401], request: () => ({ path: '/metrics' }) },
    { route: 'GET /v1/academies', expect: [200, 200, 200, 200, 200, 200], request: () => ({ path: '/v1/academies' }) },
    // Its settings: its own coordinators and admins; another academy's coordinator is refused by name.
    {
      route: 'PATCH /v1/academies/:id',
      expect: [403, 403, 200, 403, 200, 401],
      request: () => ({ path: `/v1/academies/${siena}`, body: { phone: '+39 0577 123456' } }),
    },
    {
      route: 'POST /v1/auth/register',
      expect: [202, 202, 202, 202, 202, 202],
      request: () => ({
        path: '/v1/auth/register',
        body: {
          email: uniqueEmail('reg'),
          password: PASSWORD,
          displayName: 'Ana',
          locale: 'sr',
          timeZone: 'Europe/Belgrade',
          languages: ['sr'],
          academyId: belgrade,
        },
      }),
    },
    {
      route: 'POST /v1/auth/login',
      expect: [200, 200, 200, 200, 200, 200],
      request: () => ({ path: '/v1/auth/login', body: { email: newcomer.email, password: PASSWORD } }),
    },
    {
      route: 'POST /v1/auth/refresh',
      expect: [200, 200, 200, 200, 200, 200],
      request: async () => ({ path: '/v1/auth/refresh', body: { refreshToken: (await signIn(newcomer.email)).refreshToken } }),
    },
    {
      route: 'POST /v1/auth/logout',
      expect: [204, 204, 204, 204, 204, 401],
      freshCaller: true,
      request: () => ({ path: '/v1/auth/logout' }),
    },
    {
      route: 'POST /v1/auth/logout-all',
      expect: [204, 204, 204, 204, 204, 401],
      freshCaller: true,
      request: () => ({ path: '/v1/auth/logout-all' }),
    },
    {
      route: 'POST /v1/auth/password-reset',
      expect: [202, 202, 202, 202, 202, 202],
      request: () => ({ path: '/v1/auth/password-reset', body: { email: newcomer.email } }),
    },
    // The links themselves are followed in accounts.e2e-spec.ts, from the mails; here, a token that is no link's.
    {
      route: 'POST /v1/auth/password-reset/confirm',
      expect: [400, 400, 400, 400, 400, 400],
      request: () => ({ path: '/v1/auth/password-reset/confirm', body: { token: NOT_A_LINK, password: 'a new long password' } }),
    },
    {
      route: 'POST /v1/auth/sign-in-link',
      expect: [202, 202, 202, 202, 202, 202],
      request: () => ({ path: '/v1/auth/sign-in-link', body: { email: uniqueEmail('nobody') } }),
    },
    {
      route: 'POST /v1/auth/sign-in-link/consume',
      expect: [400, 400, 400, 400, 400, 400],
      request: () => ({ path: '/v1/auth/sign-in-link/consume', body: { token: NOT_A_LINK } }),
    },
    {
      route: 'POST /v1/auth/verify-email',
      expect: [400, 400, 400, 400, 400, 400],
      request: () => ({ path: '/v1/auth/verify-email', body: { token: NOT_A_LINK } }),
    },
    {
      route: 'POST /v1/auth/verify-email/resend',
      expect: [202, 202, 202, 202, 202, 401],
      request: () => ({ path: '/v1/auth/verify-email/resend' }),
    },
    {
      route: 'POST /v1/auth/invitations/accept',
      expect: [400, 400, 400, 400, 400, 400],
      request: () => ({ path: '/v1/auth/invitations/accept', body: { token: NOT_A_LINK, password: 'a new long password' } }),
    },
    // The caller's own account
    { route: 'GET /v1/me', expect: [200, 200, 200, 200, 200, 401], request: () => ({ path: '/v1/me' }) },
    { route: 'PATCH /v1/me', expect: [200, 200, 200, 200, 200, 401], request: () => ({ path: '/v1/me', body: { locale: 'fa' } }) },
    { route: 'GET /v1/me/export', expect: [200, 200, 200, 200, 200, 401], request: () => ({ path: '/v1/me/export' }) },
    { route: 'DELETE /v1/me', expect: [204, 204, 204, 204, 204, 401], freshCaller: true, request: () => ({ path: '/v1/me' }) },
    {
      route: 'PUT /v1/me/password',
      expect: [200, 200, 200, 200, 200, 401],
      freshCaller: true,
      request: () => ({ path: '/v1/me/password', body: { currentPassword: PASSWORD, newPassword: 'a new long password' } }),
    },
    { route: 'GET /v1/me/calendar-feed', expect: [200, 200, 403, 403, 403, 401], request: () => ({ path: '/v1/me/calendar-feed' }) },
    {
      route: 'POST /v1/me/calendar-feed/rotate',
      expect: [200, 200, 403, 403, 403, 401],
      request: () => ({ path: '/v1/me/calendar-feed/rotate' }),
    },
    // The feed's secret is the access: anyone holding the URL reads it, as calendar apps do without signing in.
    {
      route: 'GET /v1/calendar-feeds/:secret.ics',
      expect: [200, 200, 200, 200, 200, 200],
      request: async () => ({
        path: new URL((await apps.http().get('/v1/me/calendar-feed').set(auth(newcomer)).expect(200)).body.url).pathname,
      }),
    },
    // Accounts
    {
      route: 'POST /v1/users',
      expect: [403, 403, 201, 403, 201, 401],
      request: () => ({
        path: '/v1/users',
        body: {
          email: uniqueEmail('staff'),
          displayName: 'Luca',
          locale: 'it',
          timeZone: 'Europe/Rome',
          languages: ['it'],
          role: 'coach',
          academyId: siena,
        },
      }),
    },
    // Coordinators register newcomers of their own academy (the other academy's coordinator is refused naming it).
    {
      route: 'POST /v1/newcomers',
      expect: [403, 403, 201, 403, 201, 401],
      request: () => ({
        path: '/v1/newcomers',
        body: {
          email: uniqueEmail('class'),
          displayName: 'Oksana',
          locale: 'uk',
          timeZone: 'Europe/Rome',
          languages: ['uk'],
          academyId: siena,
        },
      }),
    },
    {
      route: 'POST /v1/users/:id/invitation',
      expect: [403, 403, 202, 404, 202, 401],
      request: async () => ({ path: `/v1/users/${await invitee()}/invitation` }),
    },
    {
      route: 'DELETE /v1/users/:id/invitation',
      expect: [403, 403, 204, 404, 204, 401],
      request: async () => ({ path: `/v1/users/${await invitee()}/invitation` }),
    },
    {
      route: 'POST /v1/users/:id/disable',
      expect: [403, 403, 200, 404, 200, 401],
      request: async () => ({ path: `/v1/users/${(await createAccounts(apps.api, 'coach', siena, 1))[0].id}/disable` }),
    },
    {
      route: 'POST /v1/users/:id/enable',
      expect: [403, 403, 200, 404, 200, 401],
      request: async () => ({ path: `/v1/users/${(await createAccounts(apps.api, 'coach', siena, 1))[0].id}/enable` }),
    },
    { route: 'GET /v1/users', expect: [403, 403, 200, 403, 200, 401], request: () => ({ path: `/v1/users?academyId=${siena}` }) },
    { route: 'GET /v1/users/:id', expect: [403, 403, 200, 404, 200, 401], request: () => ({ path: `/v1/users/${newcomer.id}` }) },
    {
      route: 'POST /v1/users/:id/erase',
      expect: [403, 403, 200, 404, 200, 401],
      request: async () => ({ path: `/v1/users/${(await createAccounts(apps.api, 'newcomer', siena, 1))[0].id}/erase` }),
    },
    // Coaches
    {
      route: 'POST /v1/coaches',
      expect: [403, 403, 201, 403, 201, 401],
      request: async () => ({ path: '/v1/coaches', body: { userId: (await createAccounts(apps.api, 'coach', siena, 1))[0].id } }),
    },
    { route: 'GET /v1/coaches', expect: [200, 200, 200, 403, 200, 401], request: () => ({ path: `/v1/coaches?academyId=${siena}` }) },
    { route: 'GET /v1/coaches/:id', expect: [200, 200, 200, 404, 200, 401], request: () => ({ path: `/v1/coaches/${coach.id}` }) },
    {
      route: 'PATCH /v1/coaches/:id',
      expect: [403, 200, 200, 404, 200, 401],
      request: () => ({ path: `/v1/coaches/${coach.id}`, body: { bio: 'Career coach' } }),
    },
    {
      route: 'POST /v1/coaches/:id/status',
      expect: [403, 403, 200, 404, 200, 401],
      request: async () => ({ path: `/v1/coaches/${await newCoachProfile()}/status`, body: { status: 'trained' } }),
    },
    {
      route: 'GET /v1/coaches/:id/availability',
      expect: [403, 200, 200, 404, 200, 401],
      request: () => ({ path: `/v1/coaches/${coach.id}/availability` }),
    },
    {
      route: 'PUT /v1/coaches/:id/availability',
      expect: [403, 200, 200, 404, 200, 401],
      request: () => ({
        path: `/v1/coaches/${coach.id}/availability`,
        body: { timeZone: 'Europe/Rome', weekly: weekdays('09:00', '17:00') },
      }),
    },
    {
      route: 'PUT /v1/coaches/:id/overrides/:date',
      expect: [403, 200, 200, 404, 200, 401],
      request: () => ({ path: `/v1/coaches/${coach.id}/overrides/${nextDate()}`, body: { intervals: [] } }),
    },
    {
      route: 'DELETE /v1/coaches/:id/overrides/:date',
      expect: [403, 204, 204, 404, 204, 401],
      request: async () => {
        const date = nextDate();
        await apps.http().put(`/v1/coaches/${coach.id}/overrides/${date}`).set(auth(coordinator())).send({ intervals: [] }).expect(200);
        return { path: `/v1/coaches/${coach.id}/overrides/${date}` };
      },
    },
    {
      route: 'POST /v1/coaches/:id/time-off',
      expect: [403, 201, 201, 404, 201, 401],
      request: () => ({ path: `/v1/coaches/${coach.id}/time-off`, body: { start: '2026-12-24T00:00:00Z', end: '2026-12-27T00:00:00Z' } }),
    },
    {
      route: 'DELETE /v1/coaches/:id/time-off/:timeOffId',
      expect: [403, 204, 204, 404, 204, 401],
      request: async () => {
        const added = await apps
          .http()
          .post(`/v1/coaches/${coach.id}/time-off`)
          .set(auth(coordinator()))
          .send({ start: '2026-12-28T00:00:00Z', end: '2026-12-29T00:00:00Z' })
          .expect(201);
        return { path: `/v1/coaches/${coach.id}/time-off/${added.body.id}` };
      },
    },
    // Slots and matching
    {
      route: 'GET /v1/slots',
      expect: [200, 200, 200, 403, 200, 401],
      request: () => ({ path: `/v1/slots?from=2026-06-02&to=2026-06-02&timeZone=Europe/Rome&coachId=${coach.id}&academyId=${siena}` }),
    },
    {
      route: 'POST /v1/matches',
      expect: [200, 403, 200, 403, 200, 401],
      request: () => ({
        path: '/v1/matches',
        body: { languages: ['en'], topics: ['employment'], timeZone: 'Europe/Rome', newcomerId: newcomer.id },
      }),
    },
    // Sessions
    {
      route: 'POST /v1/sessions',
      expect: [201, 403, 201, 403, 201, 401],
      request: (caller) => ({
        path: '/v1/sessions',
        body: {
          coachId: coach.id,
          start: nextStart(),
          durationMinutes: 30,
          topic: 'employment',
          language: 'en',
          ...(caller === 'newcomer' ? {} : { newcomerId: newcomer.id, newcomerConsent: true }),
        },
      }),
    },
    { route: 'GET /v1/sessions', expect: [200, 200, 200, 200, 200, 401], request: () => ({ path: '/v1/sessions?limit=100' }) },
    {
      route: 'GET /v1/sessions/needs-attention',
      expect: [403, 403, 200, 200, 200, 401],
      request: () => ({ path: '/v1/sessions/needs-attention' }),
    },
    { route: 'GET /v1/sessions/:id', expect: [200, 200, 200, 404, 200, 401], request: () => ({ path: `/v1/sessions/${sessionId}` }) },
    {
      route: 'POST /v1/sessions/:id/cancel',
      expect: [200, 200, 200, 404, 200, 401],
      request: async () => ({ path: `/v1/sessions/${await bookAsNewcomer()}/cancel`, body: {} }),
    },
    {
      route: 'POST /v1/sessions/:id/reschedule',
      expect: [200, 200, 200, 404, 200, 401],
      request: async () => ({ path: `/v1/sessions/${await bookAsNewcomer()}/reschedule`, body: { start: nextStart() } }),
    },
    {
      route: 'POST /v1/sessions/:id/attendance',
      expect: [403, 200, 200, 404, 200, 401],
      request: async () => {
        return { path: `/v1/sessions/${await pastSession()}/attendance`, body: { outcome: 'completed' } };
      },
    },
    // The room: only the session's two people (here before it opens: 409 too_early); staff never enter.
    {
      route: 'GET /v1/sessions/:id/join',
      expect: [409, 409, 403, 403, 403, 401],
      request: () => ({ path: `/v1/sessions/${sessionId}/join` }),
    },
    // MEETING_PROVIDER is jitsi here: those who may set a URL learn that rooms are generated; Belgrade finds no session.
    {
      route: 'PUT /v1/sessions/:id/meeting-url',
      expect: [403, 409, 409, 404, 409, 401],
      request: () => ({ path: `/v1/sessions/${sessionId}/meeting-url`, body: { url: 'https://meet.example.org/room' } }),
    },
    {
      route: 'GET /v1/sessions/:id/notifications',
      expect: [403, 403, 200, 404, 200, 401],
      request: () => ({ path: `/v1/sessions/${sessionId}/notifications` }),
    },
    {
      route: 'GET /v1/sessions/:id/calendar.ics',
      expect: [200, 200, 200, 404, 200, 401],
      request: () => ({ path: `/v1/sessions/${sessionId}/calendar.ics` }),
    },
    // Figures
    {
      route: 'GET /v1/reports/sessions',
      expect: [403, 403, 200, 403, 200, 401],
      request: () => ({ path: `/v1/reports/sessions?${report}&academyId=${siena}` }),
    },
    {
      route: 'GET /v1/reports/sessions.csv',
      expect: [403, 403, 200, 403, 200, 401],
      request: () => ({ path: `/v1/reports/sessions.csv?${report}&academyId=${siena}` }),
    },
    { route: 'GET /v1/audit-log', expect: [403, 403, 200, 403, 200, 401], request: () => ({ path: `/v1/audit-log?academyId=${siena}` }) },
    {
      route: 'GET /v1/reports/demand',
      expect: [403, 403, 200, 403, 200, 401],
      request: () => ({ path: `/v1/reports/demand?academyId=${siena}` }),
    },
    {
      route: 'GET /v1/reports/demand.csv',
      expect: [403, 403, 200, 403, 200, 401],
      request: () => ({ path: `/v1/reports/demand.csv?academyId=${siena}` }),
    },
    {
      // A newcomer joins for themselves; staff put a Siena newcomer on the list with consent; Belgrade's coordinator may not.
      route: 'POST /v1/waiting-list',
      expect: [201, 403, 201, 422, 201, 401],
      freshCaller: true,
      request: async (caller) => ({
        path: '/v1/waiting-list',
        body: {
          languages: ['ha'],
          topics: ['housing'],
          timeZone: 'Europe/Rome',
          ...(caller === 'newcomer' ? {} : { newcomerId: (await registerNewcomer(apps.http, siena)).id, newcomerConsent: true }),
        },
      }),
    },
    { route: 'GET /v1/waiting-list', expect: [200, 403, 200, 200, 200, 401], request: () => ({ path: '/v1/waiting-list?limit=100' }) },
    {
      // Each cell withdraws an entry of its own: the newcomer's, or a fresh Siena newcomer's.
      route: 'DELETE /v1/waiting-list/:id',
      expect: [204, 403, 204, 404, 204, 401],
      request: async (caller) => {
        const owner = caller === 'newcomer' ? newcomer : await registerNewcomer(apps.http, siena);
        const joined = await apps
          .http()
          .post('/v1/waiting-list')
          .set(auth(owner))
          .send({ languages: ['ha'], topics: ['housing'], timeZone: 'Europe/Rome' });
        expect([200, 201]).toContain(joined.status);
        return { path: `/v1/waiting-list/${joined.body.id}` };
      },
    },
    {
      route: 'POST /v1/waiting-list/renewals',
      expect: [400, 400, 400, 400, 400, 400],
      request: () => ({ path: '/v1/waiting-list/renewals', body: { token: NOT_A_LINK } }),
    },
    {
      route: 'GET /v1/reports/feedback',
      expect: [403, 403, 200, 403, 200, 401],
      request: () => ({ path: `/v1/reports/feedback?${report}&academyId=${siena}` }),
    },
    {
      route: 'GET /v1/reports/feedback.csv',
      expect: [403, 403, 200, 403, 200, 401],
      request: () => ({ path: `/v1/reports/feedback.csv?${report}&academyId=${siena}` }),
    },
    // Feedback, coaches' reports and flags
    {
      // The link's token is the credential: whoever holds it answers, signed in or not.
      route: 'POST /v1/feedback',
      expect: [204, 204, 204, 204, 204, 204],
      request: () => ({ path: '/v1/feedback', body: { token: feedbackToken, score: 4 } }),
    },
    {
      route: 'GET /v1/sessions/:id/feedback',
      expect: [200, 403, 200, 404, 200, 401],
      request: () => ({ path: `/v1/sessions/${pastSessionId}/feedback` }),
    },
    {
      route: 'GET /v1/coaches/:id/feedback-summary',
      expect: [403, 200, 200, 403, 200, 401],
      request: () => ({ path: `/v1/coaches/${coach.id}/feedback-summary` }),
    },
    {
      route: 'POST /v1/sessions/:id/coach-report',
      expect: [403, 200, 403, 403, 403, 401],
      request: () => ({
        path: `/v1/sessions/${pastSessionId}/coach-report`,
        body: { topics: ['employment'], progress: 'good', concern: 'none' },
      }),
    },
    {
      route: 'GET /v1/sessions/:id/coach-report',
      expect: [403, 200, 200, 404, 200, 401],
      request: () => ({ path: `/v1/sessions/${pastSessionId}/coach-report` }),
    },
    { route: 'GET /v1/flags', expect: [403, 403, 200, 200, 200, 401], request: () => ({ path: '/v1/flags' }) },
    {
      route: 'POST /v1/flags/:id/close',
      expect: [403, 403, 200, 404, 200, 401],
      request: async () => {
        const id = await pastSession();
        await db.query(
          `INSERT INTO coach_report (session_id, coach_id, progress, concern, concern_note, flag_raised_at) VALUES ($1, $2, 'some', 'concern', 'worried', now())`,
          [id, coach.id],
        );
        return { path: `/v1/flags/${id}/close`, body: { note: 'Called them; all is well' } };
      },
    },
    // Both academies' jobs, read-only: admins only.
    { route: 'GET /admin/queues', expect: [403, 403, 403, 403, 200, 401], request: () => ({ path: '/admin/queues/api/queues' }) },
    {
      route: 'GET /v1/audit-log (own academy)',
      expect: [403, 403, 200, 200, 200, 401],
      request: () => ({ path: '/v1/audit-log?limit=100' }),
    },
  ];

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock: new FixedClock(NOW), env: { METRICS_TOKEN: 'metrics-scraper-token-0123456789' } });
    db = apps.api.get(DataSource);
    ({ siena, belgrade } = await academyIds(apps.http));
    callers.coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    callers.otherCoordinator = await createStaff(apps.api, apps.http, 'coordinator', belgrade);
    callers.admin = await createStaff(apps.api, apps.http, 'admin', null);
    coach = await createCoach(apps.api, apps.http, callers.coordinator, siena, {
      timeZone: 'Europe/Rome',
      weekly: weekdays('09:00', '17:00'),
    });
    callers.coach = coach;
    newcomer = await registerNewcomer(apps.http, siena, { languages: ['en', 'ur'] });
    callers.newcomer = newcomer;
    sessionId = await bookAsNewcomer();
    pastSessionId = await pastSession();
    feedbackToken = new LinkTokens(apps.config.jwt.secret).deriveFeedback(pastSessionId, newcomer.id);
    await apps.api
      .get(FeedbackRepository)
      .recordLink(pastSessionId, newcomer.id, hashToken(feedbackToken), new Date('2026-06-14T00:00:00Z'));
    await apps.http().post('/v1/feedback').send({ token: feedbackToken, score: 5 }).expect(204);
    await apps
      .http()
      .post(`/v1/sessions/${pastSessionId}/coach-report`)
      .set(auth(coach))
      .send({ topics: ['employment'], progress: 'some', concern: 'none' })
      .expect(200);
  }, 90_000);
  afterAll(() => apps.close());

  it('covers every route the API serves', () => {
    const served = apps.api
      .get(RouteTable)
      .list()
      // Catch-all routes (the JSON 404 and 405 answers) and the Swagger UI are not endpoints of the contract.
      .filter((r) => !/[*{]/.test(r) && !/ \/docs/.test(r));
    expect(served.length).toBeGreaterThanOrEqual(37);
    const tabled = new Set(ROWS.map((r) => r.route.replace(/ \(.*\)$/, '')));
    expect(served.filter((r) => !tabled.has(r)).sort()).toEqual([]);
  });

  for (const row of ROWS) {
    it(`${row.route}: ${CALLERS.map((c, i) => `${c} ${row.expect[i]}`).join(', ')}`, async () => {
      const method = row.route.split(' ')[0].toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const outcomes: Record<string, number> = {};
      const leaks: string[] = [];
      for (const caller of CALLERS) {
        const { path, body } = await row.request(caller);
        const account = caller === 'anonymous' ? null : row.freshCaller ? await freshAccount(caller) : callers[caller];
        let request = apps.http()[method](path);
        if (account) request = request.set(auth(account));
        const response = await (body ? request.send(body) : request);
        outcomes[caller] = response.status;
        if (response.status >= 400) expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        // Whatever Belgrade's coordinator is allowed to read holds nothing of Siena's people or sessions.
        // (Signing in as, refreshing the sign-in of, or reading the feed URL of Siena's newcomer answers with that newcomer's own data:
        // those calls carry the newcomer's own credential, not the caller's.)
        const ownCredential = ['POST /v1/auth/login', 'POST /v1/auth/refresh', 'GET /v1/calendar-feeds/:secret.ics'];
        if (caller === 'otherCoordinator' && response.status < 300 && !ownCredential.includes(row.route)) {
          for (const id of [coach.id, newcomer.id, sessionId]) if ((response.text ?? '').includes(id)) leaks.push(id);
        }
      }
      expect(outcomes).toEqual(Object.fromEntries(CALLERS.map((c, i) => [c, row.expect[i]])));
      expect(leaks).toEqual([]);
    });
  }
});
