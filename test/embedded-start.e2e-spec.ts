import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import request from 'supertest';
import { calendarOf } from './support/notifications';

const ROOT = join(__dirname, '..');
const BASE = 'http://127.0.0.1:3000';
const http = () => request(BASE);

/** Port 3000 is the default the README promises; the test needs it free to run the command as written. */
async function assertPortFree(port: number): Promise<void> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  const [event] = await Promise.race([
    once(server, 'listening').then(() => ['listening']),
    once(server, 'error').then(([error]) => [error]),
  ]);
  if (event !== 'listening')
    throw new Error(`port ${port} is taken; the smoke test runs \`npm start\` as the README gives it, on the default port`);
  await new Promise((resolve) => server.close(resolve));
}

/**
 * The platform's own process under `npm start` (npm → sh → node). It gets the
 * signal, as from a process manager or Ctrl+C; npm, on a signal of its own,
 * would re-raise it and hide the exit status that this test checks.
 */
function platformProcessUnder(npmPid: number): number {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const family = new Set([npmPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      if (family.has(row.ppid) && !family.has(row.pid)) {
        family.add(row.pid);
        grew = true;
      }
    }
  }
  // The node process itself, not the `sh -c` npm runs it through.
  const platform = rows.find((row) => family.has(row.pid) && /^\S*node\s.*all-in-one\/src\/main\.js/.test(row.args));
  if (!platform) throw new Error('the platform process was not found under npm');
  return platform.pid;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The README's main command, `npm start`, in a fresh directory with no
 * environment at all: embedded PostgreSQL, BullMQ on it, mail as .eml files,
 * demo accounts. Then a newcomer registers, books a demo coach's slot, the
 * confirmation lands on disk, and SIGTERM ends it cleanly.
 */
describe('npm start with no environment (the embedded default)', () => {
  let directory: string;
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    await assertPortFree(3000);
    directory = mkdtempSync(join(tmpdir(), 'cac-try-'));
    // npm runs the script in the package folder and passes where it was called from as INIT_CWD: ./.data is created here.
    // --ignore-scripts skips only `prestart` (the build): `npm test` built everything once before Jest, and
    // rebuilding the web app here would rewrite dist/web under the browser suites running beside this one.
    child = spawn('npm', ['--prefix', ROOT, '--ignore-scripts', 'start'], {
      cwd: directory,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until('GET /health to answer 200', 180_000, async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      return (await http().get('/health')).status === 200 ? true : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
  }, 200_000);

  afterAll(() => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(platformProcessUnder(child.pid!), 'SIGKILL');
      } catch {
        // already gone
      }
      child.kill('SIGKILL');
    }
    rmSync(directory, { recursive: true, force: true });
  });

  it('prints where the app, the API, the docs and the mail are', () => {
    expect(output).toContain('App       http://localhost:3000/');
    expect(output).toContain(`API       http://localhost:3000/v1`);
    expect(output).toContain('Docs      http://localhost:3000/docs');
    expect(output).toContain(`written as .eml files to ${join(directory, '.data', 'mail')}`);
    expect(output).toContain('embedded PostgreSQL (PGlite)');
    expect(existsSync(join(directory, '.data', 'pgdata'))).toBe(true);
  });

  it('serves the built web app at /', async () => {
    const page = await http().get('/').set('Accept', 'text/html').expect(200);
    // The home page comes pre-rendered in the browser's language; client routes get the app's shell.
    expect(page.text).toContain('<div id="root">');
    expect(page.text).toContain('<title>Coaching across continents</title>');
    expect(page.text).toContain('href="/register"');
    const route = await http().get('/sessions').set('Accept', 'text/html').expect(200);
    expect(route.text).toContain('<div id="root">');
  });

  it('with its published demo password, answers only on this machine', async () => {
    const outward = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (!outward) return; // a machine with no network: nothing to reach from outside
    const refused = await fetch(`http://${outward.address}:3000/health`).then(
      () => 'answered',
      (error: { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');
  });

  it('registers a newcomer, verifies them from the .eml, books a demo coach’s slot, writes the confirmation as .eml, and exits 0 on SIGTERM', async () => {
    const academies = await http().get('/v1/academies').expect(200);
    const siena = academies.body.find((a: { slug: string }) => a.slug === 'siena').id as string;
    const email = `smoke-${Date.now()}@example.org`;
    await http()
      .post('/v1/auth/register')
      .send({
        email,
        password: 'correct horse battery',
        displayName: 'Amal',
        locale: 'ar',
        timeZone: 'Europe/Rome',
        languages: ['ar', 'en'],
        academyId: siena,
      })
      .expect(202);
    const mailDirectory = join(directory, '.data', 'mail');
    const mailsTo = () =>
      existsSync(mailDirectory)
        ? readdirSync(mailDirectory)
            .map((file) => readFileSync(join(mailDirectory, file), 'utf8'))
            .filter((mail) => mail.includes(`To: ${email}`))
        : [];
    // The address is verified from the link in the mail, as the newcomer would: booking needs it.
    const verification = await simpleParser(
      await until('the verification .eml', 30_000, () => mailsTo().find((mail) => !mail.includes('text/calendar'))),
    );
    const verifyToken = /\/verify-email#token=([\w-]+)/.exec(verification.text ?? '')![1];
    // Confirming the address clears any password set before it (no pre-registration hijack): the newcomer chooses it here.
    await http().post('/v1/auth/verify-email').send({ token: verifyToken, password: 'correct horse battery' }).expect(204);
    const token = (await http().post('/v1/auth/login').send({ email, password: 'correct horse battery' }).expect(200)).body
      .accessToken as string;
    const auth = { Authorization: `Bearer ${token}` };

    const coaches = await http().get('/v1/coaches?language=en&limit=100').set(auth).expect(200);
    const chidi = coaches.body.items.find((c: { displayName: string }) => c.displayName === 'Chidi');
    expect(chidi).toBeDefined();
    const today = DateTime.now().setZone('Europe/Rome');
    const slots = await http()
      .get(
        `/v1/slots?from=${today.toISODate()}&to=${today.plus({ days: 6 }).toISODate()}&timeZone=Europe/Rome&durationMinutes=60&coachId=${chidi.id}`,
      )
      .set(auth)
      .expect(200);
    expect(slots.body.slots.length).toBeGreaterThan(0);
    const booked = await http()
      .post('/v1/sessions')
      .set(auth)
      .send({ coachId: chidi.id, start: slots.body.slots[0].start, durationMinutes: 60, topic: 'employment', language: 'en' })
      .expect(201);

    const confirmation = await until('the confirmation .eml', 30_000, () => mailsTo().find((mail) => mail.includes('text/calendar')));
    const calendar = calendarOf(await simpleParser(confirmation));
    expect(calendar).toMatchObject({ method: 'REQUEST', uid: `session-${booked.body.id}@coaching-across-continents`, sequence: 1 });

    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    process.kill(platformProcessUnder(child.pid!), 'SIGTERM');
    const [code] = await exited; // npm exits with the platform's status
    expect({ code, said: output.includes('SIGTERM received') }).toEqual({ code: 0, said: true });
  }, 60_000);

  it('refuses the embedded default in production, where its demo password would be an open door', async () => {
    // Built by `npm test` before Jest.
    const refused = spawn(process.execPath, [join(ROOT, 'dist/apps/all-in-one/apps/all-in-one/src/main.js')], {
      cwd: directory,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(48) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    refused.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const [code] = (await once(refused, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(said).toContain('DATABASE_URL is required in production');
  });
});
