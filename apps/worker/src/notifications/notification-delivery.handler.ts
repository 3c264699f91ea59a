import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Metrics } from '@app/logging';
import { MailTransport, OutgoingMail, renderSessionMail, sessionCalendar } from '@app/notifications';
import { NotificationDelivery, NotificationsRepository } from '@app/persistence';
import { JobContext, JobName, JobOutcome, JobPayloads } from '@app/queue';
import { JobHandler } from '../jobs/job-handler.decorator';
import { messageIdFor } from './message-id';
import { whyStale, withoutAddresses } from './staleness';

const CALENDAR_METHOD = { confirmation: 'REQUEST', reschedule: 'REQUEST', cancellation: 'CANCEL' } as const;

/**
 * Sends one outbox row. The row and its session are re-read first: a row
 * already settled, or written for a version the session has left, is not
 * sent. A failed attempt is recorded and rethrown, so BullMQ's backoff
 * applies; the last one leaves the row `failed` with its error.
 */
@Injectable()
export class NotificationDeliveryHandler {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly mail: MailTransport,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler(JobName.SendNotification)
  async handleSendNotification({ notificationId }: JobPayloads[JobName.SendNotification], context: JobContext): Promise<JobOutcome> {
    const row = await this.notifications.loadForDelivery(notificationId);
    if (!row) return { status: 'skipped', reason: 'the notification no longer exists' };
    if (row.state !== 'pending' && row.state !== 'queued') return { status: 'skipped', reason: `already ${row.state}` };
    const stale = whyStale(row, new Date());
    if (stale) {
      await this.notifications.markSkipped(row.id, stale);
      return { status: 'skipped', reason: stale };
    }
    try {
      const sent = await this.mail.send(this.compose(row));
      if (row.kind === 'reminder') this.metrics.reminderLateness.observe(Math.max(0, Date.now() - row.dueAt.getTime()) / 1000);
      await this.notifications.markSent(row.id, sent.providerMessageId, context.attempt);
      return { status: 'done', detail: { kind: row.kind } };
    } catch (error) {
      const message = withoutAddresses(error instanceof Error ? error.message : String(error));
      await this.notifications.recordFailure(row.id, message, context.attempt, context.attempt >= context.maxAttempts);
      throw error;
    }
  }

  private compose(row: NotificationDelivery): OutgoingMail {
    const { session, recipient, other } = row;
    const rendered = renderSessionMail({
      kind: row.kind,
      locale: recipient.locale,
      recipientName: recipient.displayName,
      otherName: other.displayName,
      start: session.startAt,
      end: session.endAt,
      timeZone: recipient.timeZone,
      meetingUrl: session.meetingUrl,
      sessionUrl: `${this.config.publicUrl}/v1/sessions/${session.id}`,
    });
    const mail: OutgoingMail = {
      to: recipient.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: messageIdFor(`notification.${row.id}`, this.config.mailFrom),
    };
    const method = CALENDAR_METHOD[row.kind as keyof typeof CALENDAR_METHOD];
    if (method) {
      const recipientIsCoach = recipient.id === session.coachId;
      const content = sessionCalendar(
        {
          ...session,
          cancelled: row.kind === 'cancellation',
          coachName: recipientIsCoach ? recipient.displayName : other.displayName,
          newcomerName: recipientIsCoach ? other.displayName : recipient.displayName,
        },
        method,
        new Date(),
      );
      mail.icalEvent = { method, filename: 'session.ics', content };
    }
    return mail;
  }
}
