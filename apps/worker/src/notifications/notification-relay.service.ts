import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Clock } from '@app/clock';
import { APP_CONFIG, AppConfig } from '@app/config';
import { notificationJobId } from '@app/notifications';
import { NotificationsRepository, OUTBOX_CHANNEL } from '@app/persistence';
import { JobName, QueueName, withDeadline } from '@app/queue';
import { RelayLoop } from './relay-loop';

const BATCH = 500;
/** The relay also looks by itself this often, in case a NOTIFY was missed (listener reconnecting). */
const POLL_MS = 1_000;
/** Longer than this and Redis is taken to be away: the batch is rolled back and tried again later. */
const REDIS_DEADLINE_MS = 5_000;
const LISTEN_RETRY_MS = 2_000;

/**
 * Feeds BullMQ from the outbox. Pending rows are claimed with SKIP LOCKED (so
 * several workers share the work), added as jobs whose id is derived from the
 * row (reminders as delayed jobs), and marked queued in the same transaction.
 * If Redis is away, the transaction rolls back and the rows wait: nothing is
 * lost, and a job added twice is one job.
 */
@Injectable()
export class NotificationRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationRelay.name);
  private listener: Client | null = null;
  private readonly loop = new RelayLoop(this.logger, {
    relayBatch: () => this.relayBatch(),
    batchSize: BATCH,
    pollMs: POLL_MS,
    pausedMessage: 'Outbox relay paused; pending notifications wait for the next try',
  });

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.loop.start();
  }

  /** The first shutdown step: no new batches, the current one finishes while the database is still open. */
  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private relayBatch(): Promise<number> {
    return this.config.queueBackend === 'redis' ? this.relayInTransaction() : this.relayAfterCommit();
  }

  /** Redis: the jobs are added while the rows are held, and the rows are marked queued only if Redis took them. */
  private relayInTransaction(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.notifications.claimPending(manager, BATCH);
      if (rows.length === 0) return 0;
      await withDeadline(this.addJobs(rows), REDIS_DEADLINE_MS, () => new Error('Redis did not take the jobs in time'));
      await this.notifications.markQueued(
        manager,
        rows.map((row) => row.id),
      );
      this.logger.debug({ count: rows.length }, 'Notifications queued');
      return rows.length;
    });
  }

  /**
   * The PostgreSQL backend keeps the jobs in this same database, and the
   * embedded one serves a single transaction at a time, so the jobs cannot be
   * added while the rows are held. The rows are marked queued and committed
   * first, then the jobs added; if adding fails the rows go back to pending,
   * and a crash in between leaves queued rows without jobs, which is what the
   * reconciler finds and hands back.
   */
  private async relayAfterCommit(): Promise<number> {
    const rows = await this.dataSource.transaction(async (manager) => {
      const claimed = await this.notifications.claimPending(manager, BATCH);
      if (claimed.length > 0)
        await this.notifications.markQueued(
          manager,
          claimed.map((row) => row.id),
        );
      return claimed;
    });
    if (rows.length === 0) return 0;
    try {
      await this.addJobs(rows);
    } catch (error) {
      await this.notifications.requeue(rows.map((row) => row.id));
      throw error;
    }
    return rows.length;
  }

  private addJobs(rows: ReadonlyArray<{ id: string; dueAt: Date }>): Promise<unknown> {
    // Delays are measured against the worker's clock, which tests pin; BullMQ then counts them down in real time.
    const now = this.clock.now().getTime();
    const { attempts, backoffMs } = this.config.notificationRetry;
    return this.queue.addBulk(
      rows.map((row) => ({
        name: JobName.SendNotification,
        data: { notificationId: row.id },
        opts: {
          jobId: notificationJobId(row.id),
          delay: Math.max(0, row.dueAt.getTime() - now),
          attempts,
          backoff: { type: 'exponential', delay: backoffMs },
          removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      })),
    );
  }

  /** A dedicated connection LISTENs for commits that wrote outbox rows. */
  private async listen(): Promise<void> {
    if (this.loop.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'coaching-worker-relay' });
    const retry = () => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), LISTEN_RETRY_MS).unref();
    };
    client.on('notification', () => this.loop.wake());
    client.on('error', retry);
    client.on('end', retry);
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'Outbox listener not connected; polling meanwhile');
      retry();
    }
  }
}
