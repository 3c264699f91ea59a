import { type INestApplication } from '@nestjs/common';
import type request from 'supertest';
import { PasswordHasher } from '@app/security';
import { SignInTokens } from '../../apps/api/src/auth/sign-in-tokens.service';
import { type Role, UsersRepository } from '../../libs/persistence/src';
import { type TestAccount, uniqueEmail } from './accounts';

type Http = () => ReturnType<typeof request>;

let sharedHash: Promise<string> | undefined;

/**
 * Many accounts at once (race tests): one argon2id hash for all, and tokens
 * issued by the API's own SignInTokens, exactly as login issues them. Addresses count as verified.
 */
export async function createAccounts(
  app: INestApplication,
  role: Role,
  academyId: string,
  count: number,
  fields: { timeZone?: string; languages?: string[]; locale?: string } = {},
): Promise<TestAccount[]> {
  sharedHash ??= new PasswordHasher('test').hash('correct horse battery');
  const passwordHash = await sharedHash;
  const users = app.get(UsersRepository);
  const tokens = app.get(SignInTokens);
  const accounts: TestAccount[] = [];
  for (let i = 0; i < count; i++) {
    const email = uniqueEmail(role);
    const user = await users.create(
      {
        email,
        passwordHash,
        role,
        academyId,
        displayName: `${role} ${i}`,
        locale: fields.locale ?? 'en',
        timeZone: fields.timeZone ?? 'Europe/Rome',
        languages: fields.languages ?? ['en', 'it', 'ur'],
        emailVerifiedAt: new Date(),
      },
      { actorId: null, action: 'account.test-fixture' },
    );
    accounts.push({ id: user.id, email, token: (await tokens.issue(user)).accessToken });
  }
  return accounts;
}

export interface CoachSetup {
  timeZone: string;
  weekly: Array<{ weekday: number; start: string; end: string }>;
  profile?: Record<string, unknown>;
  languages?: string[];
  locale?: string;
}

/** A coach account with an active profile and weekly hours, set up through the API as a coordinator would. */
export async function createCoach(
  app: INestApplication,
  http: Http,
  coordinator: TestAccount,
  academyId: string,
  setup: CoachSetup,
): Promise<TestAccount> {
  const [coach] = await createAccounts(app, 'coach', academyId, 1, {
    timeZone: setup.timeZone,
    languages: setup.languages ?? ['en', 'ur', 'it'],
    locale: setup.locale,
  });
  const auth = { Authorization: `Bearer ${coordinator.token}` };
  await http()
    .post('/v1/coaches')
    .set(auth)
    .send({
      userId: coach.id,
      topics: ['employment', 'housing'],
      sessionLengths: [30, 60],
      minimumNoticeMinutes: 60,
      horizonDays: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 10,
      status: 'active',
      ...setup.profile,
    })
    .expect(201);
  await http().put(`/v1/coaches/${coach.id}/availability`).set(auth).send({ timeZone: setup.timeZone, weekly: setup.weekly }).expect(200);
  return coach;
}

export const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

/** A coach with the same hours every weekday, in Rome unless `timeZone` says otherwise. */
export function createWeekdayCoach(
  apps: { api: INestApplication; http: Http },
  coordinator: TestAccount,
  academyId: string,
  start: string,
  end: string,
  timeZone = 'Europe/Rome',
): Promise<TestAccount> {
  return createCoach(apps.api, apps.http, coordinator, academyId, { timeZone, weekly: weekdays(start, end) });
}
