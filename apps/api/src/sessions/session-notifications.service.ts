import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { notificationJobId, planNotifications, SessionChange } from '@app/notifications';
import { CoachingSessionEntity, NotificationsRepository } from '@app/persistence';
import { JobName, QueueProducer } from '@app/queue';
import { Clock } from '../common/clock';

/**
 * Writes the messages a session change owes into the outbox, inside the
 * change's own transaction. The API never talks to Redis for them: the
 * worker's relay enqueues the rows, so a booking succeeds while Redis is down.
 */
@Injectable()
export class SessionNotifications {
  private readonly logger = new Logger(SessionNotifications.name);

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly producer: QueueProducer,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Plans the rows for the session's new version and supersedes those of
   * older versions. The academy's own offsets may be passed when the caller
   * has read them already (the booking path does). Returns the job ids that are now stale.
   */
  async record(
    manager: EntityManager,
    change: SessionChange,
    session: CoachingSessionEntity,
    academyOffsetsMinutes?: number[] | null,
  ): Promise<string[]> {
    const stale = change === 'booked' ? [] : await this.notifications.supersede(manager, session.id, session.version);
    const own =
      academyOffsetsMinutes !== undefined
        ? academyOffsetsMinutes
        : await this.notifications.academyReminderOffsets(manager, session.academyId);
    const offsets = own?.length ? own.map((minutes) => minutes * 60) : this.config.reminderOffsetsSeconds;
    await this.notifications.insertPlanned(
      manager,
      planNotifications(change, session, offsets, this.clock.now(), this.config.feedbackDelaySeconds),
    );
    return stale.map(notificationJobId);
  }

  /**
   * After commit: removes the superseded jobs from Redis. Best effort; a job
   * left behind finds its row skipped and sends nothing.
   */
  async removeStaleJobs(jobIds: readonly string[]): Promise<void> {
    if (jobIds.length === 0) return;
    try {
      await this.producer.remove(JobName.SendNotification, jobIds);
    } catch (error) {
      this.logger.warn(
        { jobs: jobIds.length, err: error instanceof Error ? error.message : String(error) },
        'Stale notification jobs left for the worker to skip',
      );
    }
  }
}
