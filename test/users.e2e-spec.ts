import { DataSource } from 'typeorm';
import {
  type AcademyStaff,
  createAcademyStaff,
  createStaff,
  newcomerBody,
  registerNewcomer,
  type TestAccount,
  uniqueEmail,
} from './support/accounts';
import { as } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

function staffBody(role: 'coach' | 'coordinator', extra: Record<string, unknown> = {}): Record<string, unknown> {
  const {
    academyId: _unused,
    password: _none,
    ...body
  } = newcomerBody('unused', { email: uniqueEmail(role), locale: 'en', timeZone: 'America/Toronto', languages: ['en', 'ur'] });
  return { ...body, role, ...extra };
}

describe('accounts created by coordinators and admins, scoped by academy', () => {
  let apps: TestApps;
  let staff: AcademyStaff;
  let newcomer: TestAccount;
  let belgradeNewcomer: TestAccount;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false });
    staff = await createAcademyStaff(apps);
    newcomer = await registerNewcomer(apps.http, staff.siena);
    belgradeNewcomer = await registerNewcomer(apps.http, staff.belgrade);
  });
  afterAll(() => apps.close());

  it('a coordinator creates a coach in their own academy, and the creation is audited', async () => {
    const response = await apps.http().post('/v1/users').set(as(staff.sienaCoordinator)).send(staffBody('coach')).expect(201);
    expect(response.body).toMatchObject({ role: 'coach', academyId: staff.siena, timeZone: 'America/Toronto' });

    const [entry] = await apps.api
      .get(DataSource)
      .query('SELECT actor_id, academy_id, action, changes FROM audit_log WHERE entity_id = $1', [response.body.id]);
    expect(entry).toMatchObject({ actor_id: staff.sienaCoordinator.id, academy_id: staff.siena, action: 'account.created' });
    expect(JSON.stringify(entry.changes)).not.toMatch(/password|@/);

    // Nobody but the invitee will know the password: until they accept the invitation there is none.
    const [{ password_hash }] = await apps.api
      .get(DataSource)
      .query('SELECT password_hash FROM app_user WHERE id = $1', [response.body.id]);
    expect(password_hash).toBeNull();
    await apps.http().post('/v1/auth/login').send({ email: response.body.email, password: 'correct horse battery' }).expect(401);
  });

  it('refuses a password in the request, naming the field, and writes nothing', async () => {
    const body: Record<string, unknown> = { ...staffBody('coach'), password: 'correct horse battery' };
    const response = await apps.http().post('/v1/users').set(as(staff.sienaCoordinator)).send(body).expect(400);
    expect(response.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'password' }] });
    const [{ count }] = await apps.api.get(DataSource).query('SELECT count(*)::int AS count FROM app_user WHERE email = $1', [body.email]);
    expect(count).toBe(0);
  });

  it('a coordinator creates another coordinator in their own academy', async () => {
    const response = await apps
      .http()
      .post('/v1/users')
      .set(as(staff.sienaCoordinator))
      .send(staffBody('coordinator', { academyId: staff.siena }))
      .expect(201);
    expect(response.body).toMatchObject({ role: 'coordinator', academyId: staff.siena });
  });

  it('a Siena coordinator cannot create a Belgrade account', async () => {
    const response = await apps
      .http()
      .post('/v1/users')
      .set(as(staff.sienaCoordinator))
      .send(staffBody('coach', { academyId: staff.belgrade }))
      .expect(403);
    expect(response.body).toMatchObject({ code: 'academy_forbidden', errors: [{ field: 'academyId' }] });
  });

  it('a Siena coordinator lists only Siena accounts, and cannot ask for Belgrade', async () => {
    const list = await apps.http().get('/v1/users?limit=100').set(as(staff.sienaCoordinator)).expect(200);
    expect(list.body.total).toBeGreaterThan(0);
    expect(list.body.items.every((u: { academyId: string }) => u.academyId === staff.siena)).toBe(true);
    expect(list.body.items.map((u: { id: string }) => u.id)).not.toContain(belgradeNewcomer.id);

    const belgradeList = await apps.http().get(`/v1/users?academyId=${staff.belgrade}`).set(as(staff.sienaCoordinator)).expect(403);
    expect(belgradeList.body.code).toBe('academy_forbidden');
  });

  it('a Siena coordinator cannot read a Belgrade account (404, no data)', async () => {
    const response = await apps.http().get(`/v1/users/${belgradeNewcomer.id}`).set(as(staff.sienaCoordinator)).expect(404);
    expect(response.body.code).toBe('not_found');
    expect(JSON.stringify(response.body)).not.toContain(belgradeNewcomer.email);
    await apps.http().get(`/v1/users/${belgradeNewcomer.id}`).set(as(staff.belgradeCoordinator)).expect(200);
    await apps.http().get(`/v1/users/${newcomer.id}`).set(as(staff.sienaCoordinator)).expect(200);
  });

  it('filters the list by role and paginates', async () => {
    const page = await apps.http().get('/v1/users?role=newcomer&limit=1&offset=0').set(as(staff.sienaCoordinator)).expect(200);
    expect(page.body).toMatchObject({ limit: 1, offset: 0 });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0].role).toBe('newcomer');
    expect(page.body.total).toBeGreaterThanOrEqual(1);
  });

  it('an admin creates accounts in any academy, and must say which', async () => {
    const created = await apps
      .http()
      .post('/v1/users')
      .set(as(staff.admin))
      .send(staffBody('coordinator', { academyId: staff.belgrade }))
      .expect(201);
    expect(created.body.academyId).toBe(staff.belgrade);
    const missing = await apps.http().post('/v1/users').set(as(staff.admin)).send(staffBody('coach')).expect(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'academyId' })]);
    for (const academyId of [staff.siena, staff.belgrade]) {
      const page = await apps.http().get(`/v1/users?academyId=${academyId}&limit=100`).set(as(staff.admin)).expect(200);
      expect(page.body.total).toBeGreaterThan(0);
      expect(page.body.items.every((u: { academyId: string }) => u.academyId === academyId)).toBe(true);
    }
  });

  it.each(['newcomer', 'coach'] as const)('a %s cannot create, list or read accounts', async (role) => {
    const actor = role === 'newcomer' ? newcomer : await createStaff(apps.api, apps.http, 'coach', staff.siena);
    const created = await apps.http().post('/v1/users').set(as(actor)).send(staffBody('coach')).expect(403);
    expect(created.body.code).toBe('forbidden');
    await apps.http().get('/v1/users').set(as(actor)).expect(403);
    await apps.http().get(`/v1/users/${staff.sienaCoordinator.id}`).set(as(actor)).expect(403);
  });

  it('nobody can create an admin through the API', async () => {
    const response = await apps
      .http()
      .post('/v1/users')
      .set(as(staff.admin))
      .send(staffBody('coach', { role: 'admin', academyId: staff.siena }))
      .expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);
  });

  it('anonymous callers get 401', async () => {
    await apps.http().post('/v1/users').send(staffBody('coach')).expect(401);
    await apps.http().get('/v1/users').expect(401);
  });
});
