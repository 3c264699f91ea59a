import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobsOptions, Queue } from 'bullmq';
import { withDeadline } from './deadline';
import { JobName, JobPayloads, QUEUE_OF_JOB, QueueName } from './job-contract';

export interface EnqueueOptions {
  /** Deterministic ids make enqueueing idempotent: BullMQ ignores a second add with the same id. */
  jobId?: string;
  delayMs?: number;
}

/** Default retry policy: exponential backoff, so a passing SMTP or network fault heals itself. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * BullMQ waits for a ready connection before adding a job, however long Redis
 * is away. A request must not wait with it: past this deadline `enqueue`
 * rejects, and the caller decides what a missing job means.
 */
export const ENQUEUE_TIMEOUT_MS = 2_000;

export class EnqueueTimeoutError extends Error {
  constructor(name: string) {
    super(`Queueing ${name} took longer than ${ENQUEUE_TIMEOUT_MS} ms; is Redis reachable?`);
    this.name = 'EnqueueTimeoutError';
  }
}

/** The only way application code puts work on a queue: typed by job name, so payloads cannot drift. */
@Injectable()
export class QueueProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly moduleRef: ModuleRef) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<string> {
    const adding = this.queueFor(name).add(name, payload, {
      ...DEFAULT_JOB_OPTIONS,
      jobId: options.jobId,
      delay: options.delayMs,
    });
    const job = await withDeadline(adding, ENQUEUE_TIMEOUT_MS, () => new EnqueueTimeoutError(name));
    return job.id!;
  }

  /** Removes jobs by id (missing ones are ignored), within the same deadline as `enqueue`. */
  async remove(name: JobName, jobIds: readonly string[]): Promise<void> {
    const queue = this.queueFor(name);
    await withDeadline(Promise.all(jobIds.map((id) => queue.remove(id))), ENQUEUE_TIMEOUT_MS, () => new EnqueueTimeoutError(name));
  }

  private queueFor(name: JobName): Queue {
    const queueName = QUEUE_OF_JOB[name];
    let queue = this.queues.get(queueName);
    if (!queue) {
      queue = this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
      this.queues.set(queueName, queue);
    }
    return queue;
  }
}
