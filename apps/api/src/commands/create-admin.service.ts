import { type DataSource } from 'typeorm';
import { isSupportedLocale } from '@app/config';
import { AuditLogRepository, UserEntity, UsersRepository } from '@app/persistence';
import { isCommonPassword, PasswordHasher } from '@app/security';

export const MIN_ADMIN_PASSWORD_LENGTH = 12;

export interface NewAdmin {
  email: string;
  displayName: string;
  password: string;
  locale: string;
  timeZone: string;
}

/** The checks and the insert behind `npm run admin:create`; returns the new account's id. */
export async function createAdmin(dataSource: DataSource, input: NewAdmin): Promise<string> {
  const email = input.email.trim().toLowerCase();
  const displayName = input.displayName.trim();
  const problems: string[] = [];
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) problems.push('--email must be an email address');
  if (!displayName) problems.push('--name must not be empty');
  if (input.password.length < MIN_ADMIN_PASSWORD_LENGTH)
    problems.push(`the password must have at least ${MIN_ADMIN_PASSWORD_LENGTH} characters`);
  else if (isCommonPassword(input.password)) problems.push('the password is one of the most common passwords; choose another');
  if (!isSupportedLocale(input.locale)) problems.push('--locale must be one of en, it, sr, uk, ar, ur, fa');
  try {
    new Intl.DateTimeFormat('en', { timeZone: input.timeZone });
  } catch {
    problems.push('--time-zone must be an IANA time zone such as Europe/Rome');
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));

  const users = new UsersRepository(dataSource.getRepository(UserEntity), dataSource, new AuditLogRepository(dataSource));
  if (await users.findForLogin(email)) throw new Error('An account with this email already exists.');
  const user = await users.create(
    {
      email,
      passwordHash: await new PasswordHasher().hash(input.password),
      role: 'admin',
      academyId: null,
      displayName,
      locale: input.locale,
      timeZone: input.timeZone,
      languages: [input.locale],
      // The operator typed the address at the console; there is no mail to open for it.
      emailVerifiedAt: new Date(),
    },
    { actorId: null, action: 'account.admin-created' },
  );
  return user.id;
}
