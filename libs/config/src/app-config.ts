import { randomBytes } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';

export type RuntimeEnvironment = 'development' | 'test' | 'production';

/** The one typed configuration. Built once by `loadConfig`; nothing else reads the environment. */
export interface AppConfig {
  readonly env: RuntimeEnvironment;
  readonly port: number;
  /** Port of the worker's /health endpoint. */
  readonly workerHealthPort: number;
  readonly publicUrl: string;
  readonly databaseUrl: string;
  /** Unset: BullMQ runs on its PostgreSQL backend, in DATABASE_URL's database. */
  readonly redisUrl: string | undefined;
  readonly queueBackend: 'redis' | 'postgres';
  /** Where local data goes: the embedded database, and mail as .eml files. */
  readonly dataDirectory: string;
  /** BullMQ key prefix. Braces make it a Redis Cluster hash tag, so a queue's keys share a slot. */
  readonly queuePrefix: string;
  /** `undefined` means mail is written as .eml files under `mailDirectory`. */
  readonly smtpUrl: string | undefined;
  readonly mailDirectory: string;
  readonly mailFrom: string;
  readonly jwt: { readonly secret: string; readonly expiresInSeconds: number };
  /** How long a sign-in (one device) lasts from the password or link that began it; refreshing does not extend it. */
  readonly refreshExpiresInSeconds: number;
  /** How long after a refresh the same device may present the spent token again and get the same successor (a retry, not a theft). */
  readonly refreshRetryGraceSeconds: number;
  /** Express's `trust proxy`: false (the socket's address is the client's), a hop count, or a list of addresses/subnets. */
  readonly trustProxy: false | number | readonly string[];
  /** Registrations (and reset or sign-in link requests) per client address and per email, in a window. */
  readonly registerRateLimit: { readonly perAddress: number; readonly perEmail: number; readonly windowSeconds: number };
  /** Slot searches and matches per client address per minute. */
  readonly searchRateLimitPerMinute: number;
  /** Base of each session's room URL under the `jitsi` provider (and of the room names stored with sessions). */
  readonly meetingBaseUrl: string;
  /** Where the video rooms are and how a person gets in: see `MeetingConfig`. */
  readonly meeting: MeetingConfig;
  /** Reminder offsets before a session's start, in seconds, largest first. An academy may set its own. */
  readonly reminderOffsetsSeconds: readonly number[];
  /** How long after a session's end the newcomer is asked how it was, in seconds. */
  readonly feedbackDelaySeconds: number;
  /** Delivery of one notification: attempts in all, and the first backoff (doubling each time). */
  readonly notificationRetry: { readonly attempts: number; readonly backoffMs: number };
  /** How often the reconciler looks for queued notifications whose job Redis has lost. */
  readonly reconcileIntervalSeconds: number;
  /** Newcomers inactive for longer than this many months are erased by a daily job. */
  readonly retentionMonths: number;
  /** Weights of the match score's factors (see libs/scheduling/src/matching.ts). */
  readonly matchWeights: { readonly topics: number; readonly overlap: number; readonly fairness: number; readonly continuity: number };
  /**
   * Failed sign-ins per account and client network in a window (five times that per network), and, once an
   * account has failed `maxAttempts` times from anywhere, the longest wait each further failure imposes.
   */
  readonly loginRateLimit: { readonly maxAttempts: number; readonly windowSeconds: number; readonly maxDelaySeconds: number };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Limits every pooled database session carries, in milliseconds (0 turns one off): a statement
   * that runs too long, a wait for a row lock, and a transaction left open and idle. So a stuck
   * transaction cannot hold locks and pool connections for ever.
   */
  readonly databaseTimeouts: { readonly statementMs: number; readonly lockMs: number; readonly idleInTransactionMs: number };
  /** After SIGTERM, how long a process may finish its work before it exits anyway (status 1). */
  readonly shutdownTimeoutMs: number;
  /** Bearer token `/metrics` asks for, on the API and the worker; unset, `/metrics` is not served. */
  readonly metricsToken: string | undefined;
  /** How long an Idempotency-Key is remembered, in hours. */
  readonly idempotencyKeyTtlHours: number;
  /** Settled notification rows (sent, skipped, failed) older than this many days are deleted. */
  readonly notificationRetentionDays: number;
  /**
   * Spent, revoked and expired links, ended or expired sign-ins (with their
   * refresh tokens) and sent account mails older than this many days are deleted.
   */
  readonly accountRecordRetentionDays: number;
  /** How long a waiting-list entry stays open without news; a mail 7 days before its end lets the newcomer keep it. */
  readonly waitingListDays: number;
  /** argon2's cost: `standard`, or `test` (the least argon2 allows), which only NODE_ENV=test accepts. */
  readonly passwordHashCost: 'standard' | 'test';
}

