import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JobOutcome, QueueName } from '@app/queue';
import { withoutAddresses } from '../notifications/staleness';
import { JobRouter } from './job-router.service';

/**
 * Consumes the notifications queue. Failures propagate, so BullMQ's attempts
 * and exponential backoff apply; nothing is caught and dropped here.
 */
// A job whose worker died is retried once its lock lapses (at most lockDuration + stalledInterval later).
@Processor(QueueName.Notifications, { concurrency: 16, lockDuration: 20_000, stalledInterval: 10_000 })
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(private readonly router: JobRouter) {
    super();
  }

  async process(job: Job): Promise<JobOutcome> {
    let outcome: JobOutcome;
    const progress = job.progress as { checkpoint?: unknown } | number | undefined;
    try {
      outcome = await this.router.dispatch(job.name, job.data, {
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
        checkpoint: typeof progress === 'object' && typeof progress?.checkpoint === 'string' ? progress.checkpoint : null,
        saveCheckpoint: (checkpoint) => job.updateProgress({ checkpoint }),
      });
    } catch (error) {
      // BullMQ keeps a failed job's message and stack for weeks, and the queue dashboard shows them:
      // an SMTP refusal quoting the recipient's address must not get there.
      const message = withoutAddresses(error instanceof Error ? error.message : String(error));
      // A refusal that no retry can change ends the job now; BullMQ recognises it by its class.
      throw error instanceof UnrecoverableError ? new UnrecoverableError(message) : new Error(message);
    }
    this.logger.log({ jobId: job.id, jobName: job.name, attempt: job.attemptsMade + 1, outcome: outcome.status }, 'Job handled');
    return outcome;
  }

  /**
   * Every failed attempt, by job id and name (never the payload or addresses):
   * `final` says whether BullMQ gives up on it, after the last attempt or on
   * an unrecoverable error.
   */
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (!job) return;
    const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    const entry = { jobId: job.id, jobName: job.name, attempt: job.attemptsMade, final, err: withoutAddresses(error.message) };
    if (final) this.logger.error(entry, 'Job failed');
    else this.logger.warn(entry, 'Job failed');
  }

  /**
   * Connection trouble and lost job keys (Redis restarted empty) surface here.
   * Without a listener, an 'error' event would throw; the outbox reconciler
   * repairs what Redis lost, so logging is all this needs to do.
   */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error.message }, 'Queue worker error');
  }
}
