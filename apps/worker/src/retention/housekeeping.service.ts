import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { HousekeepingRepository } from '@app/persistence';
import { JobName, JobOutcome } from '@app/queue';
import { JobHandler } from '../jobs/job-handler.decorator';
import { JobSchedules } from '../jobs/job-schedules.service';

export const HOUSEKEEPING_SCHEDULER_ID = 'records-purge';
const HOUR_MS = 3_600_000;

/**
 * Every hour: forgets idempotency keys past their time to live
 * (IDEMPOTENCY_KEY_TTL_HOURS) and deletes settled notification rows (sent,
 * skipped, failed) older than NOTIFICATION_RETENTION_DAYS, so neither table
 * grows for ever. Ages are measured by the database's clock, which stamped the rows.
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap {
  private readonly logger = new Logger(HousekeepingService.name);

  constructor(
    private readonly records: HousekeepingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schedules: JobSchedules,
  ) {}

  onApplicationBootstrap(): void {
    this.schedules.keep(this.logger, {
      schedulerId: HOUSEKEEPING_SCHEDULER_ID,
      name: JobName.PurgeExpiredRecords,
      everyMs: HOUR_MS,
      keep: 30,
      postponedMessage: 'Housekeeping schedule postponed until Redis is back',
    });
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
