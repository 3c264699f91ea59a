import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AccountTokensRepository } from '@app/persistence';
import { JobName, onEachQueueReady, QueueName, REDIS_CLIENT, withDeadline } from '@app/queue';
import { RelayLoop } from './relay-loop';

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
 *
 * Redis may also restart empty after a mail was queued: at worker start, on
 * every reconnection and every RECONCILE_INTERVAL_SECONDS, queued mails whose
 * job Redis no longer holds go back to pending, as the notification
 * reconciler does for session messages.
 */
@Injectable()
export class AccountMailRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AccountMailRelay.name);
  private readonly loop = new RelayLoop(this.logger, {
    relayBatch: () => this.relayBatch(),
    batchSize: BATCH,
    pollMs: POLL_MS,
    pausedMessage: 'Account mail relay paused; pending mails wait for the next try',
  });
  private reconcileTimer: NodeJS.Timeout | null = null;
  private stopWatching: (() => void) | null = null;
  private reconciling: Promise<number> | null = null;

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    private readonly accountTokens: AccountTokensRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.config.reconcileIntervalSeconds * 1000);
    this.stopWatching = onEachQueueReady(this.redis, () => void this.reconcile());
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.stopWatching?.();
    await this.loop.stop();
    await this.reconciling;
  }

  /** Hands queued mails whose job is gone back to the relay; returns how many. One run at a time. */
  reconcile(): Promise<number> {
    if (this.loop.stopped) return Promise.resolve(0);
    this.reconciling ??= this.sweep()
      .then((requeued) => {
        if (requeued > 0) {
          this.logger.warn({ requeued }, 'Queued account mails had lost their jobs; handed back to the relay');
          this.loop.wake();
        }
        return requeued;
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'Account mail reconciliation postponed');
        return 0;
      })
      .finally(() => (this.reconciling = null));
    return this.reconciling;
  }

  private async sweep(): Promise<number> {
    let requeued = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await this.accountTokens.queuedAfter(after, BATCH);
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      const states = await Promise.all(ids.map((id) => this.queue.getJobState(accountMailJobId(id))));
      requeued += await this.accountTokens.requeue(ids.filter((_, i) => states[i] === 'unknown'));
      if (ids.length < BATCH) break;
    }
    return requeued;
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
