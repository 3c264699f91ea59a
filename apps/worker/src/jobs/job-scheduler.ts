import type { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type JobName, onEachQueueReady } from '@app/queue';

export interface RepeatingJob {
  schedulerId: string;
  name: JobName;
  everyMs: number;
  /** How many finished and how many failed runs BullMQ keeps. */
  keep: number;
  /** Logged when the scheduler could not be written. */
  postponedMessage: string;
}

/**
 * Keeps a BullMQ job scheduler in place: written at worker start and again each time the queue's Redis connection comes
 * back, since a Redis that restarted empty has lost it. `afterwards` runs once the scheduler is written. A failure is
 * logged and waits for the next reconnection. Returns the function that stops watching the connection.
 */
export function keepJobScheduled(
  queue: Queue,
  redis: Redis | null,
  logger: Logger,
  job: RepeatingJob,
  afterwards: () => Promise<void> = () => Promise.resolve(),
): () => void {
  const schedule = async () => {
    try {
      await queue.upsertJobScheduler(
        job.schedulerId,
        { every: job.everyMs },
        { name: job.name, data: {}, opts: { removeOnComplete: job.keep, removeOnFail: job.keep } },
      );
      await afterwards();
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, job.postponedMessage);
    }
  };
  return onEachQueueReady(redis, () => void schedule());
}
