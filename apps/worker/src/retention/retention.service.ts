import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PersonalDataRepository } from '@app/persistence';
import { JobName, JobOutcome } from '@app/queue';
import { JobHandler } from '../jobs/job-handler.decorator';
import { JobSchedules } from '../jobs/job-schedules.service';

export const RETENTION_SCHEDULER_ID = 'newcomer-retention';
const DAY_MS = 86_400_000;
const BATCH = 100;

/**
 * Erases newcomers who have been inactive (no sign-in, registration or
 * session) for longer than RETENTION_MONTHS, once a day, from a BullMQ job
 * scheduler that is re-created whenever Redis comes back.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly personalData: PersonalDataRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schedules: JobSchedules,
  ) {}

  onApplicationBootstrap(): void {
    this.schedules.keep(this.logger, {
      schedulerId: RETENTION_SCHEDULER_ID,
      name: JobName.EraseInactiveNewcomers,
      everyMs: DAY_MS,
      keep: 30,
      postponedMessage: 'Retention schedule postponed until Redis is back',
    });
  }

  @JobHandler(JobName.EraseInactiveNewcomers)
  async handleEraseInactive(): Promise<JobOutcome> {
    return { status: 'done', detail: { erased: await this.eraseInactive() } };
  }

  /**
   * Erases, in batches of one transaction each, everyone inactive since before
   * the cutoff. Returns how many. Each person has a savepoint: one whose
   * erasure fails is logged (by id) and left for the next run, and the others
   * are erased all the same.
   *
   * The cutoff is taken from the database's clock, which stamped the sign-ins
   * and registrations it is compared with: a worker whose clock runs fast must
   * not erase someone a few minutes early.
   */
  async eraseInactive(): Promise<number> {
    let erased = 0;
    const failed: string[] = [];
    for (;;) {
      const batch = await this.personalData.transaction(async (manager) => {
        const people = await this.personalData.lockInactiveNewcomers(manager, this.config.retentionMonths, BATCH, failed);
        let done = 0;
        for (const person of people) {
          await manager.query('SAVEPOINT erase_one');
          try {
            await this.personalData.anonymise(manager, person, null, 'retention');
            await manager.query('RELEASE SAVEPOINT erase_one');
            done++;
          } catch (error) {
            await manager.query('ROLLBACK TO SAVEPOINT erase_one');
            failed.push(person.id);
            this.logger.error(
              { userId: person.id, err: error instanceof Error ? error.message : String(error) },
              'Could not erase an inactive newcomer',
            );
          }
        }
        return { found: people.length, done };
      });
      erased += batch.done;
      if (batch.found < BATCH) break;
    }
    if (erased > 0) this.logger.log({ erased, retentionMonths: this.config.retentionMonths }, 'Erased inactive newcomers');
    return erased;
  }
}
