import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { MatchCandidatesRepository, academyScope } from '../libs/persistence/src';
import { academyIds, createStaff, newcomerBody, PASSWORD, registerNewcomer, type TestAccount, uniqueEmail } from './support/accounts';
import { createAccounts, createCoach, weekdays } from './support/coaches';
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
  let siena: string;
  let belgrade: string;
  let sienaCoordinator: TestAccount;
  let belgradeCoordinator: TestAccount;
  let admin: TestAccount;
  let newcomer: TestAccount;
  let sienaCoach: TestAccount;
  let belgradeCoach: TestAccount;
  let sessionId: string;
  const as = (account: TestAccount) => ({ Authorization: `Bearer ${account.token}` });
  const matchBody = { languages: ['ur'], topics: ['employment'], timeZone: 'Europe/Rome', from: '2026-06-02', to: '2026-06-05' };

  const expectRefused = (
    response: { status: number; body: { code: string; errors?: Array<{ field: string }> } },
    status: number,
    code: string,
    field: string,
  ) => {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.body.errors?.map((e) => e.field)).toContain(field);
  };

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock: new FixedClock(NOW), privateDatabase: 'academy-privacy' });
    db = apps.api.get(DataSource);
    ({ siena, belgrade } = await academyIds(apps.http));
    sienaCoordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    belgradeCoordinator = await createStaff(apps.api, apps.http, 'coordinator', belgrade);
    admin = await createStaff(apps.api, apps.http, 'admin', null);
    const profile = { profile: { gender: 'female' } };
    sienaCoach = await createCoach(apps.api, apps.http, sienaCoordinator, siena, {
      timeZone: 'Europe/Rome',
      weekly: weekdays('09:00', '17:00'),
      languages: ['ur', 'en'],
      ...profile,
    });
    belgradeCoach = await createCoach(apps.api, apps.http, belgradeCoordinator, belgrade, {
      timeZone: 'Europe/Belgrade',
      weekly: weekdays('09:00', '17:00'),
      languages: ['ur', 'sr'],
    });
    newcomer = await registerNewcomer(apps.http, siena, { languages: ['ur'] });
    const booked = await apps
      .http()
      .post('/v1/sessions')
      .set(as(newcomer))
      .send({ coachId: sienaCoach.id, start: '2026-06-02T08:00:00Z', durationMinutes: 30, topic: 'employment', language: 'ur' })
      .expect(201);
    sessionId = booked.body.id;
  });
  afterAll(() => apps.close());

  describe('anyAcademy', () => {
    it('is refused to newcomers: they see only their own academy’s coaches', async () => {
      const response = await apps
        .http()
        .post('/v1/matches')
        .set(as(newcomer))
        .send({ ...matchBody, anyAcademy: true });
      expectRefused(response, 403, 'academy_forbidden', 'anyAcademy');
      const own = await apps.http().post('/v1/matches').set(as(newcomer)).send(matchBody).expect(200);
      expect(own.body.candidates.map((c: { coachId: string }) => c.coachId)).toEqual([sienaCoach.id]);
    });

    it('lets admins see both academies', async () => {
      const response = await apps
        .http()
        .post('/v1/matches')
        .set(as(admin))
        .send({ ...matchBody, anyAcademy: true })
        .expect(200);
      expect(response.body.candidates.map((c: { coachId: string }) => c.coachId).sort()).toEqual([sienaCoach.id, belgradeCoach.id].sort());
    });
  });

  describe('coachGender', () => {
    it('filters only when asked, and no answer to a newcomer carries a coach’s gender', async () => {
      const asked = await apps
        .http()
        .post('/v1/matches')
        .set(as(newcomer))
        .send({ ...matchBody, coachGender: 'female' })
        .expect(200);
      expect(asked.body.candidates.map((c: { coachId: string }) => c.coachId)).toEqual([sienaCoach.id]);
      const none = await apps
        .http()
        .post('/v1/matches')
        .set(as(newcomer))
        .send({ ...matchBody, coachGender: 'male' })
        .expect(200);
      expect(none.body.candidates).toEqual([]);
      const answers = [
        asked,
        none,
        await apps.http().post('/v1/matches').set(as(newcomer)).send(matchBody).expect(200),
        await apps.http().get(`/v1/coaches/${sienaCoach.id}`).set(as(newcomer)).expect(200),
        await apps.http().get('/v1/coaches').set(as(newcomer)).expect(200),
        await apps.http().get(`/v1/sessions/${sessionId}`).set(as(newcomer)).expect(200),
      ];
      // Neither a gender field nor any gender value: the reason when none matches names the request, not a coach.
      for (const answer of answers) expect(answer.text).not.toMatch(/"gender"|female|"male"|non_binary/);
    });

    it('is applied in the query: matching never loads a coach’s gender into the API', async () => {
      const search = { languages: ['ur'], newcomerId: newcomer.id, loadFrom: new Date('2026-05-01T00:00:00Z'), limit: 100 };
      const rows = await apps.api.get(MatchCandidatesRepository).matchCandidates(academyScope(siena), { ...search, gender: 'female' });
      expect(rows.map((r) => r.coachId)).toEqual([sienaCoach.id]);
      for (const row of rows) expect(Object.keys(row)).not.toContain('gender');
      const male = await apps.api.get(MatchCandidatesRepository).matchCandidates(academyScope(siena), { ...search, gender: 'male' });
      expect(male).toEqual([]);
    });
  });

  describe('another academy’s id is refused with 403, in filters and bodies alike', () => {
    it('in filters: coachId, entityId and actorId', async () => {
      expectRefused(
        await apps.http().get(`/v1/sessions?coachId=${sienaCoach.id}`).set(as(belgradeCoordinator)),
        403,
        'academy_forbidden',
        'coachId',
      );
      expectRefused(
        await apps
          .http()
          .get(`/v1/slots?from=2026-06-02&to=2026-06-02&timeZone=Europe/Rome&coachId=${sienaCoach.id}`)
          .set(as(belgradeCoordinator)),
        403,
        'academy_forbidden',
        'coachId',
      );
      expectRefused(
        await apps.http().get(`/v1/audit-log?entityId=${sessionId}`).set(as(belgradeCoordinator)),
        403,
        'academy_forbidden',
        'entityId',
      );
      expectRefused(
        await apps.http().get(`/v1/audit-log?entityId=${sienaCoach.id}`).set(as(belgradeCoordinator)),
        403,
        'academy_forbidden',
        'entityId',
      );
      expectRefused(
        await apps.http().get(`/v1/audit-log?actorId=${newcomer.id}`).set(as(belgradeCoordinator)),
        403,
        'academy_forbidden',
        'actorId',
      );
      expectRefused(
        await apps.http().get(`/v1/sessions?coachId=${belgradeCoach.id}`).set(as(newcomer)),
        403,
        'academy_forbidden',
        'coachId',
      );
    });

    it('in filters, an id of no record is simply not found: an empty list', async () => {
      const unknown = randomUUID();
      expect((await apps.http().get(`/v1/sessions?coachId=${unknown}`).set(as(belgradeCoordinator)).expect(200)).body.items).toEqual([]);
      expect((await apps.http().get(`/v1/audit-log?entityId=${unknown}`).set(as(belgradeCoordinator)).expect(200)).body.items).toEqual([]);
      // The own academy's records are found as before.
      const own = await apps.http().get(`/v1/sessions?coachId=${sienaCoach.id}`).set(as(sienaCoordinator)).expect(200);
      expect(own.body.items.map((s: { id: string }) => s.id)).toEqual([sessionId]);
      const audited = await apps.http().get(`/v1/audit-log?entityId=${sessionId}`).set(as(sienaCoordinator)).expect(200);
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
      expectRefused(
        await apps.http().post('/v1/sessions').set(as(belgradeCoordinator)).send(onBehalf),
        403,
        'academy_forbidden',
        'newcomerId',
      );
      expectRefused(
        await apps
          .http()
          .post('/v1/matches')
          .set(as(belgradeCoordinator))
          .send({ ...matchBody, newcomerId: newcomer.id }),
        403,
        'academy_forbidden',
        'newcomerId',
      );
      const [coachAccount] = await createAccounts(apps.api, 'coach', siena, 1);
      expectRefused(
        await apps.http().post('/v1/coaches').set(as(belgradeCoordinator)).send({ userId: coachAccount.id }),
        403,
        'academy_forbidden',
        'userId',
      );
      const own = { coachId: belgradeCoach.id, start: '2026-06-03T08:00:00Z', durationMinutes: 30, topic: 'employment', language: 'ur' };
      expectRefused(await apps.http().post('/v1/sessions').set(as(newcomer)).send(own), 403, 'academy_forbidden', 'coachId');
      expect(await db.query(`SELECT count(*)::int AS n FROM coaching_session`)).toEqual(before);
    });

    it('in bodies, an id of no record stays what it was: not a newcomer', async () => {
      const body = { coachId: belgradeCoach.id, start: '2026-06-03T08:00:00Z', durationMinutes: 30, topic: 'employment', language: 'ur' };
      const response = await apps
        .http()
        .post('/v1/sessions')
        .set(as(belgradeCoordinator))
        .send({ ...body, newcomerId: randomUUID(), newcomerConsent: true });
      expectRefused(response, 422, 'not_a_newcomer', 'newcomerId');
    });
  });

  describe('language codes are ISO 639-1', () => {
    it('refuses qz and xx at registration, for staff accounts, in matching, in booking and in the coach filter', async () => {
      expectRefused(
        await apps
          .http()
          .post('/v1/auth/register')
          .send(newcomerBody(siena, { email: uniqueEmail('lang'), languages: ['ur', 'qz'] })),
        400,
        'validation_failed',
        'languages',
      );
      expectRefused(
        await apps
          .http()
          .post('/v1/users')
          .set(as(sienaCoordinator))
          .send({
            email: uniqueEmail('lang'),
            password: PASSWORD,
            displayName: 'Luca',
            locale: 'it',
            timeZone: 'Europe/Rome',
            languages: ['xx'],
            role: 'coach',
          }),
        400,
        'validation_failed',
        'languages',
      );
      expectRefused(
        await apps
          .http()
          .post('/v1/matches')
          .set(as(newcomer))
          .send({ ...matchBody, languages: ['qz'] }),
        400,
        'validation_failed',
        'languages',
      );
      expectRefused(
        await apps
          .http()
          .post('/v1/sessions')
          .set(as(newcomer))
          .send({ coachId: sienaCoach.id, start: '2026-06-03T08:00:00Z', durationMinutes: 30, topic: 'employment', language: 'xx' }),
        400,
        'validation_failed',
        'language',
      );
      expectRefused(await apps.http().get('/v1/coaches?language=qz').set(as(newcomer)), 400, 'validation_failed', 'language');
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM app_user WHERE email LIKE 'lang-%'`);
      expect(n).toBe(0);
    });

    it('accepts the real codes the academies use', async () => {
      await apps
        .http()
        .post('/v1/auth/register')
        .send(newcomerBody(siena, { email: uniqueEmail('real'), languages: ['ur', 'ar', 'fa', 'uk', 'sr', 'it', 'en'] }))
        .expect(202);
    });
  });
});
