import { type Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Counters shared by every API replica through Redis (RateLimiterRedis), or
 * kept in this process when there is no Redis (the one-process embedded
 * default, which is then the only replica).
 *
 * Redis versions: RateLimiterRedis (rate-limiter-flexible 11,
 * lib/RateLimiterRedis.js) runs one Lua script of SET … EX … NX, INCRBY,
 * PTTL and EXPIRE, and reads with MULTI/GET/PTTL and DEL: all of them exist
 * since Redis 2.6.12, so 6.2 and 7 behave the same. If Redis fails, an
 * in-memory limiter with the same limits takes over for that replica
 * (the library's insuranceLimiter): attempts stay limited, per replica.
 */
export function createLimiter(redis: Redis | null, keyPrefix: string, points: number, durationSeconds: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
  if (!redis) return memory;
  return new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: durationSeconds, insuranceLimiter: memory });
}

/** Seconds until a limiter lets the key through again, for Retry-After. */
export function retryAfterSeconds(result: RateLimiterRes | null): number {
  return Math.max(1, Math.ceil((result?.msBeforeNext ?? 1000) / 1000));
}

export function isRateLimiterRes(value: unknown): value is RateLimiterRes {
  return value instanceof RateLimiterRes;
}