export const MEETING_PROVIDERS = ['jitsi-jwt', 'jitsi', 'url'] as const;
export type MeetingProvider = (typeof MEETING_PROVIDERS)[number];

/**
 * - `jitsi-jwt`: the programme's own Jitsi with token authentication; the API
 *   signs an HS256 token per person and session (`appId`, `appSecret`), and
 *   `domain` (the host of `JITSI_URL`) is the token's `sub`.
 * - `jitsi`: rooms on `MEETING_BASE_URL` without tokens; `publicJitsi` says it
 *   is meet.jit.si, where a moderator must sign in with Google, Facebook or
 *   GitHub before the room opens.
 * - `url`: no generated room; the coach or a coordinator sets each session's
 *   meeting URL (https).
 */
export type MeetingConfig =
  | {
      readonly provider: 'jitsi-jwt';
      readonly jitsiUrl: string;
      readonly domain: string;
      readonly appId: string;
      readonly appSecret: string;
    }
  | { readonly provider: 'jitsi'; readonly baseUrl: string; readonly publicJitsi: boolean }
  | { readonly provider: 'url' };

/** The public Jitsi service: its rooms wait for a moderator who signs in with a Google, Facebook or GitHub account. */
export function isPublicJitsi(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === 'meet.jit.si' || host.endsWith('.jit.si');
  } catch {
    return false;
  }
}

/** Placeholder secrets from config/*.env.example; production refuses to start with any of them. */
export const EXAMPLE_JWT_SECRETS: readonly string[] = [
  'change-me',
  'change-me-to-a-long-random-string',
  'development-only-secret-not-for-production',
  'test-only-secret-not-for-production',
];
const MIN_PRODUCTION_SECRET_LENGTH = 32;

