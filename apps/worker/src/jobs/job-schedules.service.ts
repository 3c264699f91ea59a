import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type JobName, onEachQueueReady, QueueName, REDIS_CLIENT } from '@app/queue';

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
 * Keeps the worker's BullMQ job schedulers in place: each is written at worker start and again each time the queue's
 * Redis connection comes back, since a Redis that restarted empty has lost it. A failure is logged and waits for the
 * next reconnection. At shutdown it stops watching the connection.
 */
@Injectable()
export class JobSchedules implements OnApplicationShutdown {
  private readonly stopWatching: Array<() => void> = [];

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
  ) {}

  /** `afterwards` runs each time the scheduler has been written; its failure is logged as the write's would be. */
  keep(logger: Logger, job: RepeatingJob, afterwards: () => Promise<void> = () => Promise.resolve()): void {
    const schedule = async () => {
      try {
        await this.queue.upsertJobScheduler(
          job.schedulerId,
          { every: job.everyMs },
          { name: job.name, data: {}, opts: { removeOnComplete: job.keep, removeOnFail: job.keep } },
        );
        await afterwards();
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, job.postponedMessage);
      }
    };
    this.stopWatching.push(onEachQueueReady(this.redis, () => void schedule()));
  }

  onApplicationShutdown(): void {
    for (const stop of this.stopWatching.splice(0)) stop();
  }
}
