import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { hashToken, planConcernAlerts } from '@app/notifications';
import {
  AuditLogRepository,
  CoachReportRow,
  FeedbackRepository,
  FlagRow,
  NotificationsRepository,
  SessionsRepository,
} from '@app/persistence';
import { Actor, assertOwnAcademy, scopeOf } from '../auth/actor';
import { ForeignIds } from '../common/academy/foreign-ids.service';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { SessionPolicy } from '../sessions/session.policy';
import {
  COACH_AVERAGE_MINIMUM,
  CloseFlagDto,
  CoachFeedbackSummaryResponse,
  CoachReportDto,
  CoachReportResponse,
  FeedbackDto,
  FeedbackResponse,
  FlagListQuery,
  FlagResponse,
} from './dto/feedback.dto';
import { FeedbackPolicy } from './feedback.policy';

/**
 * After a session: the newcomer's one-tap answer (by the link's token, no
 * sign-in), the coach's report, and the safeguarding flags a concern raises.
 */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly feedback: FeedbackRepository,
    private readonly sessions: SessionsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly foreignIds: ForeignIds,
    private readonly clock: Clock,
  ) {}

  /** Records or updates the answer; an unknown, expired or cancelled session's link is refused alike. */
  async answer(dto: FeedbackDto): Promise<void> {
    const comment = dto.comment === undefined ? undefined : dto.comment || null;
    const done = await this.feedback.answer(hashToken(dto.token), { score: dto.score, happened: dto.happened, comment }, this.clock.now());
    if (!done) throw ApiException.field(ErrorCode.InvalidLinkToken, 'token', 'is not a feedback link that still works');
  }

  async answerOf(actor: Actor, sessionId: string): Promise<FeedbackResponse> {
    FeedbackPolicy.assertMayReadAnswer(actor);
    await this.sessionInScope(actor, sessionId);
    const row = await this.feedback.feedbackOf(sessionId);
    if (!row || row.score === null) throw new ApiException(ErrorCode.NotFound, 'No answer about this session');
    const show = (d: Date) => DateTime.fromJSDate(d, { zone: actor.timeZone }).toISO({ suppressMilliseconds: true })!;
    return {
      sessionId,
      score: row.score,
      happened: row.happened,
      comment: row.comment,
      answeredAt: show(row.answeredAt ?? row.updatedAt),
      updatedAt: show(row.updatedAt),
    };
  }

  async coachSummary(actor: Actor, coachId: string): Promise<CoachFeedbackSummaryResponse> {
    FeedbackPolicy.assertMayReadSummary(actor, coachId);
    await this.foreignIds.assertOwnAcademy(actor, { id: coachId });
    const { answers, average } = await this.feedback.coachSummary(coachId);
    return { coachId, answers, average: FeedbackPolicy.visibleAverage(actor, answers, average), minimumAnswers: COACH_AVERAGE_MINIMUM };
  }

  async reportOf(actor: Actor, sessionId: string): Promise<CoachReportResponse> {
    FeedbackPolicy.assertMayReadReport(actor);
    await this.sessionInScope(actor, sessionId);
    const row = await this.feedback.reportOf(null, sessionId);
    if (!row) throw new ApiException(ErrorCode.NotFound, 'No report about this session yet');
    return reportResponse(row, actor.timeZone);
  }

  /**
   * Writes the report once the session has ended. An urgent concern plans a mail to
   * each coordinator of the academy in the same transaction (the outbox), so the
   * report and its alert commit together; the mail carries ids only.
   */
  async saveReport(actor: Actor, sessionId: string, dto: CoachReportDto): Promise<CoachReportResponse> {
    FeedbackPolicy.assertMayWriteReport(actor);
    const now = this.clock.now();
    const row = await this.sessions.transaction(async (manager) => {
      const session = await this.sessions.lockInScope(manager, sessionId, SessionPolicy.scopeOf(actor));
      if (!session) throw new ApiException(ErrorCode.NotFound, 'No such session');
      if (session.status === 'cancelled') throw new ApiException(ErrorCode.SessionNotChangeable, 'The session was cancelled');
      if (now.getTime() < session.endAt.getTime()) throw new ApiException(ErrorCode.ReportTooEarly);
      const before = await this.feedback.reportOf(manager, sessionId);
      const saved = await this.feedback.saveReport(
        manager,
        {
          sessionId,
          coachId: actor.id,
          topics: dto.topics,
          progress: dto.progress,
          nextStep: dto.nextStep || null,
          concern: dto.concern,
          concernNote: dto.concern === 'none' && !dto.concernNote ? null : (dto.concernNote ?? null),
        },
        now,
      );
      const newlyUrgent =
        saved.concern === 'urgent' && (before?.concern !== 'urgent' || before.flagRaisedAt?.getTime() !== saved.flagRaisedAt?.getTime());
      if (newlyUrgent) {
        const coordinators = await this.feedback.coordinatorsOf(manager, session.academyId);
        await this.notifications.insertPlanned(manager, planConcernAlerts(session, coordinators, now));
      }
      // The audit log records levels, never the note's words.
      await this.auditLog.append(manager, {
        actorId: actor.id,
        academyId: session.academyId,
        action: 'session.coach-report-saved',
        entityType: 'session',
        entityId: sessionId,
        changes: { progress: saved.progress, concern: saved.concern, ...(before ? { concernBefore: before.concern } : {}) },
      });
      return saved;
    });
    return reportResponse(row, actor.timeZone);
  }

  async flags(actor: Actor, query: FlagListQuery): Promise<FlagResponse[]> {
    assertOwnAcademy(actor, query.academyId);
    const rows = await this.feedback.flags(scopeOf(actor), query.state, query.academyId, query.limit);
    return rows.map((row) => flagResponse(row, actor.timeZone));
  }

  async closeFlag(actor: Actor, sessionId: string, dto: CloseFlagDto): Promise<FlagResponse> {
    const now = this.clock.now();
    await this.sessions.transaction(async (manager) => {
      const session = await this.sessions.lockInScope(manager, sessionId, scopeOf(actor));
      if (!session) throw new ApiException(ErrorCode.NotFound, 'No such session');
      const before = await this.feedback.reportOf(manager, sessionId);
      if (!(await this.feedback.closeFlag(manager, sessionId, actor.id, dto.note, now))) throw new ApiException(ErrorCode.FlagNotOpen);
      await this.auditLog.append(manager, {
        actorId: actor.id,
        academyId: session.academyId,
        action: 'flag.closed',
        entityType: 'session',
        entityId: sessionId,
        changes: { level: before!.concern, raisedAt: before!.flagRaisedAt?.toISOString() },
      });
    });
    const [closed] = await this.feedback.flags(scopeOf(actor), 'closed', undefined, 1, sessionId);
    return flagResponse(closed, actor.timeZone);
  }

  private async sessionInScope(actor: Actor, sessionId: string): Promise<void> {
    if (!(await this.sessions.findInScope(sessionId, SessionPolicy.scopeOf(actor))))
      throw new ApiException(ErrorCode.NotFound, 'No such session');
  }
}

