import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/clock';
import { APP_CONFIG, AppConfig } from '@app/config';
import { LinkTokens, MailTransport, renderWaitingListExpiry, renderWaitingListOffer } from '@app/notifications';
import { CoachSchedulesRepository, WaitingListRepository } from '@app/persistence';
import { JobName, JobOutcome, JobPayloads } from '@app/queue';
import { JobHandler } from '../jobs/job-handler.decorator';
import { messageIdFor } from '../notifications/message-id';
import { capacityOf, freeSlotsAhead, OFFER_TIMES, slotsFitting } from './waiting-list-offers';

const DAY_MS = 86_400_000;
/** Entries looked at per coach change: far more than any coach's free slots in two weeks. */
const ENTRIES_PER_MATCH = 500;
const SCHEDULE_MARGIN_MS = 8 * DAY_MS;

/** The page of the web app where a newcomer sees their entry and books the coach who has time. */
export const WAITING_LIST_PAGE = '/waiting-list';

/**
 * The waiting list's jobs. Each payload is an outbox row's id; the handler
 * reloads the row and the rows it names, and skips what is no longer wanted.
 */
@Injectable()
export class WaitingListHandler {
  private readonly logger = new Logger(WaitingListHandler.name);

  constructor(
    private readonly waitingList: WaitingListRepository,
    private readonly schedules: CoachSchedulesRepository,
    private readonly mail: MailTransport,
    private readonly links: LinkTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The injected "now": offers are stamped with it, and the 24-hour limit and free times are measured from it. */
  private now(): Date {
    return this.clock.now();
  }

  /**
   * A coach became active, or changed their hours or topics: the open entries of their academy that they fit (a
   * shared language, a topic, free time in the entry's windows) get an offer, oldest first, at most as many as the
   * coach has free slots in the next 14 days. Entries offered anything in the last 24 hours, or offered this coach
   * before, are passed over.
   */
  @JobHandler(JobName.MatchWaitingList)
  async handleMatchWaitingList({ waitingListOutboxId }: JobPayloads[JobName.MatchWaitingList]): Promise<JobOutcome> {
    const row = await this.waitingList.changedCoach(waitingListOutboxId);
    if (!row) return { status: 'skipped', reason: 'row no longer exists' };
    if (row.state === 'done' || row.state === 'skipped') return { status: 'skipped', reason: 'already matched' };
    const coach = await this.waitingList.coach(row.coachId);
    if (!coach?.active) {
      await this.waitingList.settle(waitingListOutboxId, 'skipped');
      return { status: 'skipped', reason: 'coach not active' };
    }
    const now = this.now();
    const entries = await this.waitingList.offerable(coach, now, ENTRIES_PER_MATCH);
    let offers: string[] = [];
    if (entries.length > 0) {
      const [rows] = await this.schedules.loadSchedules(
        [coach.coachId],
        new Date(now.getTime() - SCHEDULE_MARGIN_MS),
        new Date(now.getTime() + 31 * DAY_MS + SCHEDULE_MARGIN_MS),
      );
      const slots = rows ? freeSlotsAhead(rows, now.getTime()) : [];
      const capacity = capacityOf(slots, now.getTime());
      const fitting = entries.filter((e) => slotsFitting(slots, e, now.getTime()).length > 0).slice(0, capacity);
      offers = await this.waitingList.recordOffers(
        coach.coachId,
        fitting.map((e) => e.id),
        now,
      );
    }
    await this.waitingList.settle(waitingListOutboxId, 'done');
    // The offer rows are relayed like any outbox row; a wake spares them the poll's wait.
    this.onOffers?.();
    return { status: 'done', detail: { entries: entries.length, offers: offers.length } };
  }

  /** Set by the relay, to hand new offer rows to the queue without waiting for its poll. */
  onOffers: (() => void) | null = null;

  @JobHandler(JobName.SendWaitingListOffer)
  async handleSendWaitingListOffer({ waitingListOutboxId }: JobPayloads[JobName.SendWaitingListOffer]): Promise<JobOutcome> {
    const now = this.now();
    const message = await this.waitingList.message(waitingListOutboxId, now);
    if (!message || message.kind !== 'offer') return { status: 'skipped', reason: 'offer no longer exists' };
    if (message.state === 'done' || message.state === 'skipped') return { status: 'skipped', reason: 'already sent' };
    const skip = async (reason: string): Promise<JobOutcome> => {
      await this.waitingList.settle(message.id, 'skipped');
      return { status: 'skipped', reason };
    };
    if (message.newcomer.erased || message.newcomer.disabled) return skip('newcomer erased or disabled');
    if (message.entry.status !== 'offered' && message.entry.status !== 'waiting') return skip(`entry ${message.entry.status}`);
    const coach = await this.waitingList.coach(message.coachId!);
    if (!coach?.active) return skip('coach no longer active');
    const [rows] = await this.schedules.loadSchedules(
      [coach.coachId],
      new Date(now.getTime() - SCHEDULE_MARGIN_MS),
      new Date(now.getTime() + 31 * DAY_MS + SCHEDULE_MARGIN_MS),
    );
    const times = slotsFitting(rows ? freeSlotsAhead(rows, now.getTime()) : [], message.entry, now.getTime()).slice(0, OFFER_TIMES);
    if (times.length === 0) return skip('the coach has no fitting time left');

    const rendered = renderWaitingListOffer({
      locale: message.newcomer.locale,
      recipientName: message.newcomer.displayName,
      coachFirstName: coach.displayName.trim().split(/\s+/)[0],
      languages: coach.languages.filter((l) => message.entry.languages.includes(l)),
      topics: coach.topics.filter((t) => message.entry.topics.includes(t)),
      times: times.map((s) => ({ start: new Date(s.start), end: new Date(s.end) })),
      timeZone: message.entry.timeZone,
      bookingUrl: `${this.config.publicUrl}${WAITING_LIST_PAGE}`,
    });
    const sent = await this.mail.send({
      to: message.newcomer.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: messageIdFor(`waiting-list.${message.id}`, this.config.mailFrom),
    });
    await this.waitingList.settle(message.id, 'done', sent.providerMessageId);
    return { status: 'done', detail: { locale: rendered.locale } };
  }

  @JobHandler(JobName.SendWaitingListExpiryNotice)
  async handleSendWaitingListExpiryNotice({ waitingListOutboxId }: JobPayloads[JobName.SendWaitingListExpiryNotice]): Promise<JobOutcome> {
    const message = await this.waitingList.message(waitingListOutboxId, this.now());
    if (!message || message.kind !== 'expiry_notice') return { status: 'skipped', reason: 'notice no longer exists' };
    if (message.state === 'done' || message.state === 'skipped') return { status: 'skipped', reason: 'already sent' };
    const skip = async (reason: string): Promise<JobOutcome> => {
      await this.waitingList.settle(message.id, 'skipped');
      return { status: 'skipped', reason };
    };
    if (message.newcomer.erased || message.newcomer.disabled) return skip('newcomer erased or disabled');
    if (message.entry.status !== 'offered' && message.entry.status !== 'waiting') return skip(`entry ${message.entry.status}`);
    if (message.entry.expiresAt.getTime() !== message.periodEndsAt?.getTime()) return skip('entry kept for another period');

    const token = this.links.deriveWaitingListRenewal(message.id, message.nonce!);
    const rendered = renderWaitingListExpiry({
      locale: message.newcomer.locale,
      recipientName: message.newcomer.displayName,
      expiresAt: message.entry.expiresAt,
      timeZone: message.entry.timeZone,
      renewUrl: this.links.waitingListRenewalUrl(this.config.publicUrl, token),
    });
    const sent = await this.mail.send({
      to: message.newcomer.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: messageIdFor(`waiting-list.${message.id}`, this.config.mailFrom),
    });
    await this.waitingList.settle(message.id, 'done', sent.providerMessageId);
    this.logger.debug({ outboxId: message.id }, 'Waiting-list expiry notice sent');
    return { status: 'done', detail: { locale: rendered.locale } };
  }
}
