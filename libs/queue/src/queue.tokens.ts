/** A plain ioredis client for small shared counters (login rate limits) and health checks; null on the PostgreSQL backend. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
