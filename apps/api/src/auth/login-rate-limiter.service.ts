import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '@app/config';
import { REDIS_CLIENT } from '@app/queue';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { createLimiter, retryAfterSeconds } from '../common/throttle/limiter-factory';

/** A client address may fail this many times the per-account limit, for shared connections (a class on the academy's Wi-Fi). */
const ADDRESS_FACTOR = 5;

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * Counts failed sign-ins only: per account-and-address (LOGIN_MAX_ATTEMPTS)
 * and per address (five times that). A correct password resets the
 * account-and-address count, so a class of newcomers signing in from one
 * address never locks itself out, while guessing one account's password is
 * stopped after LOGIN_MAX_ATTEMPTS failures in the window. Keys hold hashes,
 * never an address or an email.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly perAccount: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;

  constructor(@Inject(REDIS_CLIENT) redis: Redis | null, @Inject(APP_CONFIG) config: AppConfig) {
    const { maxAttempts, windowSeconds } = config.loginRateLimit;
    const prefix = `${config.queuePrefix}:login-failures`;
    this.perAccount = createLimiter(redis, `${prefix}:account`, maxAttempts, windowSeconds);
    this.perAddress = createLimiter(redis, `${prefix}:address`, maxAttempts * ADDRESS_FACTOR, windowSeconds);
  }

  /** Refuses, before any password is checked, when either count is used up. */
  async assertAllowed(email: string, address: string): Promise<void> {
    const [account, fromAddress] = await Promise.all([
      this.perAccount.get(this.accountKey(email, address)),
      this.perAddress.get(digest(address)),
    ]);
    const blocked = [
      [account, this.perAccount.points],
      [fromAddress, this.perAddress.points],
    ].filter(([result, limit]) => result !== null && (result as { consumedPoints: number }).consumedPoints >= (limit as number));
    if (blocked.length > 0) {
      const wait = Math.max(...blocked.map(([result]) => retryAfterSeconds(result as never)));
      throw new ApiException(ErrorCode.RateLimited, `Too many failed sign-in attempts; try again in ${wait} seconds`, undefined, {
        'Retry-After': String(wait),
      });
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    // A rejection only means the count was already full; it stays full.
    await Promise.all([this.perAccount.penalty(this.accountKey(email, address), 1), this.perAddress.penalty(digest(address), 1)]);
  }

  async recordSuccess(email: string, address: string): Promise<void> {
    await this.perAccount.delete(this.accountKey(email, address));
  }

  private accountKey(email: string, address: string): string {
    return `${digest(email.toLowerCase())}:${digest(address)}`;
  }
}
