import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Clock } from '@app/clock';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Metrics } from '@app/logging';
import {
  FEEDBACK_LINK_LIFETIME_SECONDS,
  feedbackUrl,
  hashToken,
  joinPageUrl,
  LinkTokens,
  MailTransport,
  OutgoingMail,
  renderSessionMail,
  sessionCalendar,
} from '@app/notifications';
import { FeedbackRepository, NotificationDelivery, NotificationsRepository } from '@app/persistence';
import { JobContext, JobName, JobOutcome, JobPayloads } from '@app/queue';
import { JobHandler } from '../jobs/job-handler.decorator';
import { messageIdFor } from './message-id';
import { whyStale, withoutAddresses } from './staleness';

const CALENDAR_METHOD = { confirmation: 'REQUEST', reschedule: 'REQUEST', cancellation: 'CANCEL' } as const;

/**
 * Sends one outbox row. The row and its session are re-read first: a row
 * already settled, or written for a version the session has left, is not
 * sent.
 *
 * Sending and recording are apart. A failed send is recorded and rethrown, so
 * BullMQ's backoff applies; the last attempt leaves the row `failed`, and so
 * does a permanent refusal (an SMTP 5xx), at once and without retries. Once the
 * mail server has taken the mail, its message id is saved with the job before
 * the row is marked `sent`: if the database cannot record it now, the retry
 * records it, without sending the mail again or marking it failed.
 */
@Injectable()
export class NotificationDeliveryHandler {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly mail: MailTransport,
    private readonly metrics: Metrics,
    private readonly links: LinkTokens,
    private readonly feedback: FeedbackRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.organizer = senderOf(config.mailFrom);
  }

  private readonly organizer: { name: string; email: string };

  @JobHandler(JobName.SendNotification)
  async handleSendNotification({ notificationId }: JobPayloads[JobName.SendNotification], context: JobContext): Promise<JobOutcome> {
    const row = await this.notifications.loadForDelivery(notificationId);
    if (!row) return { status: 'skipped', reason: 'the notification no longer exists' };
    if (row.state !== 'pending' && row.state !== 'queued') return { status: 'skipped', reason: `already ${row.state}` };

    let providerMessageId = context.checkpoint ?? null;
    if (providerMessageId === null) {
      const stale = whyStale(row, this.clock.now());
      if (stale) {
        await this.notifications.markSkipped(row.id, stale);
        this.metrics.notificationsSettled.inc({ state: 'skipped' });
        return { status: 'skipped', reason: stale };
      }
      try {
        providerMessageId = (await this.mail.send(await this.compose(row))).providerMessageId;
      } catch (error) {
        const message = withoutAddresses(error instanceof Error ? error.message : String(error));
        const permanent = isPermanentRefusal(error);
        const final = permanent || context.attempt >= context.maxAttempts;
        await this.notifications.recordFailure(row.id, message, context.attempt, final);
        if (final) this.metrics.notificationsSettled.inc({ state: 'failed' });
        if (permanent) throw new UnrecoverableError(message);
        throw error;
      }
      if (row.kind === 'reminder')
        this.metrics.reminderLateness.observe(Math.max(0, this.clock.now().getTime() - row.dueAt.getTime()) / 1000);
      // Best effort: if the queue's store is unreachable too, a retry may send once more (the Message-ID stays the same).
      await context.saveCheckpoint?.(providerMessageId).catch(() => undefined);
    }
    await this.notifications.markSent(row.id, providerMessageId, context.attempt);
    this.metrics.notificationsSettled.inc({ state: 'sent' });
    return { status: 'done', detail: { kind: row.kind } };
  }

  private async compose(row: NotificationDelivery): Promise<OutgoingMail> {
    const { session, recipient, other } = row;
    let faceUrl: ((score: number) => string) | undefined;
    if (row.kind === 'feedback_request') {
      // The link's secret lives only in this mail; the database keeps its hash, which the API looks up.
      const token = this.links.deriveFeedback(session.id, recipient.id);
      await this.feedback.recordLink(
        session.id,
        recipient.id,
        hashToken(token),
        new Date(row.dueAt.getTime() + FEEDBACK_LINK_LIFETIME_SECONDS * 1000),
      );
      faceUrl = (score) => feedbackUrl(this.config.publicUrl, token, score);
    }
    const rendered = renderSessionMail({
      kind: row.kind,
      locale: recipient.locale,
      recipientName: recipient.displayName,
      otherName: other.displayName,
      start: session.startAt,
      end: session.endAt,
      timeZone: recipient.timeZone,
      // The join page, never the room: a mail is forwarded, kept and read by others.
      joinUrl: joinPageUrl(this.config.publicUrl, session.id),
      // The web app's page for recording the outcome (the coach signs in there if needed), or the coordinators' flags.
      sessionUrl:
        row.kind === 'concern_alert' ? `${this.config.publicUrl}/staff/flags` : `${this.config.publicUrl}/sessions/${session.id}/outcome`,
      faceUrl,
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
          joinUrl: joinPageUrl(this.config.publicUrl, session.id),
          cancelled: row.kind === 'cancellation',
          coachName: recipientIsCoach ? recipient.displayName : other.displayName,
          newcomerName: recipientIsCoach ? other.displayName : recipient.displayName,
          locale: recipient.locale,
        },
        method,
        this.clock.now(),
        // RFC 5546: the platform organises; the recipient is the one attendee this copy names.
        { organizer: this.organizer, attendee: { name: recipient.displayName, email: recipient.email } },
      );
      mail.icalEvent = { method, filename: 'session.ics', content };
    }
    return mail;
  }
}

/** An SMTP reply in the 5xx range: the server will refuse the same mail again, so retrying is pointless. */
export function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** "Name <address>" or a bare address, as MAIL_FROM allows. */
export function senderOf(mailFrom: string): { name: string; email: string } {
  const match = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(mailFrom);
  if (match) return { name: match[1].replace(/^"|"$/g, '') || 'Coaching across continents', email: match[2] };
  return { name: 'Coaching across continents', email: mailFrom.trim() };
}
