import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { MatchCandidatesRepository, academyScope } from '../libs/persistence/src';
import {
  type AcademyStaff,
  createAcademyStaff,
  newcomerBody,
  PASSWORD,
  registerNewcomer,
  type TestAccount,
  uniqueEmail,
} from './support/accounts';
import { createAccounts, createCoach, weekdays } from './support/coaches';
import { as, bookSession, postBooking } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

const NOW = new Date('2026-06-01T06:00:00Z'); // a Monday

/**
 * What one role or academy must not learn about another: the other academy's
 * coaches (anyAcademy), a coach's gender, and whether an id of the other
 * academy exists (one rule, 403, for filters and bodies alike); and language
 * codes that are not ISO 639-1 are refused wherever they are given.
 */
describe('privacy between roles and academies', () => {
  let apps: TestApps;
  let db: DataSource;
  let staff: AcademyStaff;
  let newcomer: TestAccount;
  let sienaCoach: TestAccount;
  let belgradeCoach: TestAccount;
  let sessionId: string;
  const matchBody = { languages: ['ur'], topics: ['employment'], timeZone: 'Europe/Rome', from: '2026-06-02', to: '2026-06-05' };

  type Refusal = { status: number; body: { code: string; errors?: Array<{ field: string }> } };
  const expectRefused = (response: Refusal, status: number, code: string, field: string) => {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.body.errors?.map((e) => e.field)).toContain(field);
  };
  /** Refused as another academy's: 403 academy_forbidden, naming `field`. */
  const forbidden = async (request: PromiseLike<Refusal>, field: string) => expectRefused(await request, 403, 'academy_forbidden', field);
  /** Refused as malformed: 400 validation_failed, naming `field`. */
  const invalid = async (request: PromiseLike<Refusal>, field: string) => expectRefused(await request, 400, 'validation_failed', field);
  const match = (who: TestAccount, fields: Record<string, unknown> = {}) =>
    apps
      .http()
      .post('/v1/matches')
      .set(as(who))
      .send({ ...matchBody, ...fields });

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock: new FixedClock(NOW), privateDatabase: 'academy-privacy' });
    db = apps.api.get(DataSource);
    staff = await createAcademyStaff(apps);
    const profile = { profile: { gender: 'female' } };
    sienaCoach = await createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
      timeZone: 'Europe/Rome',
      weekly: weekdays('09:00', '17:00'),
      languages: ['ur', 'en'],
      ...profile,
    });
    belgradeCoach = await createCoach(apps.api, apps.http, staff.belgradeCoordinator, staff.belgrade, {
      timeZone: 'Europe/Belgrade',
      weekly: weekdays('09:00', '17:00'),
      languages: ['ur', 'sr'],
    });
    newcomer = await registerNewcomer(apps.http, staff.siena, { languages: ['ur'] });
    sessionId = await bookSession(apps.http, newcomer, {
      coachId: sienaCoach.id,
      start: '2026-06-02T08:00:00Z',
      durationMinutes: 30,
      language: 'ur',
    });
  });
  afterAll(() => apps.close());

  describe('anyAcademy', () => {
    it('is refused to newcomers: they see only their own academy’s coaches', async () => {
      const response = await match(newcomer, { anyAcademy: true });
      expectRefused(response, 403, 'academy_forbidden', 'anyAcademy');
      const own = await match(newcomer).expect(200);
      expect(own.body.candidates.map((c: { coachId: string }) => c.coachId)).toEqual([sienaCoach.id]);
    });

    it('lets admins see both academies', async () => {
      const response = await match(staff.admin, { anyAcademy: true }).expect(200);
      expect(response.body.candidates.map((c: { coachId: string }) => c.coachId).sort()).toEqual([sienaCoach.id, belgradeCoach.id].sort());
    });
  });

  describe('coachGender', () => {
    it('filters only when asked, and no answer to a newcomer carries a coach’s gender', async () => {
      const asked = await match(newcomer, { coachGender: 'female' }).expect(200);
      expect(asked.body.candidates.map((c: { coachId: string }) => c.coachId)).toEqual([sienaCoach.id]);
      const none = await match(newcomer, { coachGender: 'male' }).expect(200);
      expect(none.body.candidates).toEqual([]);
      const answers = [
        asked,
        none,
        await match(newcomer).expect(200),
        await apps.http().get(`/v1/coaches/${sienaCoach.id}`).set(as(newcomer)).expect(200),
        await apps.http().get('/v1/coaches').set(as(newcomer)).expect(200),
        await apps.http().get(`/v1/sessions/${sessionId}`).set(as(newcomer)).expect(200),
      ];
      // Neither a gender field nor any gender value: the reason when none matches names the request, not a coach.
      for (const answer of answers) expect(answer.text).not.toMatch(/"gender"|female|"male"|non_binary/);
    });

    it('is applied in the query: matching never loads a coach’s gender into the API', async () => {
      const search = { languages: ['ur'], newcomerId: newcomer.id, loadFrom: new Date('2026-05-01T00:00:00Z'), limit: 100 };
      const rows = await apps.api
        .get(MatchCandidatesRepository)
        .matchCandidates(academyScope(staff.siena), { ...search, gender: 'female' });
      expect(rows.map((r) => r.coachId)).toEqual([sienaCoach.id]);
      for (const row of rows) expect(Object.keys(row)).not.toContain('gender');
      const male = await apps.api.get(MatchCandidatesRepository).matchCandidates(academyScope(staff.siena), { ...search, gender: 'male' });
      expect(male).toEqual([]);
    });
  });

  describe('another academy’s id is refused with 403, in filters and bodies alike', () => {
    it('in filters: coachId, entityId and actorId', async () => {
      await forbidden(apps.http().get(`/v1/sessions?coachId=${sienaCoach.id}`).set(as(staff.belgradeCoordinator)), 'coachId');
      await forbidden(
        apps
          .http()
          .get(`/v1/slots?from=2026-06-02&to=2026-06-02&timeZone=Europe/Rome&coachId=${sienaCoach.id}`)
          .set(as(staff.belgradeCoordinator)),
        'coachId',
      );
      await forbidden(apps.http().get(`/v1/audit-log?entityId=${sessionId}`).set(as(staff.belgradeCoordinator)), 'entityId');
      await forbidden(apps.http().get(`/v1/audit-log?entityId=${sienaCoach.id}`).set(as(staff.belgradeCoordinator)), 'entityId');
      await forbidden(apps.http().get(`/v1/audit-log?actorId=${newcomer.id}`).set(as(staff.belgradeCoordinator)), 'actorId');
      await forbidden(apps.http().get(`/v1/sessions?coachId=${belgradeCoach.id}`).set(as(newcomer)), 'coachId');
    });

    it('in filters, an id of no record is simply not found: an empty list', async () => {
      const unknown = randomUUID();
      expect((await apps.http().get(`/v1/sessions?coachId=${unknown}`).set(as(staff.belgradeCoordinator)).expect(200)).body.items).toEqual(
        [],
      );
      expect(
        (await apps.http().get(`/v1/audit-log?entityId=${unknown}`).set(as(staff.belgradeCoordinator)).expect(200)).body.items,
      ).toEqual([]);
      // The own academy's records are found as before.
      const own = await apps.http().get(`/v1/sessions?coachId=${sienaCoach.id}`).set(as(staff.sienaCoordinator)).expect(200);
      expect(own.body.items.map((s: { id: string }) => s.id)).toEqual([sessionId]);
      const audited = await apps.http().get(`/v1/audit-log?entityId=${sessionId}`).set(as(staff.sienaCoordinator)).expect(200);
      expect(audited.body.items.length).toBeGreaterThan(0);
    });

    it('in bodies: a Belgrade coordinator naming a Siena newcomer or coach, a newcomer naming a Belgrade coach', async () => {
      const before = await db.query(`SELECT count(*)::int AS n FROM coaching_session`);
      const onBehalf = {
        coachId: belgradeCoach.id,
        start: '2026-06-03T08:00:00Z',
        durationMinutes: 30,
        topic: 'employment',
        language: 'ur',
        newcomerId: newcomer.id,
        newcomerConsent: true,
      };
      await forbidden(postBooking(apps.http, staff.belgradeCoordinator, onBehalf), 'newcomerId');
      await forbidden(match(staff.belgradeCoordinator, { newcomerId: newcomer.id }), 'newcomerId');
      const [coachAccount] = await createAccounts(apps.api, 'coach', staff.siena, 1);
      await forbidden(apps.http().post('/v1/coaches').set(as(staff.belgradeCoordinator)).send({ userId: coachAccount.id }), 'userId');
      const own = { coachId: belgradeCoach.id, start: '2026-06-03T08:00:00Z', durationMinutes: 30, topic: 'employment', language: 'ur' };
      await forbidden(postBooking(apps.http, newcomer, own), 'coachId');
      expect(await db.query(`SELECT count(*)::int AS n FROM coaching_session`)).toEqual(before);
    });

    it('in bodies, an id of no record stays what it was: not a newcomer', async () => {
      const body = { coachId: belgradeCoach.id, start: '2026-06-03T08:00:00Z', durationMinutes: 30, topic: 'employment', language: 'ur' };
      const response = await postBooking(apps.http, staff.belgradeCoordinator, {
        ...body,
        newcomerId: randomUUID(),
        newcomerConsent: true,
      });
      expectRefused(response, 422, 'not_a_newcomer', 'newcomerId');
    });
  });

  describe('language codes are ISO 639-1', () => {
    it('refuses qz and xx at registration, for staff accounts, in matching, in booking and in the coach filter', async () => {
      await invalid(
        apps
          .http()
          .post('/v1/auth/register')
          .send(newcomerBody(staff.siena, { email: uniqueEmail('lang'), languages: ['ur', 'qz'] })),
        'languages',
      );
      await invalid(
        apps
          .http()
          .post('/v1/users')
          .set(as(staff.sienaCoordinator))
          .send({
            email: uniqueEmail('lang'),
            password: PASSWORD,
            displayName: 'Luca',
            locale: 'it',
            timeZone: 'Europe/Rome',
            languages: ['xx'],
            role: 'coach',
          }),
        'languages',
      );
      await invalid(match(newcomer, { languages: ['qz'] }), 'languages');
      await invalid(
        postBooking(apps.http, newcomer, {
          coachId: sienaCoach.id,
          start: '2026-06-03T08:00:00Z',
          durationMinutes: 30,
          topic: 'employment',
          language: 'xx',
        }),
        'language',
      );
      await invalid(apps.http().get('/v1/coaches?language=qz').set(as(newcomer)), 'language');
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM app_user WHERE email LIKE 'lang-%'`);
      expect(n).toBe(0);
    });

    it('accepts the real codes the academies use', async () => {
      await apps
        .http()
        .post('/v1/auth/register')
        .send(newcomerBody(staff.siena, { email: uniqueEmail('real'), languages: ['ur', 'ar', 'fa', 'uk', 'sr', 'it', 'en'] }))
        .expect(202);
    });
  });
});
