import { ConfigValidationError, loadConfig, parseOffsets, parseWeights } from './app-config';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/coaching', REDIS_URL: 'redis://127.0.0.1:6379' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      workerHealthPort: 3001,
      queuePrefix: '{cac}',
      smtpUrl: undefined,
      meetingBaseUrl: 'https://meet.jit.si/',
      reminderOffsetsSeconds: [86_400, 3600],
      notificationRetry: { attempts: 6, backoffMs: 5000 },
      reconcileIntervalSeconds: 60,
      retentionMonths: 24,
      loginRateLimit: { maxAttempts: 10, windowSeconds: 900, maxDelaySeconds: 300 },
      databaseTimeouts: { statementMs: 15_000, lockMs: 5_000, idleInTransactionMs: 30_000 },
      shutdownTimeoutMs: 25_000,
      metricsToken: undefined,
      idempotencyKeyTtlHours: 24,
      notificationRetentionDays: 90,
      trustProxy: false,
      refreshExpiresInSeconds: 30 * 86_400,
    });
    expect(config.jwt.expiresInSeconds).toBe(900);
    expect(config.jwt.secret).toHaveLength(64); // random outside production
    expect(config.mailDirectory).toMatch(/\.data\/mail$/);
  });

  it('takes a METRICS_TOKEN long enough to guard /metrics, and refuses a short one', () => {
    expect(loadConfig({ ...base, METRICS_TOKEN: 'scrape-token-0123456789' }).metricsToken).toBe('scrape-token-0123456789');
    expect(problemsOf({ ...base, METRICS_TOKEN: 'short' })).toEqual([
      expect.stringContaining('METRICS_TOKEN must be 16 to 256 characters'),
    ]);
  });

  it('names a database limit that is not a whole number of milliseconds', () => {
    expect(problemsOf({ ...base, DB_LOCK_TIMEOUT_MS: '5s' })).toEqual([
      expect.stringContaining('DB_LOCK_TIMEOUT_MS must be a whole number'),
    ]);
    expect(loadConfig({ ...base, DB_STATEMENT_TIMEOUT_MS: '0' }).databaseTimeouts.statementMs).toBe(0);
  });

  it.each([
    [{}, 'JWT_SECRET is required in production'],
    [{ JWT_SECRET: 'change-me-to-a-long-random-string' }, 'JWT_SECRET is an example value'],
    [{ JWT_SECRET: 'too-short' }, 'JWT_SECRET must be at least 32 characters'],
  ])('refuses to start in production with JWT_SECRET %j', (extra, message) => {
    const problems = problemsOf({ ...base, NODE_ENV: 'production', MEETING_ALLOW_PUBLIC_JITSI: 'true', ...extra });
    expect(problems).toEqual([expect.stringContaining(message)]);
  });

  it('accepts a real secret in production', () => {
    const env = { ...base, NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(48), MEETING_ALLOW_PUBLIC_JITSI: 'true' };
    expect(loadConfig(env).jwt.secret).toBe('k'.repeat(48));
  });

  describe('meetings', () => {
    const production = { ...base, NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(48) };
    const jwt = {
      MEETING_PROVIDER: 'jitsi-jwt',
      JITSI_URL: 'https://video.example.org/',
      JITSI_APP_ID: 'coaching',
      JITSI_APP_SECRET: 's'.repeat(40),
    };

    it('defaults to rooms on meet.jit.si without tokens, outside production', () => {
      expect(loadConfig(base).meeting).toEqual({ provider: 'jitsi', baseUrl: 'https://meet.jit.si/', publicJitsi: true });
    });

    it('refuses meet.jit.si in production unless MEETING_ALLOW_PUBLIC_JITSI=true, and says why', () => {
      const problems = problemsOf(production);
      expect(problems).toEqual([expect.stringContaining('MEETING_ALLOW_PUBLIC_JITSI=true')]);
      expect(problems[0]).toContain('moderator');
      expect(loadConfig({ ...production, MEETING_ALLOW_PUBLIC_JITSI: 'true' }).meeting).toMatchObject({
        provider: 'jitsi',
        publicJitsi: true,
      });
      expect(loadConfig({ ...production, MEETING_BASE_URL: 'https://video.example.org/' }).meeting).toMatchObject({ publicJitsi: false });
      expect(problemsOf({ ...base, MEETING_ALLOW_PUBLIC_JITSI: 'yes' })).toEqual([
        expect.stringContaining('MEETING_ALLOW_PUBLIC_JITSI must be'),
      ]);
    });

    it('takes a self-hosted Jitsi with tokens: its domain is the token subject', () => {
      expect(loadConfig({ ...production, ...jwt }).meeting).toEqual({
        provider: 'jitsi-jwt',
        jitsiUrl: 'https://video.example.org',
        domain: 'video.example.org',
        appId: 'coaching',
        appSecret: 's'.repeat(40),
      });
    });

    it('names each missing or weak jitsi-jwt variable', () => {
      const text = problemsOf({ ...base, MEETING_PROVIDER: 'jitsi-jwt' }).join('\n');
      for (const name of ['JITSI_URL', 'JITSI_APP_ID', 'JITSI_APP_SECRET']) expect(text).toContain(`${name} is required`);
      expect(problemsOf({ ...base, ...jwt, JITSI_APP_SECRET: 'short' })).toEqual([
        expect.stringContaining('JITSI_APP_SECRET must be at least 32'),
      ]);
      expect(problemsOf({ ...production, ...jwt, JITSI_URL: 'http://video.example.org' })).toEqual([
        expect.stringContaining('JITSI_URL must use https:'),
      ]);
      expect(problemsOf({ ...base, ...jwt, JITSI_URL: 'https://meet.jit.si' })).toEqual([
        expect.stringContaining('JITSI_URL must be the programme'),
      ]);
    });

    it('takes the url provider, and refuses an unknown one by name', () => {
      expect(loadConfig({ ...production, MEETING_PROVIDER: 'url' }).meeting).toEqual({ provider: 'url' });
      expect(problemsOf({ ...base, MEETING_PROVIDER: 'zoom' })).toEqual([
        expect.stringContaining('MEETING_PROVIDER must be one of jitsi-jwt, jitsi, url'),
      ]);
    });
  });

  it('refuses a plain-http PUBLIC_URL in production, naming the variable, but not on a loopback address', () => {
    const production = { ...base, NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(48), MEETING_ALLOW_PUBLIC_JITSI: 'true' };
    expect(problemsOf({ ...production, PUBLIC_URL: 'http://coaching.example.org' })).toEqual([
      expect.stringContaining('PUBLIC_URL must be an https:// address in production'),
    ]);
    expect(loadConfig({ ...production, PUBLIC_URL: 'https://coaching.example.org' }).publicUrl).toBe('https://coaching.example.org');
    expect(loadConfig({ ...production, PUBLIC_URL: 'http://localhost:3000' }).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ ...base, PUBLIC_URL: 'http://coaching.example.org' }).publicUrl).toBe('http://coaching.example.org');
  });

  it('reports every bad variable at once, by name', () => {
    const problems = problemsOf({
      DATABASE_URL: 'mysql://x',
      REDIS_URL: 'http://cache',
      PORT: 'eighty',
      SMTP_URL: 'http://mail',
      NODE_ENV: 'staging',
      REMINDER_OFFSETS: '24h,soon',
      RETENTION_MONTHS: '0',
    });
    const text = problems.join('\n');
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'SMTP_URL', 'NODE_ENV', 'REMINDER_OFFSETS', 'RETENTION_MONTHS'])
      expect(text).toContain(name);
  });

  it('runs BullMQ on Redis with REDIS_URL, and on its PostgreSQL backend without', () => {
    expect(loadConfig(base)).toMatchObject({ queueBackend: 'redis' });
    expect(loadConfig({ ...base, REDIS_URL: '' })).toMatchObject({ queueBackend: 'postgres', redisUrl: undefined });
  });

  it('takes relative data paths from where npm was called (INIT_CWD)', () => {
    const config = loadConfig({ ...base, INIT_CWD: '/srv/trial' });
    expect(config).toMatchObject({ dataDirectory: '/srv/trial/.data', mailDirectory: '/srv/trial/.data/mail' });
    expect(loadConfig({ ...base, INIT_CWD: '/srv/trial', DATA_DIR: '/var/lib/cac' }).dataDirectory).toBe('/var/lib/cac');
  });

  it('hashes passwords at full cost unless a test asks for the least one, which nothing else may', () => {
    expect(loadConfig(base).passwordHashCost).toBe('standard');
    expect(loadConfig({ ...base, NODE_ENV: 'test', PASSWORD_HASH_COST: 'test' }).passwordHashCost).toBe('test');
    expect(problemsOf({ ...base, PASSWORD_HASH_COST: 'test' })).toEqual(['PASSWORD_HASH_COST=test is accepted only with NODE_ENV=test']);
    expect(problemsOf({ ...base, PASSWORD_HASH_COST: 'cheap' })).toEqual(['PASSWORD_HASH_COST must be standard or test']);
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ ...base, SMTP_URL: '  ', PORT: '' })).toMatchObject({ smtpUrl: undefined, port: 3000 });
  });
});

