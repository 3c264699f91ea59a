/** A plain ioredis client for small shared counters (login rate limits) and health checks. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
