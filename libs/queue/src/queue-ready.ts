import type { Redis } from 'ioredis';

/**
 * Runs `task` now if the queue's store can take commands, and again each time
 * the Redis connection comes back (Redis may have restarted empty, losing job
 * schedulers and jobs). On the PostgreSQL backend (no Redis client) it runs
 * once, now. Returns the function that stops listening.
 */
export function onEachQueueReady(redis: Redis | null, task: () => void): () => void {
  if (!redis) {
    task();
    return () => undefined;
  }
  redis.on('ready', task);
  if (redis.status === 'ready') task();
  return () => redis.off('ready', task);
}
