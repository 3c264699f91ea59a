/**
 * Creates an admin account: `npm run admin:create -- --email you@example.org --name "Your name"`.
 * The password is read from standard input (typed at a hidden prompt, or piped),
 * never from an argument or a default, so it stays out of shell history and process lists.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadDatabaseUrl } from '@app/config';
import { AuditLogEntity, AuditLogRepository, buildDataSourceOptions, UserEntity, UsersRepository } from '@app/persistence';
import { PasswordHasher } from '../auth/password-hasher';

const MIN_PASSWORD_LENGTH = 12;

async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (input.isTTY) {
    process.stdout.write('Password for the new admin (hidden): ');
    input.setRawMode(true);
  }
  return new Promise((resolve, reject) => {
    let buffer = '';
    input.setEncoding('utf8');
    const finish = () => {
      if (input.isTTY) {
        input.setRawMode(false);
        process.stdout.write('\n');
      }
      input.pause();
      resolve(buffer.replace(/\r?\n[\s\S]*$/, ''));
    };
    input.on('data', (chunk: string) => {
      for (const char of chunk) {
        if (char === '\u0003') return reject(new Error('cancelled'));
        if (input.isTTY && (char === '\r' || char === '\n')) return finish();
        if (input.isTTY && char === '\u007f') buffer = buffer.slice(0, -1);
        else buffer += char;
      }
    });
    input.on('end', finish);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string', default: 'en' }, 'time-zone': { type: 'string', default: 'UTC' } },
  });
  const email = values.email?.trim().toLowerCase();
  const name = values.name?.trim();
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email) || !name) {
    throw new Error('usage: npm run admin:create -- --email admin@example.org --name "Name" [--locale en] [--time-zone Europe/Rome]  (password on stdin)');
  }
  const password = await readPassword();
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`The admin password must have at least ${MIN_PASSWORD_LENGTH} characters.`);

  const dataSource = new DataSource(buildDataSourceOptions({ url: loadDatabaseUrl(process.env), poolSize: 2, applicationName: 'coaching-admin-create' }));
  await dataSource.initialize();
  try {
    const audit = new AuditLogRepository(dataSource.getRepository(AuditLogEntity));
    const users = new UsersRepository(dataSource.getRepository(UserEntity), dataSource, audit);
    if (await users.findForLogin(email)) throw new Error('An account with this email already exists.');
    const user = await users.create(
      {
        email,
        passwordHash: await new PasswordHasher().hash(password),
        role: 'admin',
        academyId: null,
        displayName: name,
        locale: values.locale!,
        timeZone: values['time-zone']!,
        languages: [values.locale!.slice(0, 2)],
      },
      { actorId: null, action: 'account.admin-created' },
    );
    console.log(`Admin account created: ${user.id}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
