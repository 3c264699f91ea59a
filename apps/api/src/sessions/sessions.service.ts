import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { joinPageUrl, sessionCalendar } from '@app/notifications';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  CoachingSessionEntity,
  FeedbackRepository,
  NotificationEntity,
  NotificationsRepository,
  SessionScope,
  SessionsRepository,
} from '@app/persistence';
import { Actor, assertOwnAcademy, scopeOf } from '../auth/actor';
import { ForeignIds } from '../common/academy/foreign-ids.service';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AttendanceDto, CancelSessionDto, ListSessionsQuery, NeedsAttentionQuery } from './dto/session.dto';
import { SessionCancellation } from './session-cancellation.service';
import { SessionNotifications } from './session-notifications.service';
import { SessionPolicy } from './session.policy';

/** How long after its end a session may wait for its outcome before a coordinator is asked. */
export const OUTCOME_GRACE_MS = 48 * 3_600_000;

/** Which sessions the actor may see: see SessionPolicy. */
export const sessionScopeOf = (actor: Actor): SessionScope => SessionPolicy.scopeOf(actor);

/**
 * A session after it is booked: who may see it and the lists they read, its
 * notices and calendar, its cancellation and its outcome. Taking a time
 * (booking, rescheduling) is BookingService's.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly outbox: SessionNotifications,
    private readonly cancellation: SessionCancellation,
    private readonly notificationRows: NotificationsRepository,
    private readonly clock: Clock,
    private readonly foreignIds: ForeignIds,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly feedback: FeedbackRepository,
  ) {}

  async list(actor: Actor, query: ListSessionsQuery) {
    assertOwnAcademy(actor, query.academyId);
    await this.foreignIds.assertOwnAcademy(actor, { coachId: query.coachId });
    // Dates of the caller's own zone, the zone every time of the answer is shown in.
    const zone = actor.timeZone;
    const from = query.from ? DateTime.fromISO(query.from, { zone }).startOf('day').toJSDate() : undefined;
    const to = query.to ? DateTime.fromISO(query.to, { zone }).plus({ days: 1 }).startOf('day').toJSDate() : undefined;
    if (from && to && to <= from) throw ApiException.field(ErrorCode.ValidationFailed, 'to', 'must not be before from');
    return this.sessions.list(
      sessionScopeOf(actor),
      { status: query.status, from, to, coachId: query.coachId, academyId: query.academyId },
      query,
    );
  }

  /**
   * Sessions with an open safeguarding flag, urgent first, then booked sessions whose end is
   * more than 48 hours past: someone must record how they went.
   */
  async needsAttention(actor: Actor, query: NeedsAttentionQuery) {
    assertOwnAcademy(actor, query.academyId);
    const endedBefore = new Date(this.clock.now().getTime() - OUTCOME_GRACE_MS);
    const page = await this.sessions.endedWithoutOutcome(scopeOf(actor), endedBefore, query.academyId, query);
    return { ...page, concerns: await this.feedback.openFlagLevels(page.items.map((s) => s.id)) };
  }

  async get(actor: Actor, id: string): Promise<CoachingSessionEntity> {
    const session = await this.sessions.findInScope(id, sessionScopeOf(actor));
    if (!session) throw new ApiException(ErrorCode.NotFound, 'No such session');
    return session;
  }

  async notifications(actor: Actor, id: string): Promise<{ session: CoachingSessionEntity; rows: NotificationEntity[] }> {
    SessionPolicy.assertMayReadNotifications(actor);
    const session = await this.get(actor, id);
    return { session, rows: await this.notificationRows.listForSession(session.id) };
  }

  /** The session as an iCalendar document (RFC 5545, UTC times); UID is stable and SEQUENCE is the session's version. */
  async calendar(actor: Actor, id: string): Promise<string> {
    const session = await this.get(actor, id);
    return sessionCalendar(
      {
        ...session,
        joinUrl: joinPageUrl(this.config.publicUrl, session.id),
        cancelled: session.status === 'cancelled',
        coachName: session.coach!.displayName,
        newcomerName: session.newcomer!.displayName,
        // In the language of whoever downloads it: the coach or the newcomer; staff get the newcomer's.
        locale: (actor.id === session.coachId ? session.coach : session.newcomer)!.locale,
      },
      'PUBLISH',
      session.updatedAt,
    );
  }

  async cancel(actor: Actor, id: string, dto: CancelSessionDto): Promise<CoachingSessionEntity> {
    const { session, staleJobs } = await this.sessions.transaction(async (manager) => {
      const current = await this.lock(manager, actor, id);
      if (current.status !== 'booked' || current.startAt.getTime() <= this.clock.now().getTime()) {
        throw new ApiException(ErrorCode.SessionNotChangeable, 'Only a booked session that has not started can be cancelled');
      }
      return this.cancellation.cancelAndNotify(
        manager,
        current,
        { actorId: actor.id, reason: dto.reason?.trim() || null },
        this.clock.now(),
      );
    });
    await this.outbox.removeStaleJobs(staleJobs);
    return session;
  }

  async recordAttendance(actor: Actor, id: string, dto: AttendanceDto): Promise<CoachingSessionEntity> {
    SessionPolicy.assertMayRecordAttendance(actor);
    return this.sessions.transaction(async (manager) => {
      const session = await this.lock(manager, actor, id);
      if (session.status === 'cancelled') throw new ApiException(ErrorCode.SessionNotChangeable, 'The session was cancelled');
      if (this.clock.now().getTime() < session.startAt.getTime()) throw new ApiException(ErrorCode.AttendanceTooEarly);
      const notes = dto.notes === undefined ? undefined : dto.notes.trim() || null;
      return this.sessions.recordAttendance(
        manager,
        session,
        dto.outcome,
        notes,
        { actorId: actor.id, action: 'session.attendance-recorded' },
        this.clock.now(),
      );
    });
  }

  /** The session, locked for the caller's transaction, if the actor may see it; otherwise 404. */
  async lock(manager: EntityManager, actor: Actor, id: string): Promise<CoachingSessionEntity> {
    const session = await this.sessions.lockInScope(manager, id, sessionScopeOf(actor));
    if (!session) throw new ApiException(ErrorCode.NotFound, 'No such session');
    return session;
  }
}