export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the environment. Every problem is collected, so one start
 * reports all of them, each naming its variable.
 */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  /** A whole number from the named variable, or the default, checked against its bounds. */
  const integer = (name: string, fallback: string, min: number, max: number): number =>
    parseInteger(read(name) ?? fallback, name, min, max, problems);

  const nodeEnv = read('NODE_ENV') ?? 'development';
  let runtime: RuntimeEnvironment = 'development';
  if (nodeEnv === 'development' || nodeEnv === 'test' || nodeEnv === 'production') runtime = nodeEnv;
  else problems.push(`NODE_ENV must be development, test or production (got "${nodeEnv}")`);

  const port = integer('PORT', '3000', 0, 65535);
  const workerHealthPort = integer('WORKER_HEALTH_PORT', '3001', 0, 65535);

  const databaseUrl = read('DATABASE_URL');
  if (!databaseUrl) problems.push('DATABASE_URL is required (for example postgres://postgres@127.0.0.1:5432/coaching)');
  else checkUrl(databaseUrl, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems);

  const redisUrl = read('REDIS_URL');
  if (redisUrl) checkUrl(redisUrl, 'REDIS_URL', ['redis:', 'rediss:'], problems);

  const smtpUrl = read('SMTP_URL');
  if (smtpUrl) checkUrl(smtpUrl, 'SMTP_URL', ['smtp:', 'smtps:'], problems);

  const publicUrl = read('PUBLIC_URL') ?? `http://localhost:${port}`;
  checkUrl(publicUrl, 'PUBLIC_URL', ['http:', 'https:'], problems);
  // Links in mail carry tokens, and HSTS needs https: production serves people over https. A loopback
  // address (the compose file's default, tried on one machine) is the one exception, since nobody else reaches it.
  if (runtime === 'production' && URL.canParse(publicUrl) && !isHttpsOrLoopback(new URL(publicUrl))) {
    problems.push(`PUBLIC_URL must be an https:// address in production (got ${new URL(publicUrl).protocol}//${new URL(publicUrl).host})`);
  }
  const meetingBaseUrl = read('MEETING_BASE_URL') ?? 'https://meet.jit.si/';
  checkUrl(meetingBaseUrl, 'MEETING_BASE_URL', ['http:', 'https:'], problems);
  const meeting = parseMeeting(read, runtime, meetingBaseUrl, problems);

  const mailFrom = read('MAIL_FROM') ?? 'Coaching across continents <no-reply@localhost>';
  if (!/<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/.test(mailFrom)) {
    problems.push('MAIL_FROM must be an address, optionally with a name: "Name <address@example.org>"');
  }

  const jwtSecret = read('JWT_SECRET');
  let secret = jwtSecret ?? '';
  if (runtime === 'production') {
    if (!jwtSecret) problems.push('JWT_SECRET is required in production');
    else if (EXAMPLE_JWT_SECRETS.includes(jwtSecret)) problems.push('JWT_SECRET is an example value; set a random secret in production');
    else if (jwtSecret.length < MIN_PRODUCTION_SECRET_LENGTH) {
      problems.push(`JWT_SECRET must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters in production`);
    }
  } else if (!jwtSecret) {
    // Outside production an unset secret gets a random one: tokens then last until restart.
    secret = randomBytes(32).toString('hex');
  }
  const jwtExpiresInSeconds = integer('JWT_EXPIRES_IN_SECONDS', '900', 60, 7 * 24 * 3600);

  const refreshExpiresInSeconds = integer('REFRESH_EXPIRES_IN_SECONDS', String(30 * 86_400), 300, 365 * 86_400);
  const refreshRetryGraceSeconds = integer('REFRESH_RETRY_GRACE_SECONDS', '10', 0, 60);
  const trustProxy = parseTrustProxy(read('TRUST_PROXY') ?? 'false', problems);
  const registerPerAddress = integer('REGISTER_MAX_PER_ADDRESS', '200', 1, 100_000);
  const registerPerEmail = integer('REGISTER_MAX_PER_EMAIL', '3', 1, 1000);
  const registerWindowSeconds = integer('REGISTER_WINDOW_SECONDS', '3600', 1, 86_400);
  const searchRateLimitPerMinute = integer('SEARCH_MAX_PER_MINUTE', '120', 1, 100_000);

  const reminderOffsetsSeconds = parseOffsets(read('REMINDER_OFFSETS') ?? '24h,1h', 'REMINDER_OFFSETS', problems);
  const feedbackDelayRaw = read('FEEDBACK_DELAY') ?? '1h';
  if (feedbackDelayRaw.includes(',')) problems.push(`FEEDBACK_DELAY is one duration such as 1h or 90m (got "${feedbackDelayRaw}")`);
  const [feedbackDelaySeconds = 3600] = parseOffsets(feedbackDelayRaw, 'FEEDBACK_DELAY', problems);
  const notificationAttempts = integer('NOTIFICATION_ATTEMPTS', '6', 1, 20);
  const notificationBackoffMs = integer('NOTIFICATION_BACKOFF_MS', '5000', 10, 3_600_000);
  const reconcileIntervalSeconds = integer('RECONCILE_INTERVAL_SECONDS', '60', 1, 86_400);

  const retentionMonths = integer('RETENTION_MONTHS', '24', 1, 240);
  const matchWeights = parseWeights(read('MATCH_WEIGHTS') ?? '', 'MATCH_WEIGHTS', problems);

  const maxAttempts = integer('LOGIN_MAX_ATTEMPTS', '10', 1, 10_000);
  const windowSeconds = integer('LOGIN_WINDOW_SECONDS', '900', 1, 86_400);
  const maxDelaySeconds = integer('LOGIN_MAX_DELAY_SECONDS', '300', 1, 3600);

  const queuePrefix = read('QUEUE_PREFIX') ?? '{cac}';
  if (!/^[A-Za-z0-9{}_:.-]{1,64}$/.test(queuePrefix)) problems.push('QUEUE_PREFIX may hold only letters, digits and {}_:.- (at most 64)');

  const dataDirectory = dataDirectoryOf(env);
  const mailDirectory = resolvePath(env, read('MAIL_DIR') ?? `${dataDirectory}/mail`);

  const logLevel = read('LOG_LEVEL') ?? (runtime === 'test' ? 'silent' : 'info');
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  if (!(levels as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${levels.join(', ')}`);

  const statementMs = integer('DB_STATEMENT_TIMEOUT_MS', '15000', 0, 3_600_000);
  const lockMs = integer('DB_LOCK_TIMEOUT_MS', '5000', 0, 3_600_000);
  const idleInTransactionMs = integer('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', '30000', 0, 3_600_000);
  const shutdownTimeoutMs = integer('SHUTDOWN_TIMEOUT_MS', '25000', 100, 600_000);

  const metricsToken = read('METRICS_TOKEN');
  if (metricsToken !== undefined && !/^[A-Za-z0-9._~+/=-]{16,256}$/.test(metricsToken)) {
    problems.push('METRICS_TOKEN must be 16 to 256 characters of letters, digits and ._~+/=-');
  }
  const idempotencyKeyTtlHours = integer('IDEMPOTENCY_KEY_TTL_HOURS', '24', 1, 24 * 90);
  const notificationRetentionDays = integer('NOTIFICATION_RETENTION_DAYS', '90', 1, 3650);
  const accountRecordRetentionDays = integer('ACCOUNT_RECORD_RETENTION_DAYS', '30', 1, 3650);
  // More than the 7 days' notice before an entry expires, so the notice never comes before the entry.
  const waitingListDays = integer('WAITING_LIST_DAYS', '60', 8, 3650);

  const passwordHashCost = read('PASSWORD_HASH_COST') ?? 'standard';
  if (passwordHashCost !== 'standard' && passwordHashCost !== 'test') problems.push('PASSWORD_HASH_COST must be standard or test');
  else if (passwordHashCost === 'test' && runtime !== 'test') problems.push('PASSWORD_HASH_COST=test is accepted only with NODE_ENV=test');

  if (problems.length > 0) throw new ConfigValidationError(problems);

  return Object.freeze({
    env: runtime,
    port,
    workerHealthPort,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    databaseUrl: databaseUrl!,
    redisUrl,
    queueBackend: redisUrl ? 'redis' : 'postgres',
    dataDirectory,
    queuePrefix,
    smtpUrl,
    mailDirectory,
    mailFrom,
    jwt: Object.freeze({ secret, expiresInSeconds: jwtExpiresInSeconds }),
    refreshExpiresInSeconds,
    refreshRetryGraceSeconds,
    trustProxy: Array.isArray(trustProxy) ? Object.freeze(trustProxy) : trustProxy,
    registerRateLimit: Object.freeze({ perAddress: registerPerAddress, perEmail: registerPerEmail, windowSeconds: registerWindowSeconds }),
    searchRateLimitPerMinute,
    meetingBaseUrl: meetingBaseUrl.endsWith('/') ? meetingBaseUrl : `${meetingBaseUrl}/`,
    meeting: Object.freeze(meeting),
    reminderOffsetsSeconds: Object.freeze(reminderOffsetsSeconds),
    feedbackDelaySeconds,
    notificationRetry: Object.freeze({ attempts: notificationAttempts, backoffMs: notificationBackoffMs }),
    reconcileIntervalSeconds,
    retentionMonths,
    matchWeights: Object.freeze(matchWeights),
    loginRateLimit: Object.freeze({ maxAttempts, windowSeconds, maxDelaySeconds }),
    logLevel: logLevel as AppConfig['logLevel'],
    databaseTimeouts: Object.freeze({ statementMs, lockMs, idleInTransactionMs }),
    shutdownTimeoutMs,
    metricsToken,
    idempotencyKeyTtlHours,
    notificationRetentionDays,
    accountRecordRetentionDays,
    waitingListDays,
    passwordHashCost: passwordHashCost as AppConfig['passwordHashCost'],
  });
}

/** An app id as Jitsi's prosody token module takes it (`JWT_APP_ID`). */
const JITSI_APP_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MIN_JITSI_SECRET_LENGTH = 32;

/**
 * MEETING_PROVIDER and the variables it needs. Production refuses `jitsi` on
 * meet.jit.si unless MEETING_ALLOW_PUBLIC_JITSI=true: there a room waits until
 * a moderator signs in with Google, Facebook or GitHub, and anyone who sees
 * the link may join at any time.
 */
function parseMeeting(
  read: (name: string) => string | undefined,
  runtime: RuntimeEnvironment,
  meetingBaseUrl: string,
  problems: string[],
): MeetingConfig {
  const provider = read('MEETING_PROVIDER') ?? 'jitsi';
  const allowRaw = read('MEETING_ALLOW_PUBLIC_JITSI') ?? 'false';
  if (allowRaw !== 'true' && allowRaw !== 'false') problems.push(`MEETING_ALLOW_PUBLIC_JITSI must be true or false (got "${allowRaw}")`);
  switch (provider) {
    case 'jitsi': {
      const publicJitsi = isPublicJitsi(meetingBaseUrl);
      if (runtime === 'production' && publicJitsi && allowRaw !== 'true') {
        problems.push(
          'MEETING_PROVIDER=jitsi with MEETING_BASE_URL on meet.jit.si: its rooms wait until a moderator signs in with a Google, ' +
            'Facebook or GitHub account, and the link lets anyone in at any time. Run the programme’s own Jitsi ' +
            '(MEETING_PROVIDER=jitsi-jwt) or, to accept this, set MEETING_ALLOW_PUBLIC_JITSI=true',
        );
      }
      return { provider, baseUrl: meetingBaseUrl.endsWith('/') ? meetingBaseUrl : `${meetingBaseUrl}/`, publicJitsi };
    }
    case 'jitsi-jwt': {
      const jitsiUrl = read('JITSI_URL');
      const appId = read('JITSI_APP_ID');
      const appSecret = read('JITSI_APP_SECRET');
      let domain = '';
      if (!jitsiUrl) problems.push('JITSI_URL is required with MEETING_PROVIDER=jitsi-jwt (for example https://meet.example.org)');
      else {
        checkUrl(jitsiUrl, 'JITSI_URL', runtime === 'production' ? ['https:'] : ['http:', 'https:'], problems);
        try {
          domain = new URL(jitsiUrl).hostname;
        } catch {
          // Reported by checkUrl.
        }
        if (isPublicJitsi(jitsiUrl)) problems.push('JITSI_URL must be the programme’s own Jitsi: meet.jit.si takes no tokens of ours');
      }
      if (!appId) problems.push('JITSI_APP_ID is required with MEETING_PROVIDER=jitsi-jwt');
      else if (!JITSI_APP_ID.test(appId)) problems.push('JITSI_APP_ID may hold only letters, digits and ._- (at most 64)');
      if (!appSecret) problems.push('JITSI_APP_SECRET is required with MEETING_PROVIDER=jitsi-jwt');
      else if (appSecret.length < MIN_JITSI_SECRET_LENGTH) {
        problems.push(`JITSI_APP_SECRET must be at least ${MIN_JITSI_SECRET_LENGTH} characters`);
      }
      return { provider, jitsiUrl: (jitsiUrl ?? '').replace(/\/+$/, ''), domain, appId: appId ?? '', appSecret: appSecret ?? '' };
    }
    case 'url':
      return { provider };
    default:
      problems.push(`MEETING_PROVIDER must be one of ${MEETING_PROVIDERS.join(', ')} (got "${provider}")`);
      return { provider: 'url' };
  }
}

/**
 * Relative paths are taken from where the command was typed: npm runs scripts
 * in the package's folder but says where it was called from in INIT_CWD.
 */
function resolvePath(env: Env, path: string): string {
  return isAbsolute(path) ? path : resolve(env.INIT_CWD?.trim() || process.cwd(), path);
}

/** DATA_DIR, default `./.data`: the embedded database and the .eml mail live there. */
export function dataDirectoryOf(env: Env): string {
  return resolvePath(env, env.DATA_DIR?.trim() || '.data');
}

/**
 * TRUST_PROXY: "false" (default: the client is the socket's peer, and
 * X-Forwarded-For is ignored), a hop count ("1": one load balancer), or a
 * comma-separated list of proxy addresses or subnets ("10.0.0.0/8,loopback").
 */
export function parseTrustProxy(raw: string, problems: string[]): false | number | string[] {
  if (raw === 'false' || raw === '0') return false;
  if (/^\d+$/.test(raw)) return parseInteger(raw, 'TRUST_PROXY', 0, 10, problems) || false;
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const shape = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;
  const wrong = entries.filter((e) => !shape.test(e));
  if (entries.length === 0 || wrong.length > 0)
    problems.push(`TRUST_PROXY must be false, a hop count, or addresses/subnets separated by commas (got "${raw}")`);
  return entries;
}

function parseInteger(raw: string, name: string, min: number, max: number, problems: string[]): number {
  if (!/^-?\d+$/.test(raw)) {
    problems.push(`${name} must be a whole number (got "${raw}")`);
    return min;
  }
  const value = Number(raw);
  if (value < min || value > max) problems.push(`${name} must be between ${min} and ${max} (got ${value})`);
  return value;
}

function isHttpsOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function checkUrl(raw: string, name: string, protocols: readonly string[], problems: string[]): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name} is not a valid URL`);
    return;
  }
  if (!protocols.includes(url.protocol)) problems.push(`${name} must use ${protocols.join(' or ')} (got ${url.protocol})`);
}

