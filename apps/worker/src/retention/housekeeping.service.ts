import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { HousekeepingRepository } from '@app/persistence';
import { JobName, JobOutcome, QueueName, REDIS_CLIENT } from '@app/queue';
import { JobHandler } from '../jobs/job-handler.decorator';
import { keepJobScheduled } from '../jobs/job-scheduler';

export const HOUSEKEEPING_SCHEDULER_ID = 'records-purge';
const HOUR_MS = 3_600_000;

/**
 * Every hour: forgets idempotency keys past their time to live
 * (IDEMPOTENCY_KEY_TTL_HOURS) and deletes settled notification rows (sent,
 * skipped, failed) older than NOTIFICATION_RETENTION_DAYS, so neither table
 * grows for ever. Ages are measured by the database's clock, which stamped the rows.
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HousekeepingService.name);
  private stopWatching: (() => void) | null = null;

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    private readonly records: HousekeepingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.stopWatching = keepJobScheduled(this.queue, this.redis, this.logger, {
      schedulerId: HOUSEKEEPING_SCHEDULER_ID,
      name: JobName.PurgeExpiredRecords,
      everyMs: HOUR_MS,
      keep: 30,
      postponedMessage: 'Housekeeping schedule postponed until Redis is back',
    });
  }

  onApplicationShutdown(): void {
    this.stopWatching?.();
  }

  @JobHandler(JobName.PurgeExpiredRecords)
  async handlePurgeExpired(): Promise<JobOutcome> {
    return { status: 'done', detail: { ...(await this.purge()) } };
  }

  async purge(): Promise<{ idempotencyKeys: number; notifications: number }> {
    const idempotencyKeys = await this.records.purgeExpiredIdempotencyKeys();
    const notifications = await this.records.purgeSettledNotifications(this.config.notificationRetentionDays);
    if (idempotencyKeys + notifications > 0) this.logger.log({ idempotencyKeys, notifications }, 'Purged expired records');
    return { idempotencyKeys, notifications };
  }
}
