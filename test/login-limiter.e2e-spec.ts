import { Redis } from 'ioredis';
import { academyIds, createStaff, newcomerBody, PASSWORD, registerNewcomer, type TestAccount } from './support/accounts';
import { startTestApps, type TestApps } from './support/test-apps';
import { TEST_REDIS_URL } from './support/test-database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sign-in limiter: failures only, per account-and-address and per address', () => {
  let apps: TestApps;
  let siena: string;

  beforeAll(async () => {
    // The production defaults: 10 failures per account and address, 50 per address, in 15 minutes.
    apps = await startTestApps({ worker: false, env: { LOGIN_MAX_ATTEMPTS: '10', LOGIN_WINDOW_SECONDS: '900' } });
    ({ siena } = await academyIds(apps.http));
  });
  afterAll(() => apps.close());

  const signIn = (email: string, password: string, forwardedFor?: string) => {
    const call = apps.http().post('/v1/auth/login');
    if (forwardedFor) call.set('X-Forwarded-For', forwardedFor);
    return call.send({ email, password });
  };

  it('lets 60 newcomers behind one address sign in correctly, all of them', async () => {
    const coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    const statuses: number[] = [];
    for (let i = 0; i < 59; i++) statuses.push((await signIn((await registerNewcomer(apps.http, siena)).email, PASSWORD)).status);
    statuses.push((await signIn(coordinator.email, PASSWORD)).status);
    expect(statuses).toHaveLength(60);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Sixty registrations and sign-ins cost three argon2 hashes each: slow on a busy machine, and that is not what is tested.
  }, 120_000);

  it('locks one account after 10 wrong passwords (even for the right one), while another account from the same address signs in', async () => {
    const target = await registerNewcomer(apps.http, siena);
    const other = await registerNewcomer(apps.http, siena);
    const wrong: number[] = [];
    for (let i = 0; i < 10; i++) wrong.push((await signIn(target.email, `wrong guess ${i}`)).status);
    expect(wrong).toEqual(Array(10).fill(401));
    const eleventh = await signIn(target.email, PASSWORD).expect(429);
    expect(eleventh.body.code).toBe('rate_limited');
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(eleventh.headers['retry-after'])).toBeLessThanOrEqual(900);
    await signIn(other.email, PASSWORD).expect(200);
  });

  it('a correct password resets the account’s count', async () => {
    const account = await registerNewcomer(apps.http, siena);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++) await signIn(account.email, 'not it at all').expect(401);
      await signIn(account.email, PASSWORD).expect(200);
    }
    await signIn(account.email, 'not it at all').expect(401);
    // Twenty-two argon2 verifications: slow on a busy machine, and that is not what is tested.
  }, 120_000);

  it('ignores a spoofed X-Forwarded-For when TRUST_PROXY is off: rotating it gains nothing', async () => {
    const target = await registerNewcomer(apps.http, siena);
    for (let i = 0; i < 10; i++) await signIn(target.email, `guess ${i}`, `198.51.100.${i}`).expect(401);
    await signIn(target.email, PASSWORD, '203.0.113.77').expect(429);
  });

  it('keeps no email or address in Redis, only hashes, each key with an expiry', async () => {
    const target = await registerNewcomer(apps.http, siena);
    await signIn(target.email, 'wrong password').expect(401);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${apps.config.queuePrefix.replace(/[{}]/g, '\\$&')}:login-failures*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).not.toContain('@');
        expect(key).not.toContain('127.0.0.1');
        expect(await redis.pttl(key)).toBeGreaterThan(0);
      }
    } finally {
      redis.disconnect();
    }
  });
});

describe('sign-in limiter: Redis 6.2 semantics', () => {
  let apps: TestApps;
  let siena: string;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, env: { LOGIN_MAX_ATTEMPTS: '2' } });
    ({ siena } = await academyIds(apps.http));
  });
  afterAll(() => apps.close());

  /** Commands Redis 6.2 has, as the limiter may send them (EXPIRE without the NX/XX/GT/LT options that came in 7.0). */
  const REDIS_6_2 = new Set(['eval', 'evalsha', 'script', 'set', 'incrby', 'pttl', 'expire', 'get', 'del', 'multi', 'exec']);

  it('sends Redis only commands that 6.2 has, as MONITOR sees them, including inside its Lua script', async () => {
    const account = await registerNewcomer(apps.http, siena);
    // monitor() opens a connection of its own: both it and the client it was asked of must be closed, or Jest never exits.
    const client = new Redis(TEST_REDIS_URL);
    const seen: string[][] = [];
    try {
      const monitor = await client.monitor();
      try {
        const prefix = apps.config.queuePrefix;
        monitor.on('monitor', (_time: string, args: string[]) => {
          if (args.some((a) => a.startsWith(`${prefix}:login-failures`)) || ['multi', 'exec'].includes(String(args[0]).toLowerCase()))
            seen.push(args);
        });
        await sleep(200);
        await apps.http().post('/v1/auth/login').send({ email: account.email, password: 'wrong' }).expect(401);
        await apps.http().post('/v1/auth/login').send({ email: account.email, password: PASSWORD }).expect(200);
        await apps.http().post('/v1/auth/login').send({ email: account.email, password: 'wrong' }).expect(401);
        await apps.http().post('/v1/auth/login').send({ email: account.email, password: 'wrong' }).expect(401);
        await apps.http().post('/v1/auth/login').send({ email: account.email, password: PASSWORD }).expect(429);
        await sleep(200);
      } finally {
        monitor.disconnect();
      }
    } finally {
      client.disconnect();
    }

    const names = seen.map((args) => String(args[0]).toLowerCase());
    expect(names).toEqual(expect.arrayContaining(['get', 'pttl', 'del', 'set', 'incrby']));
    expect(names.filter((name) => !REDIS_6_2.has(name))).toEqual([]);
    const expireOptions = seen.filter((args) => String(args[0]).toLowerCase() === 'expire' && args.length > 3);
    const setOptions = seen
      .filter((args) => String(args[0]).toLowerCase() === 'set')
      .map((args) =>
        args
          .slice(3)
          .map((a) => a.toUpperCase())
          .join(' '),
      );
    expect(expireOptions).toEqual([]);
    // SET … EX n NX (counting), and SET … EX n (the account's wait, rate-limiter-flexible's block): both since Redis 2.6.12.
    expect(setOptions.length).toBeGreaterThan(0);
    for (const options of setOptions) expect(options).toMatch(/^EX \d+( NX)?$/);
  });
});

