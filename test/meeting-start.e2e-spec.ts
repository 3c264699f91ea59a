import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { assertAppBuilt } from './support/app-process';

const ROOT = join(__dirname, '..');
const run = promisify(execFile);

jest.setTimeout(120_000);

/**
 * The built API, started as an operator would: in production, rooms on
 * meet.jit.si without MEETING_ALLOW_PUBLIC_JITSI=true stop the start with a
 * message naming the variable (its rooms wait for a moderator who signs in
 * with Google, Facebook or GitHub). The check runs before any connection, so
 * no database is needed to see it.
 */
describe('starting the API in production with meet.jit.si', () => {
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    JWT_SECRET: 'k'.repeat(48),
    MEETING_PROVIDER: 'jitsi',
    MEETING_BASE_URL: 'https://meet.jit.si/',
  };
  const start = (extra: Record<string, string>) =>
    run(process.execPath, [join(ROOT, 'dist/apps/api/apps/api/src/main.js')], { cwd: ROOT, env: { ...env, ...extra }, timeout: 60_000 });

  beforeAll(() => assertAppBuilt('api'));

  it('refuses, naming MEETING_ALLOW_PUBLIC_JITSI and the moderator sign-in', async () => {
    const failure = (await start({}).then(
      () => null,
      (error: unknown) => error,
    )) as { code: number; stderr: string } | null;
    expect(failure).not.toBeNull();
    expect(failure!.code).toBe(1);
    expect(failure!.stderr).toContain('MEETING_ALLOW_PUBLIC_JITSI=true');
    expect(failure!.stderr).toContain('moderator');
  });
});
