import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { HousekeepingRepository } from '@app/persistence';
import { JobName, JobOutcome } from '@app/queue';
import { JobHandler } from '../jobs/job-handler.decorator';
import { JobSchedules } from '../jobs/job-schedules.service';

export interface PurgeCounts {
  idempotencyKeys: number;
  notifications: number;
  accountMails: number;
  accountTokens: number;
  signIns: number;
  refreshTokens: number;
}

export const HOUSEKEEPING_SCHEDULER_ID = 'records-purge';
const HOUR_MS = 3_600_000;

/**
 * Every hour: forgets idempotency keys past their time to live
 * (IDEMPOTENCY_KEY_TTL_HOURS), deletes settled notification rows (sent,
 * skipped, failed) older than NOTIFICATION_RETENTION_DAYS, and, after
 * ACCOUNT_RECORD_RETENTION_DAYS, sent account mails, dead links (spent,
 * revoked, expired), ended or expired sign-ins and spent refresh tokens, so
 * no table grows for ever. Ages are measured by the database's clock, which stamped the rows.
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

  async purge(): Promise<PurgeCounts> {
    const days = this.config.accountRecordRetentionDays;
    const counts: PurgeCounts = {
      idempotencyKeys: await this.records.purgeExpiredIdempotencyKeys(),
      notifications: await this.records.purgeSettledNotifications(this.config.notificationRetentionDays),
      // Mails first: a dead link's mail would go with it anyway, but a settled mail of a live link must go too.
      accountMails: await this.records.purgeSettledAccountMails(days),
      accountTokens: await this.records.purgeDeadAccountTokens(days),
      signIns: await this.records.purgeEndedSignIns(days),
      refreshTokens: await this.records.purgeSpentRefreshTokens(days),
    };
    if (Object.values(counts).some((n) => n > 0)) this.logger.log(counts, 'Purged expired records');
    return counts;
  }
}
