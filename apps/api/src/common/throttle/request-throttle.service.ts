import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '@app/config';
import { REDIS_CLIENT } from '@app/queue';
import { ApiException } from '../errors/api.exception';
import { ErrorCode } from '../errors/error-code';
import { createLimiter, retryAfterSeconds } from './limiter-factory';

/** The public routes that cost an argon2 hash, a mail or a schedule computation, each with its own counters. */
export type ThrottledAction = 'register-address' | 'register-email' | 'link-address' | 'link-email' | 'search-account' | 'search-address';

/**
 * Throttles expensive requests: every request counts (unlike sign-in, where
 * only failures do). Keys are hashed, so no address or email is kept.
 */
@Injectable()
export class RequestThrottle {
  private readonly limiters: Record<ThrottledAction, RateLimiterAbstract>;

  constructor(@Inject(REDIS_CLIENT) redis: Redis | null, @Inject(APP_CONFIG) config: AppConfig) {
    const prefix = `${config.queuePrefix}:throttle`;
    const { perAddress, perEmail, windowSeconds } = config.registerRateLimit;
    this.limiters = {
      'register-address': createLimiter(redis, `${prefix}:register-address`, perAddress, windowSeconds),
      'register-email': createLimiter(redis, `${prefix}:register-email`, perEmail, windowSeconds),
      // Reset and sign-in links: the same budget as registration, which sends the same kind of mail.
      'link-address': createLimiter(redis, `${prefix}:link-address`, perAddress, windowSeconds),
      'link-email': createLimiter(redis, `${prefix}:link-email`, perEmail, windowSeconds),
      'search-account': createLimiter(redis, `${prefix}:search-account`, config.searchRateLimitPerMinute, 60),
      // A class on one Wi-Fi shares an address: it gets five accounts' worth.
      'search-address': createLimiter(redis, `${prefix}:search-address`, config.searchRateLimitPerMinute * 5, 60),
    };
  }

  async consume(action: ThrottledAction, key: string): Promise<void> {
    try {
      await this.limiters[action].consume(createHash('sha256').update(key.toLowerCase()).digest('hex').slice(0, 32));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const wait = retryAfterSeconds(rejection);
      throw new ApiException(ErrorCode.RateLimited, `Too many requests; try again in ${wait} seconds`, undefined, {
        'Retry-After': String(wait),
      });
    }
  }
}