const OFFSET_UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/**
 * "24h,1h,30m" → [86400, 3600, 1800] seconds: positive, distinct, largest
 * first. Seconds ("90s") exist for tests and demos that cannot wait an hour.
 */
export function parseOffsets(raw: string, name: string, problems: string[]): number[] {
  const seconds: number[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    const match = /^(\d{1,7})(s|m|h|d)$/.exec(part);
    if (!match) {
      problems.push(`${name} entries look like 24h, 90m, 2d or 45s (got "${part}")`);
      continue;
    }
    const value = Number(match[1]) * OFFSET_UNIT_SECONDS[match[2] as keyof typeof OFFSET_UNIT_SECONDS];
    if (value <= 0 || value > 30 * 86_400) problems.push(`${name} entries must be between 1s and 30d (got "${part}")`);
    else if (seconds.includes(value)) problems.push(`${name} lists ${part} twice`);
    else seconds.push(value);
  }
  return seconds.sort((a, b) => b - a);
}

export const DEFAULT_MATCH_WEIGHTS_CONFIG = { topics: 0.35, overlap: 0.35, fairness: 0.2, continuity: 0.1 } as const;
type WeightName = keyof typeof DEFAULT_MATCH_WEIGHTS_CONFIG;

/** "topics=0.5,fairness=0.1": named weights, each between 0 and 10; the others keep their defaults. */
export function parseWeights(raw: string, name: string, problems: string[]): Record<WeightName, number> {
  const weights: Record<WeightName, number> = { ...DEFAULT_MATCH_WEIGHTS_CONFIG };
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(topics|overlap|fairness|continuity)=(\d+(?:\.\d+)?)$/.exec(part);
    if (!match || Number(match[2]) > 10) {
      problems.push(`${name} entries look like topics=0.35 (topics, overlap, fairness or continuity; 0 to 10), got "${part}"`);
      continue;
    }
    weights[match[1] as WeightName] = Number(match[2]);
  }
  return weights;
}