const shown = (date: Date | null, zone: string) =>
  date ? DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: true })! : null;

function reportResponse(row: CoachReportRow, zone: string): CoachReportResponse {
  return {
    sessionId: row.sessionId,
    topics: row.topics,
    progress: row.progress,
    nextStep: row.nextStep,
    concern: row.concern,
    concernNote: row.concernNote,
    flag: row.concern === 'none' ? 'none' : row.flagClosedAt ? 'closed' : 'open',
    flagClosedAt: shown(row.flagClosedAt, zone),
    flagCloseNote: row.flagCloseNote,
    updatedAt: shown(row.updatedAt, zone)!,
  };
}

function flagResponse(row: FlagRow, zone: string): FlagResponse {
  return {
    sessionId: row.sessionId,
    academyId: row.academyId,
    level: row.concern as 'concern' | 'urgent',
    note: row.concernNote,
    raisedAt: shown(row.flagRaisedAt, zone)!,
    sessionStart: shown(row.start, zone)!,
    sessionEnd: shown(row.end, zone)!,
    topic: row.topic,
    coach: { id: row.coachId, displayName: row.coachName },
    newcomer: { id: row.newcomerId, displayName: row.newcomerName },
    closedAt: shown(row.flagClosedAt, zone),
    closedBy: row.flagClosedBy,
    closeNote: row.flagCloseNote,
  };
}
