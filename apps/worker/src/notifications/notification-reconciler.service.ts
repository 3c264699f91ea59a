import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { notificationJobId } from '@app/notifications';
import { NotificationsRepository } from '@app/persistence';
import { JobName, JobOutcome, QueueName } from '@app/queue';
import { JobHandler } from '../jobs/job-handler.decorator';
import { JobSchedules } from '../jobs/job-schedules.service';

const PAGE = 1_000;
export const RECONCILER_SCHEDULER_ID = 'notifications-reconciler';

/**
 * Redis may restart empty. The reconciler finds notifications the database
 * calls queued whose job Redis no longer holds, and hands them back to the
 * relay. It runs from a BullMQ job scheduler, at worker start, and whenever
 * the worker's Redis connection comes back; the scheduler itself is
 * re-created each time, since an emptied Redis loses it too.
 */
@Injectable()
export class NotificationReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationReconciler.name);
  private running: Promise<number> | null = null;

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    private readonly notifications: NotificationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schedules: JobSchedules,
  ) {}

  onApplicationBootstrap(): void {
    this.schedules.keep(
      this.logger,
      {
        schedulerId: RECONCILER_SCHEDULER_ID,
        name: JobName.ReconcileNotifications,
        everyMs: this.config.reconcileIntervalSeconds * 1000,
        keep: 100,
        postponedMessage: 'Reconciliation postponed',
      },
      async () => {
        const requeued = await this.reconcile();
        if (requeued > 0) this.logger.warn({ requeued }, 'Queued notifications had lost their jobs; handed back to the relay');
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  @JobHandler(JobName.ReconcileNotifications)
  async handleReconcile(): Promise<JobOutcome> {
    return { status: 'done', detail: { requeued: await this.reconcile() } };
  }

  /** Returns how many rows were handed back to the relay. One run at a time per worker. */
  reconcile(): Promise<number> {
    this.running ??= this.sweep().finally(() => (this.running = null));
    return this.running;
  }

  private async sweep(): Promise<number> {
    let requeued = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await this.notifications.queuedAfter(after, PAGE);
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      // Sent together, so a page costs about one round trip.
      const states = await Promise.all(ids.map((id) => this.queue.getJobState(notificationJobId(id))));
      const missing = ids.filter((_, i) => states[i] === 'unknown');
      requeued += await this.notifications.requeue(missing); // its NOTIFY wakes the relays
      if (ids.length < PAGE) break;
    }
    return requeued;
  }
}
