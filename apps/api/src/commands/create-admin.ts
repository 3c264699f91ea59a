/**
 * Creates an admin account: `npm run admin:create -- --email you@example.org --name "Your name"`.
 * The password is read from standard input (typed at a hidden prompt, or piped),
 * never from an argument or a default, so it stays out of shell history and process lists.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadDatabaseUrl } from '@app/config';
import { buildDataSourceOptions } from '@app/persistence';
import { createAdmin } from './create-admin.service';

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
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string', default: 'en' },
      'time-zone': { type: 'string', default: 'UTC' },
    },
  });
  if (!values.email || !values.name) {
    throw new Error(
      'usage: npm run admin:create -- --email admin@example.org --name "Name" [--locale en] [--time-zone Europe/Rome]  (password on stdin)',
    );
  }
  const password = await readPassword();
  const dataSource = new DataSource(
    buildDataSourceOptions({ url: loadDatabaseUrl(process.env), poolSize: 2, applicationName: 'coaching-admin-create' }),
  );
  await dataSource.initialize();
  try {
    const id = await createAdmin(dataSource, {
      email: values.email,
      displayName: values.name,
      password,
      locale: values.locale!,
      timeZone: values['time-zone']!,
    });
    console.log(`Admin account created: ${id}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
