import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AccountTokensRepository } from '@app/persistence';
import { JobName, QueueName, withDeadline } from '@app/queue';

const BATCH = 200;
const POLL_MS = 1_000;
const REDIS_DEADLINE_MS = 5_000;

export const accountMailJobId = (accountMailId: string) => `account-mail-${accountMailId}`;

/**
 * Feeds BullMQ from the account-mail outbox, as the notification relay does
 * for session messages: rows are claimed with SKIP LOCKED and marked queued
 * only if Redis took the jobs, so a Redis outage delays invitations, resets
 * and verification mails without losing them. On the PostgreSQL backend the
 * rows are marked first and handed back if adding the jobs fails.
 */
@Injectable()
export class AccountMailRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AccountMailRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    private readonly accountTokens: AccountTokensRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  wake(): void {
    if (this.stopped || this.running) return;
    this.running = this.drain().finally(() => (this.running = null));
  }

  async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.relayBatch()) === BATCH);
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'Account mail relay paused; pending mails wait for the next try');
    }
  }

  private async relayBatch(): Promise<number> {
    if (this.config.queueBackend === 'redis') {
      return this.accountTokens.transaction(async (manager) => {
        const ids = await this.accountTokens.claimPending(manager, BATCH);
        if (ids.length === 0) return 0;
        await withDeadline(this.addJobs(ids), REDIS_DEADLINE_MS, () => new Error('Redis did not take the jobs in time'));
        await this.accountTokens.markQueued(manager, ids);
        return ids.length;
      });
    }
    const ids = await this.accountTokens.transaction(async (manager) => {
      const claimed = await this.accountTokens.claimPending(manager, BATCH);
      if (claimed.length > 0) await this.accountTokens.markQueued(manager, claimed);
      return claimed;
    });
    if (ids.length === 0) return 0;
    try {
      await this.addJobs(ids);
    } catch (error) {
      await this.accountTokens.requeue(ids);
      throw error;
    }
    return ids.length;
  }

  private addJobs(ids: readonly string[]): Promise<unknown> {
    const { attempts, backoffMs } = this.config.notificationRetry;
    return this.queue.addBulk(
      ids.map((id) => ({
        name: JobName.SendAccountMail,
        data: { accountMailId: id },
        opts: {
          jobId: accountMailJobId(id),
          attempts,
          backoff: { type: 'exponential', delay: backoffMs },
          removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      })),
    );
  }
}
