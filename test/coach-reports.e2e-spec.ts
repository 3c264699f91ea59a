import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { FeedbackRepository } from '../libs/persistence/src';
import { hashToken, LinkTokens } from '../libs/notifications/src';
import { createAcademyStaff, createStaff, registerNewcomer, type AcademyStaff, type TestAccount } from './support/accounts';
import { createCoach } from './support/coaches';
import { ALL_WEEK, notificationRows, sentTo, sleep, waitForRows } from './support/notifications';
import { as, bookSession, postSessionAction } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * The coach's report, safeguarding flags, what each role sees of the answers,
 * and the feedback figures with their CSV and erasure. One clock, pinned at a
 * fixed date, drives the API and the worker; the Siena academy's zone is
 * Europe/Rome, so 00:30 on 1 April in Siena is still 31 March in UTC.
 */
describe('coach reports, flags and feedback figures', () => {
  const clock = new FixedClock(new Date('2031-03-25T09:00:00Z'));
  const after = new Date('2031-05-20T09:00:00Z');
  const s = {
    march: '2031-03-31T21:00:00Z', // 23:00 in Siena, 31 March
    aprilFirst: '2031-03-31T22:30:00Z', // 00:30 in Siena, 1 April
    april: '2031-04-02T09:00:00Z',
    cancelled: '2031-04-03T09:00:00Z',
  };
  let apps: TestApps;
  let staff: AcademyStaff;
  let secondSienaCoordinator: TestAccount;
  let coach: TestAccount;
  let otherCoach: TestAccount;
  let amina: TestAccount;
  let yusuf: TestAccount;
  let rated: TestAccount;
  const ids: Record<string, string> = {};
  const ratedSessions: string[] = [];
  const tokens = new Map<string, string>();

  /** Test-only: what the worker does as it mails a request (the mail itself is under test in feedback.e2e-spec.ts). */
  const issueLink = async (sessionId: string, newcomerId: string) => {
    const token = new LinkTokens(apps.config.jwt.secret).deriveFeedback(sessionId, newcomerId);
    await apps.api.get(FeedbackRepository).recordLink(sessionId, newcomerId, hashToken(token), new Date('2031-06-30T00:00:00Z'));
    tokens.set(sessionId, token);
  };
  const answer = (sessionId: string, body: object) =>
    apps
      .http()
      .post('/v1/feedback')
      .send({ token: tokens.get(sessionId), ...body })
      .expect(204);
  const report = (who: TestAccount, sessionId: string, body: object) =>
    apps.http().post(`/v1/sessions/${sessionId}/coach-report`).set(as(who)).send(body);
  const figures = (who: TestAccount, path = '/v1/reports/feedback') =>
    apps.http().get(path).query({ from: '2031-03-01', to: '2031-04-30' }).set(as(who));

  beforeAll(async () => {
    // A database of its own: the coordinators an urgent concern mails are all of Siena's, and suites beside it add others.
    apps = await startTestApps({ clock, privateDatabase: 'coach-reports' });
    staff = await createAcademyStaff(apps);
    secondSienaCoordinator = await createStaff(apps.api, apps.http, 'coordinator', staff.siena);
    const newCoach = () =>
      createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
        timeZone: 'Europe/Rome',
        weekly: ALL_WEEK,
        profile: { minimumNoticeMinutes: 0, horizonDays: 120 },
      });
    coach = await newCoach();
    otherCoach = await newCoach();
    amina = await registerNewcomer(apps.http, staff.siena, { locale: 'ur', timeZone: 'Asia/Karachi', displayName: 'Amina' });
    yusuf = await registerNewcomer(apps.http, staff.siena, { locale: 'it', displayName: 'Yusuf' });
    rated = await registerNewcomer(apps.http, staff.siena, { locale: 'en', displayName: 'Rated' });
    const book = (who: TestAccount, withCoach: TestAccount, start: string, topic: string) =>
      bookSession(apps.http, who, { coachId: withCoach.id, start, durationMinutes: 60, topic, language: 'en' });
    ids.march = await book(amina, coach, s.march, 'employment');
    ids.aprilFirst = await book(amina, coach, s.aprilFirst, 'housing');
    ids.april = await book(yusuf, coach, s.april, 'employment');
    ids.cancelled = await book(yusuf, coach, s.cancelled, 'employment');
    for (let day = 5; day <= 9; day++) ratedSessions.push(await book(rated, otherCoach, `2031-05-0${day}T09:00:00Z`, 'employment'));
    await postSessionAction(apps.http, yusuf, ids.cancelled, 'cancel', {}).expect(200);
    for (const id of [ids.march, ids.aprilFirst]) await issueLink(id, amina.id);
    await issueLink(ids.april, yusuf.id);
    for (const id of ratedSessions) await issueLink(id, rated.id);
  }, 90_000);
  afterAll(() => apps.close());

  describe('the coach’s report', () => {
    it('is refused before the end, to anyone but the session’s coach, and with bad fields', async () => {
      const body = { topics: ['employment'], progress: 'good', concern: 'none' };
      expect((await report(coach, ids.march, body).expect(409)).body.code).toBe('report_too_early');
      clock.set(after);
      await report(amina, ids.march, body).expect(403);
      await report(staff.sienaCoordinator, ids.march, body).expect(403);
      await report(otherCoach, ids.march, body).expect(404);
      await report(coach, ids.cancelled, body).expect(409);
      for (const [bad, field] of [
        [{ ...body, progress: 'great' }, 'progress'],
        [{ ...body, concern: 'urgent' }, 'concernNote'],
        [{ ...body, topics: ['Not A Slug'] }, 'topics'],
        [{ ...body, nextStep: 'x'.repeat(501) }, 'nextStep'],
      ] as const) {
        const response = await report(coach, ids.march, bad).expect(400);
        expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      await apps.http().get(`/v1/sessions/${ids.march}/coach-report`).set(as(coach)).expect(404);
    });

    it('is written after the end and read by the coach and coordinators, never the newcomer', async () => {
      const saved = await report(coach, ids.march, {
        topics: ['employment'],
        progress: 'good',
        nextStep: 'Write a CV',
        concern: 'none',
      }).expect(200);
      expect(saved.body).toMatchObject({ progress: 'good', nextStep: 'Write a CV', concern: 'none', flag: 'none' });
      await apps.http().get(`/v1/sessions/${ids.march}/coach-report`).set(as(staff.sienaCoordinator)).expect(200);
      await apps.http().get(`/v1/sessions/${ids.march}/coach-report`).set(as(staff.belgradeCoordinator)).expect(404);
      await apps.http().get(`/v1/sessions/${ids.march}/coach-report`).set(as(amina)).expect(403);
      await report(coach, ids.aprilFirst, {
        topics: ['housing'],
        progress: 'some',
        concern: 'concern',
        concernNote: 'Amina may lose her room',
      }).expect(200);
    });

    it('mails an urgent concern at once to that academy’s coordinators only, and lists it first in needs-attention', async () => {
      const saved = await report(coach, ids.april, {
        topics: ['employment'],
        progress: 'none',
        concern: 'urgent',
        concernNote: 'Yusuf said he is not safe at home',
      }).expect(200);
      expect(saved.body).toMatchObject({ concern: 'urgent', flag: 'open' });
      const rows = await waitForRows(
        apps.api,
        ids.april,
        (r) => r.filter((n) => n.kind === 'concern_alert' && n.state === 'sent').length === 2,
        20_000,
      );
      expect(
        rows
          .filter((r) => r.kind === 'concern_alert')
          .map((r) => r.recipient_id)
          .sort(),
      ).toEqual([staff.sienaCoordinator.id, secondSienaCoordinator.id].sort());
      for (const coordinator of [staff.sienaCoordinator, secondSienaCoordinator]) {
        const [mail] = await apps.smtp.waitFor((m) => sentTo(coordinator.email)(m) && m.subject!.startsWith('Urgent'));
        expect(mail.text).toContain('http://coaching.test/staff/flags');
        expect(mail.text).not.toContain('not safe'); // the note stays in the app
      }
      expect(apps.smtp.received.filter(sentTo(staff.belgradeCoordinator.email))).toHaveLength(0);
      // Saving the same report again mails nobody twice.
      await report(coach, ids.april, { topics: ['employment'], progress: 'none', concern: 'urgent', concernNote: 'Still worried' }).expect(
        200,
      );
      await sleep(300);
      expect((await notificationRows(apps.api, ids.april)).filter((r) => r.kind === 'concern_alert')).toHaveLength(2);

      const attention = await apps.http().get('/v1/sessions/needs-attention').set(as(staff.sienaCoordinator)).expect(200);
      const items = attention.body.items as Array<{ id: string; concern?: string }>;
      expect(items.slice(0, 2).map((i) => [i.id, i.concern])).toEqual([
        [ids.april, 'urgent'],
        [ids.aprilFirst, 'concern'],
      ]);
      expect(items.slice(2).every((i) => i.concern === undefined)).toBe(true);
      expect(items.map((i) => i.id)).toEqual(expect.arrayContaining(ratedSessions)); // ended without an outcome
      const belgrade = await apps.http().get('/v1/sessions/needs-attention').set(as(staff.belgradeCoordinator)).expect(200);
      expect(belgrade.body.items).toEqual([]);
      const flags = await apps.http().get('/v1/flags').set(as(staff.sienaCoordinator)).expect(200);
      expect(flags.body.items.map((f: { sessionId: string; level: string }) => [f.sessionId, f.level])).toEqual([
        [ids.april, 'urgent'],
        [ids.aprilFirst, 'concern'],
      ]);
      expect((await apps.http().get('/v1/flags').set(as(staff.belgradeCoordinator)).expect(200)).body.items).toEqual([]);
    }, 30_000);

    it('is closed by a coordinator with a note, once, and the audit log records it', async () => {
      await apps.http().post(`/v1/flags/${ids.aprilFirst}/close`).set(as(staff.belgradeCoordinator)).send({ note: 'x' }).expect(404);
      await apps.http().post(`/v1/flags/${ids.aprilFirst}/close`).set(as(coach)).send({ note: 'x' }).expect(403);
      const empty = await apps
        .http()
        .post(`/v1/flags/${ids.aprilFirst}/close`)
        .set(as(staff.sienaCoordinator))
        .send({ note: ' ' })
        .expect(400);
      expect(empty.body.errors[0].field).toBe('note');
      const closed = await apps
        .http()
        .post(`/v1/flags/${ids.aprilFirst}/close`)
        .set(as(staff.sienaCoordinator))
        .send({ note: 'Housing office called; room kept' })
        .expect(200);
      expect(closed.body).toMatchObject({
        level: 'concern',
        closeNote: 'Housing office called; room kept',
        closedBy: staff.sienaCoordinator.id,
      });
      expect(
        (await apps.http().post(`/v1/flags/${ids.aprilFirst}/close`).set(as(staff.sienaCoordinator)).send({ note: 'again' }).expect(409))
          .body.code,
      ).toBe('flag_not_open');
      const audit = await apps.http().get('/v1/audit-log').query({ entityId: ids.aprilFirst }).set(as(staff.sienaCoordinator)).expect(200);
      const entry = audit.body.items.find((e: { action: string }) => e.action === 'flag.closed');
      expect(entry).toMatchObject({ actorId: staff.sienaCoordinator.id });
      expect(JSON.stringify(audit.body)).not.toContain('Housing office'); // levels, not the words
      const open = await apps.http().get('/v1/flags').set(as(staff.sienaCoordinator)).expect(200);
      expect(open.body.items.map((f: { sessionId: string }) => f.sessionId)).toEqual([ids.april]);
    });
  });

  describe('what each person sees of the answers', () => {
    it('shows a coach no average below five answers, the average from five, and never an answer or comment', async () => {
      for (const [i, id] of ratedSessions.slice(0, 4).entries()) await answer(id, { score: 2 + i, comment: `comment ${i}` });
      const four = await apps.http().get(`/v1/coaches/${otherCoach.id}/feedback-summary`).set(as(otherCoach)).expect(200);
      expect(four.body).toEqual({ coachId: otherCoach.id, answers: 4, average: null, minimumAnswers: 5 });
      await answer(ratedSessions[4], { score: 5, comment: 'secret' });
      const five = await apps.http().get(`/v1/coaches/${otherCoach.id}/feedback-summary`).set(as(otherCoach)).expect(200);
      expect(five.body).toEqual({ coachId: otherCoach.id, answers: 5, average: 3.8, minimumAnswers: 5 });
      for (const id of ratedSessions) await apps.http().get(`/v1/sessions/${id}/feedback`).set(as(otherCoach)).expect(403);
      await apps.http().get(`/v1/coaches/${coach.id}/feedback-summary`).set(as(otherCoach)).expect(403);
      const staffView = await apps.http().get(`/v1/sessions/${ratedSessions[4]}/feedback`).set(as(staff.sienaCoordinator)).expect(200);
      expect(staffView.body).toMatchObject({ score: 5, comment: 'secret' });
      await apps.http().get(`/v1/sessions/${ratedSessions[4]}/feedback`).set(as(staff.belgradeCoordinator)).expect(404);
      await apps.http().get(`/v1/sessions/${ratedSessions[4]}/feedback`).set(as(staff.admin)).expect(200);
      await apps.http().get(`/v1/coaches/${otherCoach.id}/feedback-summary`).set(as(staff.belgradeCoordinator)).expect(403);
      await apps.http().get(`/v1/coaches/${otherCoach.id}/feedback-summary`).set(as(rated)).expect(403);
    });
  });

  describe('the feedback figures', () => {
    let before: Record<string, unknown>;

    it('equal the hand counts, with months of the academy’s zone', async () => {
      await answer(ids.march, { score: 5, happened: 'coach_absent' });
      await answer(ids.aprilFirst, { score: 3, happened: 'yes', comment: 'Helpful' });
      for (const id of [ids.march, ids.aprilFirst])
        await postSessionAction(apps.http, coach, id, 'attendance', { outcome: 'completed' }).expect(200);
      await postSessionAction(apps.http, coach, ids.april, 'attendance', { outcome: 'newcomer_no_show' }).expect(200);

      const response = await figures(staff.sienaCoordinator).expect(200);
      before = response.body;
      const f = (requested: number, answered: number, answerRate: number | null, average: number | null, distribution: number[]) => ({
        requested,
        answered,
        answerRate,
        average,
        distribution,
      });
      expect(response.body).toEqual({
        academyId: staff.siena,
        timeZone: 'Europe/Rome',
        from: '2031-03-01',
        to: '2031-04-30',
        totals: f(3, 2, 0.667, 4, [0, 0, 1, 0, 1]),
        byMonth: [
          { month: '2031-03', ...f(1, 1, 1, 5, [0, 0, 0, 0, 1]) },
          { month: '2031-04', ...f(2, 1, 0.5, 3, [0, 0, 1, 0, 0]) },
        ],
        byTopic: [
          { topic: 'employment', ...f(2, 1, 0.5, 5, [0, 0, 0, 0, 1]) },
          { topic: 'housing', ...f(1, 1, 1, 3, [0, 0, 1, 0, 0]) },
        ],
        happened: [
          { happened: 'coach_absent', status: 'completed', sessions: 1 },
          { happened: 'yes', status: 'completed', sessions: 1 },
        ],
        progress: { none: 1, some: 1, good: 1 },
        flags: { raised: { concern: 1, urgent: 1 }, closed: { concern: 1, urgent: 0 } },
        newcomers: { served: 1, returning: 1 },
      });
      await figures(staff.belgradeCoordinator).query({ academyId: staff.siena }).expect(403);
      await figures(staff.admin).query({ academyId: staff.siena }).expect(200);
      await figures(coach).expect(403);
    });

    it('gives the same figures as CSV', async () => {
      const csv = await figures(staff.sienaCoordinator, '/v1/reports/feedback.csv').expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const [header, ...lines] = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(header).toBe('section,key,requested,answered,answer_rate,average,score_1,score_2,score_3,score_4,score_5,count');
      const rows = lines.map((l) => l.split(','));
      const num = (v: string) => (v === '' ? null : Number(v));
      const figureOf = (r: string[]) => ({
        requested: num(r[2]),
        answered: num(r[3]),
        answerRate: num(r[4]),
        average: num(r[5]),
        distribution: r.slice(6, 11).map(Number),
      });
      const json = before as {
        totals: unknown;
        byMonth: Array<{ month: string }>;
        byTopic: Array<{ topic: string }>;
        happened: Array<{ happened: string; status: string; sessions: number }>;
        progress: Record<string, number>;
        flags: Record<string, Record<string, number>>;
        newcomers: Record<string, number>;
      };
      expect(figureOf(rows.find((r) => r[0] === 'total')!)).toEqual(json.totals);
      expect(rows.filter((r) => r[0] === 'month').map((r) => ({ month: r[1], ...figureOf(r) }))).toEqual(json.byMonth);
      expect(rows.filter((r) => r[0] === 'topic').map((r) => ({ topic: r[1], ...figureOf(r) }))).toEqual(json.byTopic);
      const counts = (section: string) => Object.fromEntries(rows.filter((r) => r[0] === section).map((r) => [r[1], Number(r[11])]));
      expect(counts('happened')).toEqual(Object.fromEntries(json.happened.map((h) => [`${h.happened}:${h.status}`, h.sessions])));
      expect(counts('progress')).toEqual(json.progress);
      expect(counts('flags')).toEqual({
        'raised:concern': json.flags.raised.concern,
        'raised:urgent': json.flags.raised.urgent,
        'closed:concern': json.flags.closed.concern,
        'closed:urgent': json.flags.closed.urgent,
      });
      expect(counts('newcomers')).toEqual(json.newcomers);
    });

    it('puts comments and notes in their writers’ exports; erasure removes them and leaves the figures unchanged', async () => {
      const exported = await apps.http().get('/v1/me/export').set(as(amina)).expect(200);
      expect(exported.body.feedbackSent.map((f: { comment: string | null }) => f.comment)).toContain('Helpful');
      const coachExport = await apps.http().get('/v1/me/export').set(as(coach)).expect(200);
      expect(coachExport.body.coachReports.map((r: { concernNote: string | null }) => r.concernNote)).toContain('Amina may lose her room');
      const coordinatorExport = await apps.http().get('/v1/me/export').set(as(staff.sienaCoordinator)).expect(200);
      expect(coordinatorExport.body.flagsClosed[0]).toMatchObject({ closeNote: 'Housing office called; room kept' });

      await apps.http().post(`/v1/users/${amina.id}/erase`).set(as(staff.sienaCoordinator)).expect(200);
      const db = apps.api.get(DataSource);
      const [feedback] = await db.query('SELECT score, happened, comment FROM session_feedback WHERE session_id = $1', [ids.aprilFirst]);
      expect(feedback).toEqual({ score: 3, happened: 'yes', comment: null });
      const [note] = await db.query('SELECT progress, concern, concern_note, next_step FROM coach_report WHERE session_id = $1', [
        ids.march,
      ]);
      expect(note).toEqual({ progress: 'good', concern: 'none', concern_note: null, next_step: null });
      const [flag] = await db.query('SELECT concern, concern_note FROM coach_report WHERE session_id = $1', [ids.aprilFirst]);
      expect(flag).toEqual({ concern: 'concern', concern_note: null });
      expect((await figures(staff.sienaCoordinator).expect(200)).body).toEqual(before);
      await apps
        .http()
        .post('/v1/feedback')
        .send({ token: tokens.get(ids.march), score: 1 })
        .expect(400); // an erased person's link works no more
    });
  });
});