/** Only the database URL, for tools (the migration CLI) that need nothing else. */
export function loadDatabaseUrl(env: Env): string {
  const problems: string[] = [];
  const url = env.DATABASE_URL?.trim();
  if (!url) problems.push('DATABASE_URL is required (for example postgres://postgres@127.0.0.1:5432/coaching)');
  else checkUrl(url, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return url!;
}

/** What the start banner says about the meeting rooms: plainly, the moderator sign-in meet.jit.si asks for. */
export function describeMeetings(meeting: MeetingConfig): string[] {
  switch (meeting.provider) {
    case 'jitsi-jwt':
      return [`  Meetings  the programme's Jitsi at ${meeting.jitsiUrl}, a token per person (JITSI_APP_ID ${meeting.appId})`];
    case 'url':
      return ['  Meetings  the meeting URL the coach or a coordinator sets on each session'];
    case 'jitsi':
      return meeting.publicJitsi
        ? [
            `  Meetings  rooms on ${meeting.baseUrl} (public, no tokens). There the COACH MUST SIGN IN AS MODERATOR`,
            '            (a Google, Facebook or GitHub account) before the room opens, and anyone with the link may join.',
            '            For real sessions run your own Jitsi: MEETING_PROVIDER=jitsi-jwt (README, "Meeting rooms").',
          ]
        : [`  Meetings  rooms on ${meeting.baseUrl}, no tokens`];
  }
}