describe('sign-in limiter: the window ends', () => {
  let apps: TestApps;
  let siena: string;
  let accounts: TestAccount[];

  beforeAll(async () => {
    // Short, so that the test can wait for its end; long enough that two failures and the refusal fit in it on a busy machine.
    apps = await startTestApps({ worker: false, env: { LOGIN_MAX_ATTEMPTS: '2', LOGIN_WINDOW_SECONDS: '4' } });
    ({ siena } = await academyIds(apps.http));
    accounts = [await registerNewcomer(apps.http, siena)];
  });
  afterAll(() => apps.close());

  it('lets the account try again once the window has passed (counters expire in Redis)', async () => {
    const [account] = accounts;
    await apps.http().post('/v1/auth/login').send({ email: account.email, password: 'wrong one' }).expect(401);
    await apps.http().post('/v1/auth/login').send({ email: account.email, password: 'wrong two' }).expect(401);
    await apps.http().post('/v1/auth/login').send({ email: account.email, password: PASSWORD }).expect(429);
    await sleep(4_200);
    await apps.http().post('/v1/auth/login').send({ email: account.email, password: PASSWORD }).expect(200);
  });
});

describe('the address limit, with two failures allowed per account', () => {
  let apps: TestApps;
  let accounts: TestAccount[];

  // A window long enough that the ten failures always fall inside it, however slowly a busy machine hashes.
  beforeAll(async () => {
    apps = await startTestApps({ worker: false, env: { LOGIN_MAX_ATTEMPTS: '2', LOGIN_WINDOW_SECONDS: '900' } });
    const { siena } = await academyIds(apps.http);
    accounts = [];
    for (let i = 0; i < 6; i++) accounts.push(await registerNewcomer(apps.http, siena));
  });
  afterAll(() => apps.close());

  it('stops an address that fails five times the account limit across many accounts', async () => {
    // 2 per account, 10 per address: five accounts with two failures each use up the address.
    for (const account of accounts.slice(0, 5)) {
      for (let i = 0; i < 2; i++)
        await apps
          .http()
          .post('/v1/auth/login')
          .send({ email: account.email, password: `wrong ${i}` })
          .expect(401);
    }
    await apps.http().post('/v1/auth/login').send({ email: accounts[5].email, password: PASSWORD }).expect(429);
  });
});

describe('TRUST_PROXY names the proxies whose X-Forwarded-For is believed', () => {
  let apps: TestApps;
  let siena: string;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, env: { LOGIN_MAX_ATTEMPTS: '2', TRUST_PROXY: 'loopback' } });
    ({ siena } = await academyIds(apps.http));
  });
  afterAll(() => apps.close());

  it('counts the forwarded client address when the request comes from a trusted proxy', async () => {
    const account = await registerNewcomer(apps.http, siena);
    const from = (address: string, password: string) =>
      apps.http().post('/v1/auth/login').set('X-Forwarded-For', address).send({ email: account.email, password });
    await from('198.51.100.1', 'wrong').expect(401);
    await from('198.51.100.1', 'wrong').expect(401);
    await from('198.51.100.1', PASSWORD).expect(429);
    // Another client behind the same proxy is another address: its own account signs in.
    const other = await registerNewcomer(apps.http, siena);
    await apps
      .http()
      .post('/v1/auth/login')
      .set('X-Forwarded-For', '198.51.100.2')
      .send({ email: other.email, password: PASSWORD })
      .expect(200);
    // The guessed account waits whatever the address (issue 22): the failures follow the account.
    await from('198.51.100.2', PASSWORD).expect(429);
  });
});

describe('registration and the expensive public routes are throttled per client address', () => {
  let apps: TestApps;
  let siena: string;

  beforeAll(async () => {
    apps = await startTestApps({
      worker: false,
      env: { REGISTER_MAX_PER_ADDRESS: '3', REGISTER_MAX_PER_EMAIL: '2', SEARCH_MAX_PER_MINUTE: '3' },
    });
    ({ siena } = await academyIds(apps.http));
  });
  afterAll(() => apps.close());

  it('answers 429 with Retry-After once an address has registered its share', async () => {
    for (let i = 0; i < 3; i++) await apps.http().post('/v1/auth/register').send(newcomerBody(siena)).expect(202);
    const limited = await apps.http().post('/v1/auth/register').send(newcomerBody(siena)).expect(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('throttles slot searches and matching per account', async () => {
    const account = await createStaff(apps.api, apps.http, 'newcomer', siena);
    const query = '/v1/slots?from=2030-01-07&to=2030-01-08&timeZone=Europe/Rome&durationMinutes=30';
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await apps.http().get(query).set('Authorization', `Bearer ${account.token}`)).status);
    statuses.push(
      (
        await apps
          .http()
          .post('/v1/matches')
          .set('Authorization', `Bearer ${account.token}`)
          .send({ languages: ['en'], topics: ['housing'], timeZone: 'Europe/Rome' })
      ).status,
    );
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    expect(statuses[3]).toBe(429);
  });
});
