import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
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
    try {
      outcome = await this.router.dispatch(job.name, job.data, { attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
    } catch (error) {
      // BullMQ keeps a failed job's message and stack for weeks, and the queue dashboard shows them to
      // coordinators of every academy: an SMTP refusal quoting the recipient's address must not get there.
      throw new Error(withoutAddresses(error instanceof Error ? error.message : String(error)));
    }
    this.logger.log({ jobId: job.id, jobName: job.name, attempt: job.attemptsMade + 1, outcome: outcome.status }, 'Job handled');
    return outcome;
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
