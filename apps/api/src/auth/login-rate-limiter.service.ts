import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '@app/config';
import { REDIS_CLIENT } from '@app/queue';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { clientNetwork } from '../common/throttle/client-network';
import { createLimiter, retryAfterSeconds } from '../common/throttle/limiter-factory';

/** A client address may fail this many times the per-account limit, for shared connections (a class on the academy's Wi-Fi). */
const ADDRESS_FACTOR = 5;

/** The first wait once an account has used its free failures; each further failure doubles it, up to LOGIN_MAX_DELAY_SECONDS. */
const FIRST_DELAY_SECONDS = 30;

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** Whether a limiter's answer says the key has used all its points. */
const usedUp = (result: RateLimiterRes | null, points: number): result is RateLimiterRes =>
  result !== null && result.consumedPoints >= points;

/**
 * Counts failed sign-ins only, three ways:
 * - per account and client network (LOGIN_MAX_ATTEMPTS in the window, then
 *   refused until the window ends): one source guessing one password;
 * - per client network (five times that): one source guessing many accounts;
 * - per account, whatever the address: past LOGIN_MAX_ATTEMPTS failures in
 *   the window, each failure makes the next attempt wait, 30 s doubling up to
 *   LOGIN_MAX_DELAY_SECONDS (and never past the window). Guessing from many addresses is slowed to a
 *   crawl, and an attacker cannot lock the owner out for longer than that
 *   ceiling at a time (a mailed sign-in link is not counted here).
 * A client network is the IPv4 address, or the /64 of an IPv6 address (one
 * household or phone gets a whole /64). A correct password clears the
 * account's counts, so a class of newcomers signing in from one address never
 * locks itself out. Keys hold hashes, never an address or an email.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly perAccountAndAddress: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;
  private readonly perAccount: RateLimiterAbstract;
  private readonly accountDelay: RateLimiterAbstract;
  private readonly freeFailures: number;
  private readonly maxDelaySeconds: number;

  constructor(@Inject(REDIS_CLIENT) redis: Redis | null, @Inject(APP_CONFIG) config: AppConfig) {
    const { maxAttempts, windowSeconds, maxDelaySeconds } = config.loginRateLimit;
    const prefix = `${config.queuePrefix}:login-failures`;
    this.freeFailures = maxAttempts;
    // A wait never outlasts the window the failures are counted in: once it ends, the account starts afresh.
    this.maxDelaySeconds = Math.min(maxDelaySeconds, windowSeconds);
    this.perAccountAndAddress = createLimiter(redis, `${prefix}:account`, maxAttempts, windowSeconds);
    this.perAddress = createLimiter(redis, `${prefix}:address`, maxAttempts * ADDRESS_FACTOR, windowSeconds);
    // Counts only; the refusal is the delay below. Its points are never the limit.
    this.perAccount = createLimiter(redis, `${prefix}:account-any`, Number.MAX_SAFE_INTEGER, windowSeconds);
    this.accountDelay = createLimiter(redis, `${prefix}:account-delay`, 1, 1);
  }

  /** Refuses, before any password is checked, when a count is used up or the account's delay is running. */
  async assertAllowed(email: string, address: string): Promise<void> {
    const [pair, fromAddress, delay] = await Promise.all([
      this.perAccountAndAddress.get(this.pairKey(email, address)),
      this.perAddress.get(this.addressKey(address)),
      this.accountDelay.get(this.accountKey(email)),
    ]);
    const blocked = [
      usedUp(pair, this.perAccountAndAddress.points) ? pair : null,
      usedUp(fromAddress, this.perAddress.points) ? fromAddress : null,
      // block() leaves points + 1 consumed until the delay ends.
      delay !== null && delay.consumedPoints > this.accountDelay.points ? delay : null,
    ].filter((result): result is RateLimiterRes => result !== null);
    if (blocked.length > 0) {
      const wait = Math.max(...blocked.map((result) => retryAfterSeconds(result)));
      throw new ApiException(ErrorCode.RateLimited, `Too many failed sign-in attempts; try again in ${wait} seconds`, undefined, {
        'Retry-After': String(wait),
      });
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    // A rejection only means the count was already full; it stays full.
    const [, , account] = await Promise.all([
      this.perAccountAndAddress.penalty(this.pairKey(email, address), 1),
      this.perAddress.penalty(this.addressKey(address), 1),
      this.perAccount.penalty(this.accountKey(email), 1),
    ]);
    const beyond = account.consumedPoints - this.freeFailures;
    if (beyond >= 0) {
      const seconds = Math.min(FIRST_DELAY_SECONDS * 2 ** Math.min(beyond, 20), this.maxDelaySeconds);
      await this.accountDelay.block(this.accountKey(email), seconds);
    }
  }

  async recordSuccess(email: string, address: string): Promise<void> {
    await Promise.all([this.perAccountAndAddress.delete(this.pairKey(email, address)), this.perAccount.delete(this.accountKey(email))]);
  }

  private accountKey(email: string): string {
    return digest(email.toLowerCase());
  }

  private addressKey(address: string): string {
    return digest(clientNetwork(address));
  }

  private pairKey(email: string, address: string): string {
    return `${this.accountKey(email)}:${this.addressKey(address)}`;
  }
}
