import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Clock } from '@app/clock';
import { APP_CONFIG, AppConfig } from '@app/config';
import { hashToken, LinkTokens } from '@app/notifications';
import { WaitingListOutboxKind, WaitingListRepository } from '@app/persistence';
import { JobName, onEachQueueReady, QueueName, REDIS_CLIENT, withDeadline } from '@app/queue';
import { RelayLoop } from '../notifications/relay-loop';
import { WaitingListHandler } from './waiting-list.handler';

const BATCH = 200;
const POLL_MS = 1_000;
const REDIS_DEADLINE_MS = 5_000;
/** Expiry is checked at most this often; the notice comes 7 days ahead, so seconds do not matter. */
const SWEEP_EVERY_MS = 5_000;

const JOB_OF_KIND: Readonly<
  Record<WaitingListOutboxKind, JobName.MatchWaitingList | JobName.SendWaitingListOffer | JobName.SendWaitingListExpiryNotice>
> = {
  coach_changed: JobName.MatchWaitingList,
  offer: JobName.SendWaitingListOffer,
  expiry_notice: JobName.SendWaitingListExpiryNotice,
};

/** One job per outbox row, ever: BullMQ ignores a second add with the same id. */
export const waitingListJobId = (outboxId: string) => `waiting-list-${outboxId}`;

/**
 * Feeds BullMQ from the waiting list's outbox, as the account-mail relay does
 * for its rows: claimed with SKIP LOCKED, marked queued only once Redis took
 * the jobs, and handed back when Redis lost them (at start, on reconnection,
 * every RECONCILE_INTERVAL_SECONDS). So a Redis outage delays offers and
 * notices; it never loses one or sends one twice.
 *
 * Between relays it sweeps the list: entries past their end become expired,
 * and entries within 7 days of it get a notice row.
 */
@Injectable()
export class WaitingListRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WaitingListRelay.name);
  private readonly loop = new RelayLoop(this.logger, {
    relayBatch: () => this.relayBatch(),
    batchSize: BATCH,
    pollMs: POLL_MS,
    pausedMessage: 'Waiting-list relay paused; pending rows wait for the next try',
  });
  private reconcileTimer: NodeJS.Timeout | null = null;
  private stopWatching: (() => void) | null = null;
  private reconciling: Promise<number> | null = null;
  private lastSweep = -Infinity;

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    private readonly waitingList: WaitingListRepository,
    private readonly links: LinkTokens,
    private readonly handler: WaitingListHandler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.handler.onOffers = () => this.loop.wake();
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.config.reconcileIntervalSeconds * 1000);
    this.stopWatching = onEachQueueReady(this.redis, () => void this.reconcile());
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.handler.onOffers = null;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.stopWatching?.();
    await this.loop.stop();
    await this.reconciling;
  }

  /** Hands queued rows whose job is gone back to the relay; returns how many. One run at a time. */
  reconcile(): Promise<number> {
    if (this.loop.stopped) return Promise.resolve(0);
    this.reconciling ??= this.findLost()
      .then((requeued) => {
        if (requeued > 0) {
          this.logger.warn({ requeued }, 'Queued waiting-list rows had lost their jobs; handed back to the relay');
          this.loop.wake();
        }
        return requeued;
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'Waiting-list reconciliation postponed');
        return 0;
      })
      .finally(() => (this.reconciling = null));
    return this.reconciling;
  }

  private async findLost(): Promise<number> {
    let requeued = 0;
    let after: string | null = null;
    for (;;) {
      const rows = await this.waitingList.queuedAfter(after, BATCH);
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const states = await Promise.all(rows.map((r) => this.queue.getJobState(waitingListJobId(r.id))));
      requeued += await this.waitingList.requeue(rows.filter((_, i) => states[i] === 'unknown').map((r) => r.id));
      if (rows.length < BATCH) break;
    }
    return requeued;
  }

  private async sweep(): Promise<void> {
    // How often is a matter of load, measured on the process's own timer; what is due is read from the injected clock.
    if (performance.now() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = performance.now();
    const { expired, notices } = await this.waitingList.sweep(
      this.clock.now(),
      (id, nonce) => hashToken(this.links.deriveWaitingListRenewal(id, nonce)),
      LinkTokens.newNonce,
      BATCH,
    );
    if (expired + notices > 0) this.logger.log({ expired, notices }, 'Waiting list swept');
  }

  private async relayBatch(): Promise<number> {
    await this.sweep();
    if (this.config.queueBackend === 'redis') {
      return this.waitingList.transaction(async (manager) => {
        const rows = await this.waitingList.claimPending(manager, BATCH);
        if (rows.length === 0) return 0;
        await withDeadline(this.addJobs(rows), REDIS_DEADLINE_MS, () => new Error('Redis did not take the jobs in time'));
        await this.waitingList.markQueued(
          manager,
          rows.map((r) => r.id),
        );
        return rows.length;
      });
    }
    const rows = await this.waitingList.transaction(async (manager) => {
      const claimed = await this.waitingList.claimPending(manager, BATCH);
      if (claimed.length > 0)
        await this.waitingList.markQueued(
          manager,
          claimed.map((r) => r.id),
        );
      return claimed;
    });
    if (rows.length === 0) return 0;
    try {
      await this.addJobs(rows);
    } catch (error) {
      await this.waitingList.requeue(rows.map((r) => r.id));
      throw error;
    }
    return rows.length;
  }

  private addJobs(rows: ReadonlyArray<{ id: string; kind: WaitingListOutboxKind }>): Promise<unknown> {
    const { attempts, backoffMs } = this.config.notificationRetry;
    return this.queue.addBulk(
      rows.map((row) => ({
        name: JOB_OF_KIND[row.kind],
        data: { waitingListOutboxId: row.id },
        opts: {
          jobId: waitingListJobId(row.id),
          attempts,
          backoff: { type: 'exponential', delay: backoffMs },
          removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      })),
    );
  }
}
