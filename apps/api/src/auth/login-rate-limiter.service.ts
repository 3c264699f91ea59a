import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { REDIS_CLIENT } from '@app/queue';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';

/** Each client address may try this many times the per-account limit, for shared connections (a reception desk). */
const ADDRESS_FACTOR = 5;

/**
 * Fixed-window counters in Redis, shared by every API replica: per account
 * (hashed email) and per client address. If Redis is unreachable, logins are
 * allowed and the fault is logged: locking every newcomer out is worse.
 * Without Redis (the one-process embedded default) the counters are kept in
 * this process, which is then the only one.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly logger = new Logger(LoginRateLimiter.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async consume(email: string, address: string): Promise<void> {
    const { maxAttempts, windowSeconds } = this.config.loginRateLimit;
    const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);
    const prefix = `${this.config.queuePrefix}:login`;
    const checks: Array<[string, number]> = [
      [`${prefix}:account:${digest(email.toLowerCase())}`, maxAttempts],
      [`${prefix}:address:${digest(address)}`, maxAttempts * ADDRESS_FACTOR],
    ];
    let results: Array<[Error | null, unknown]> | null;
    if (this.redis) {
      try {
        const pipeline = this.redis.multi();
        for (const [key] of checks) pipeline.incr(key).expire(key, windowSeconds, 'NX').ttl(key);
        results = await pipeline.exec();
      } catch (error) {
        this.logger.warn({ err: error }, 'Login rate limiter unavailable; allowing the attempt');
        return;
      }
    } else {
      results = checks.flatMap(([key]) => this.countLocally(key, windowSeconds));
    }
    checks.forEach(([, limit], index) => {
      const count = Number(results?.[index * 3]?.[1] ?? 0);
      const ttl = Number(results?.[index * 3 + 2]?.[1] ?? windowSeconds);
      if (count > limit) {
        throw new ApiException(ErrorCode.RateLimited, `Too many sign-in attempts; try again in ${ttl} seconds`, undefined, {
          'Retry-After': String(Math.max(ttl, 1)),
        });
      }
    });
  }

  private readonly local = new Map<string, { count: number; resetsAt: number }>();

  /** INCR, EXPIRE NX and TTL, as the Redis pipeline answers them. */
  private countLocally(key: string, windowSeconds: number): Array<[null, number]> {
    const now = Date.now();
    if (this.local.size > 10_000) for (const [k, w] of this.local) if (w.resetsAt <= now) this.local.delete(k);
    let window = this.local.get(key);
    if (!window || window.resetsAt <= now) {
      window = { count: 0, resetsAt: now + windowSeconds * 1000 };
      this.local.set(key, window);
    }
    window.count++;
    return [[null, window.count], [null, 1], [null, Math.ceil((window.resetsAt - now) / 1000)]];
  }
}
