import { randomBytes } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import type request from 'supertest';
import { PasswordHasher } from '@app/security';
import { type Role, UsersRepository } from '../../libs/persistence/src';
import { TEST_DATABASE_OF } from './test-apps';

type Http = () => ReturnType<typeof request>;

export const PASSWORD = 'correct horse battery';

export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.org`;
}

export async function academyIds(http: Http): Promise<{ siena: string; belgrade: string }> {
  const response = await http().get('/v1/academies').expect(200);
  const bySlug = Object.fromEntries((response.body as Array<{ slug: string; id: string }>).map((a) => [a.slug, a.id]));
  return { siena: bySlug.siena, belgrade: bySlug.belgrade };
}

export function newcomerBody(academyId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    email: uniqueEmail('newcomer'),
    password: PASSWORD,
    displayName: 'Amina',
    locale: 'it',
    timeZone: 'Europe/Rome',
    languages: ['ur', 'it'],
    academyId,
    ...overrides,
  };
}

export async function login(http: Http, email: string, password = PASSWORD): Promise<string> {
  const response = await http().post('/v1/auth/login').send({ email, password }).expect(200);
  return response.body.accessToken as string;
}

export interface TestAccount {
  id: string;
  email: string;
  token: string;
}

/**
 * Registers through the API, then marks the address verified directly in the
 * database (a test-only shortcut: the verification link itself is under test
 * in accounts.e2e-spec.ts), so the newcomer may book at once.
 */
export async function registerNewcomer(http: Http, academyId: string, overrides: Record<string, unknown> = {}): Promise<TestAccount> {
  const body = newcomerBody(academyId, overrides);
  await http().post('/v1/auth/register').send(body).expect(202);
  await markVerifiedForTest(http, body.email as string);
  const signedIn = await http().post('/v1/auth/login').send({ email: body.email, password: body.password }).expect(200);
  return { id: signedIn.body.user.id, email: body.email as string, token: signedIn.body.accessToken };
}

/** Test-only: what opening the verification link does, without the mail. */
export async function markVerifiedForTest(http: Http, email: string): Promise<void> {
  const dataSource = TEST_DATABASE_OF.get(http);
  if (!dataSource) throw new Error('registerNewcomer needs the http function of startTestApps');
  await dataSource.query('UPDATE app_user SET email_verified_at = now() WHERE lower(email) = lower($1)', [email]);
}

/**
 * Staff accounts straight through the repository with a known password, as
 * `npm run admin:create` does for the first admin: a test-only path. Through
 * the API staff are invited and choose their own password (accounts.e2e-spec.ts).
 */
export async function createStaff(app: INestApplication, http: Http, role: Role, academyId: string | null): Promise<TestAccount> {
  const email = uniqueEmail(role);
  const user = await app.get(UsersRepository).create(
    {
      email,
      passwordHash: await new PasswordHasher('test').hash(PASSWORD),
      role,
      academyId,
      displayName: `Test ${role}`,
      locale: 'en',
      timeZone: 'Europe/Rome',
      languages: ['en'],
      emailVerifiedAt: new Date(),
    },
    { actorId: null, action: 'account.test-fixture' },
  );
  return { id: user.id, email, token: await login(http, email) };
}

/** The two academies, a coordinator of each and an admin: the staff most suites start with. */
export interface AcademyStaff {
  siena: string;
  belgrade: string;
  sienaCoordinator: TestAccount;
  belgradeCoordinator: TestAccount;
  admin: TestAccount;
}

export async function createAcademyStaff(apps: { api: INestApplication; http: Http }): Promise<AcademyStaff> {
  const { siena, belgrade } = await academyIds(apps.http);
  return {
    siena,
    belgrade,
    sienaCoordinator: await createStaff(apps.api, apps.http, 'coordinator', siena),
    belgradeCoordinator: await createStaff(apps.api, apps.http, 'coordinator', belgrade),
    admin: await createStaff(apps.api, apps.http, 'admin', null),
  };
}