describe('parseOffsets', () => {
  it('reads seconds, minutes, hours and days as seconds, largest first', () => {
    const problems: string[] = [];
    expect(parseOffsets('1h, 2d,30m,45s', 'X', problems)).toEqual([172_800, 3600, 1800, 45]);
    expect(problems).toEqual([]);
  });

  it.each(['0m', '1w', '24h,24h', '-1h', '', '31d', '60m,1h'])('refuses %j', (raw) => {
    const problems: string[] = [];
    parseOffsets(raw, 'REMINDER_OFFSETS', problems);
    expect(problems).toEqual([expect.stringContaining('REMINDER_OFFSETS')]);
  });
});

describe('parseWeights', () => {
  it('keeps the documented defaults and replaces only the weights given', () => {
    const problems: string[] = [];
    expect(parseWeights('', 'MATCH_WEIGHTS', problems)).toEqual({ topics: 0.35, overlap: 0.35, fairness: 0.2, continuity: 0.1 });
    expect(parseWeights('fairness=0.5, topics=1', 'MATCH_WEIGHTS', problems)).toEqual({
      topics: 1,
      overlap: 0.35,
      fairness: 0.5,
      continuity: 0.1,
    });
    expect(problems).toEqual([]);
  });

  it.each(['luck=1', 'topics=-1', 'topics=11', 'topics'])('refuses %j, naming the variable', (raw) => {
    const problems: string[] = [];
    parseWeights(raw, 'MATCH_WEIGHTS', problems);
    expect(problems).toEqual([expect.stringContaining('MATCH_WEIGHTS')]);
  });

  it.each([
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.4', ['10.0.0.0/8', '192.168.1.4']],
  ])('reads TRUST_PROXY=%s', (raw, expected) => {
    expect(loadConfig({ ...base, TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it('refuses a TRUST_PROXY that is neither a count nor addresses', () => {
    expect(problemsOf({ ...base, TRUST_PROXY: 'yes please' })).toEqual([expect.stringContaining('TRUST_PROXY must be false, a hop count')]);
  });
});
