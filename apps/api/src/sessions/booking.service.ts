import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Metrics } from '@app/logging';
import {
  CoachProfilesRepository,
  CoachScheduleRows,
  CoachingSessionEntity,
  CoachProfileEntity,
  hasSqlState,
  SessionsRepository,
  SqlState,
  UserEntity,
  UsersRepository,
  CoachSchedulesRepository,
  WaitingListRepository,
} from '@app/persistence';
import { checkSlot, SlotRefusal } from '@app/scheduling';
import { Actor, scopeOf } from '../auth/actor';
import { ForeignIds } from '../common/academy/foreign-ids.service';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { SCHEDULE_MARGIN_MS, toCoachSchedule } from '../common/schedule/coach-schedule.mapper';
import { BookSessionDto, RescheduleSessionDto } from './dto/session.dto';
import { MeetingRooms } from './meeting-rooms';
import { SessionView } from './session-view';
import { SessionNotifications } from './session-notifications.service';
import { SessionPolicy } from './session.policy';
import { SessionsService } from './sessions.service';

/** The refusals of the booking rules for a slot, which booking, matching with `book: true` and rescheduling answer alike. */
export const SLOT_PROBLEMS = [
  ErrorCode.SlotUnavailable,
  ErrorCode.OutsideAvailability,
  ErrorCode.TooShortNotice,
  ErrorCode.BeyondHorizon,
  ErrorCode.DailyLimitReached,
  ErrorCode.WeeklyLimitReached,
  ErrorCode.CoachUnavailable,
  ErrorCode.CoachAway,
  ErrorCode.TopicNotCovered,
  ErrorCode.LanguageNotSpoken,
  ErrorCode.SessionLengthNotOffered,
  ErrorCode.NewcomerBusy,
] as const;

export interface BookingResult {
  status: number;
  body: unknown;
  replayed: boolean;
}

const requestHashOf = (request: unknown) => createHash('sha256').update(JSON.stringify(request)).digest('hex');

/**
 * The answer to each way a start can be refused. Built at the throw, not once at load, so that each
 * exception's stack trace is the one of the request that was refused.
 */
const REFUSALS: Record<SlotRefusal, () => ApiException> = {
  outside_availability: () =>
    new ApiException(ErrorCode.OutsideAvailability, 'The coach does not offer that start', [
      { field: 'start', message: 'is not an offered slot' },
    ]),
  time_off: () =>
    new ApiException(ErrorCode.CoachAway, 'The coach is away at that time', [{ field: 'start', message: 'falls in the coach’s time off' }]),
  too_short_notice: () => new ApiException(ErrorCode.TooShortNotice, undefined, [{ field: 'start', message: 'is too soon' }]),
  beyond_horizon: () => new ApiException(ErrorCode.BeyondHorizon, undefined, [{ field: 'start', message: 'is too far ahead' }]),
  daily_limit_reached: () => new ApiException(ErrorCode.DailyLimitReached, undefined, [{ field: 'start', message: 'falls on a full day' }]),
  weekly_limit_reached: () =>
    new ApiException(ErrorCode.WeeklyLimitReached, undefined, [{ field: 'start', message: 'falls in a full week' }]),
  slot_unavailable: () =>
    new ApiException(ErrorCode.SlotUnavailable, 'That time is no longer free', [{ field: 'start', message: 'is taken' }]),
};

/** The newcomer's own exclusion constraint: they are in another session then, which no other time of this coach changes. */
const newcomerBusy = () =>
  new ApiException(ErrorCode.NewcomerBusy, 'The newcomer already has a session at that time', [
    { field: 'start', message: 'overlaps another session of the newcomer' },
  ]);

/** Which exclusion constraint refused the session: the coach's time was taken, or the newcomer is elsewhere. */
function overlapRefusal(error: unknown): ApiException | null {
  if (hasSqlState(error, SqlState.ExclusionViolation, 'coaching_session_no_newcomer_overlap')) return newcomerBusy();
  if (hasSqlState(error, SqlState.ExclusionViolation)) return REFUSALS.slot_unavailable();
  return null;
}

/** One answer for a missing, inactive or other-academy coach, so the refusal reveals nothing about other academies. */
const notOfferedCoach = () => ApiException.field(ErrorCode.CoachUnavailable, 'coachId', 'is not an active coach of the newcomer’s academy');
/**
 * Taking a coach's time: a booking (with its Idempotency-Key: the same key and
 * request answer the stored response again, a different request with the key
 * is refused) and a reschedule, both checked against the coach's schedule
 * under the lock on the coach's profile.
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly lifecycle: SessionsService,
    private readonly coachProfiles: CoachProfilesRepository,
    private readonly schedules: CoachSchedulesRepository,
    private readonly users: UsersRepository,
    private readonly outbox: SessionNotifications,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly foreignIds: ForeignIds,
    private readonly rooms: MeetingRooms,
    private readonly view: SessionView,
    private readonly waitingList: WaitingListRepository,
  ) {}

  /**
   * `idempotency` may name the request the key stands for when the booking is
   * part of another one (a match with `book: true`); by default it is this booking.
   */
  async book(
    actor: Actor,
    dto: BookSessionDto,
    idempotencyKey?: string,
    idempotentRequest: unknown = ['POST /v1/sessions', dto],
  ): Promise<BookingResult> {
    const requestHash = requestHashOf(idempotentRequest);
    if (idempotencyKey) {
      const replay = await this.replay(actor.id, idempotencyKey, requestHash);
      if (replay) return replay;
    }

    await this.foreignIds.assertOwnAcademy(actor, { coachId: dto.coachId, newcomerId: dto.newcomerId });
    const newcomer = await this.newcomerFor(actor, dto.newcomerId, dto.newcomerConsent);
    const start = DateTime.fromISO(dto.start).toJSDate();
    const end = new Date(start.getTime() + dto.durationMinutes * 60_000);
    try {
      const session = await this.sessions.transaction(async (manager) => {
        // Before the coach's lock, in the order erasure takes them.
        if (!(await this.sessions.holdNewcomer(manager, newcomer.id))) {
          throw ApiException.field(ErrorCode.NotANewcomer, 'newcomerId', 'is not a newcomer of your academy');
        }
        const { profile, academyReminderOffsets } = await this.checkAvailability(
          manager,
          dto.coachId,
          start,
          dto.durationMinutes,
          undefined,
          (coach) => {
            if (coach.user!.academyId !== newcomer.academyId) throw notOfferedCoach();
            if (!coach.sessionLengths.includes(dto.durationMinutes)) {
              throw ApiException.field(
                ErrorCode.SessionLengthNotOffered,
                'durationMinutes',
                `must be one of ${coach.sessionLengths.join(', ')} for this coach`,
              );
            }
            if (!coach.topics.includes(dto.topic))
              throw ApiException.field(ErrorCode.TopicNotCovered, 'topic', 'is not a topic of this coach');
            if (!coach.user!.languages.includes(dto.language))
              throw ApiException.field(ErrorCode.LanguageNotSpoken, 'language', 'is not spoken by this coach');
          },
        );
        const booked = await this.sessions.book(
          manager,
          {
            coachId: dto.coachId,
            newcomerId: newcomer.id,
            academyId: newcomer.academyId!,
            bookedBy: actor.id,
            consentRecordedAt: actor.id === newcomer.id ? null : this.clock.now(),
            topic: dto.topic,
            language: dto.language,
            startAt: start,
            endAt: end,
            bufferBeforeMinutes: profile.bufferBeforeMinutes,
            bufferAfterMinutes: profile.bufferAfterMinutes,
            meetingUrl: this.rooms.newRoomUrl(),
          },
          {
            coach: { id: profile.userId, displayName: profile.user!.displayName },
            newcomer: { id: newcomer.id, displayName: newcomer.displayName },
          },
          { actorId: actor.id, action: actor.id === newcomer.id ? 'session.booked' : 'session.booked-on-behalf' },
          idempotencyKey
            ? {
                actorId: actor.id,
                key: idempotencyKey,
                requestHash,
                status: 201,
                ttlHours: this.config.idempotencyKeyTtlHours,
                body: (s) => this.view.of(s, actor),
              }
            : undefined,
        );
        await this.outbox.record(manager, 'booked', booked, academyReminderOffsets);
        // Booked with a coach who fits what they waited for: the newcomer's waiting-list entry is done.
        await this.waitingList.markBooked(manager, newcomer.id, dto.coachId, this.clock.now());
        return booked;
      });
      this.metrics.bookings.inc();
      return { status: 201, body: this.view.of(session, actor), replayed: false };
    } catch (error) {
      // The same key may have raced itself (a client retrying before the first answer came):
      // whatever stopped this attempt, if the first one committed, answer as it did.
      if (idempotencyKey) {
        const replay = await this.replay(actor.id, idempotencyKey, requestHash);
        if (replay) return replay;
      }
      throw overlapRefusal(error) ?? error;
    }
  }

  /** Same id, version + 1; the new time is checked like a new booking, and the move is one transaction. */
  async reschedule(actor: Actor, id: string, dto: RescheduleSessionDto): Promise<CoachingSessionEntity> {
    try {
      const { coachId } = await this.lifecycle.get(actor, id);
      const { session, staleJobs } = await this.sessions.transaction(async (manager) => {
        // The coach's profile before the session, in the order pausing and erasing a coach take them.
        await this.coachProfiles.lockProfile(manager, coachId);
        const current = await this.lifecycle.lock(manager, actor, id);
        if (current.status !== 'booked' || current.startAt.getTime() <= this.clock.now().getTime()) {
          throw new ApiException(ErrorCode.SessionNotChangeable, 'Only a booked session that has not started can be moved');
        }
        const durationMinutes = Math.round((current.endAt.getTime() - current.startAt.getTime()) / 60_000);
        const start = DateTime.fromISO(dto.start).toJSDate();
        const { academyReminderOffsets } = await this.checkAvailability(manager, current.coachId, start, durationMinutes, current.id);
        const moved = await this.sessions.reschedule(manager, current, start, new Date(start.getTime() + durationMinutes * 60_000), {
          actorId: actor.id,
          action: 'session.rescheduled',
        });
        return { session: moved, staleJobs: await this.outbox.record(manager, 'rescheduled', moved, academyReminderOffsets) };
      });
      await this.outbox.removeStaleJobs(staleJobs);
      return session;
    } catch (error) {
      throw overlapRefusal(error) ?? error;
    }
  }

  /**
   * Serialises bookings per coach (a row lock on the profile, taken by the
   * same statement that reads the schedule) so that caps hold under
   * concurrency, then applies the same rules as slot search. The exclusion
   * constraints remain the last word on overlaps.
   */
  private async checkAvailability(
    manager: EntityManager,
    coachId: string,
    start: Date,
    durationMinutes: number,
    excludeSessionId?: string,
    checkOffer?: (profile: CoachProfileEntity) => void,
  ): Promise<CoachScheduleRows> {
    const rows = await this.schedules.lockSchedule(
      manager,
      coachId,
      new Date(start.getTime() - SCHEDULE_MARGIN_MS),
      new Date(start.getTime() + SCHEDULE_MARGIN_MS),
    );
    // Read under the lock: a coach paused a moment ago takes no new sessions.
    if (!rows?.profile.active) throw notOfferedCoach();
    checkOffer?.(rows.profile);
    const schedule = toCoachSchedule(rows, excludeSessionId);
    if (!schedule) throw REFUSALS.outside_availability();
    const refusal = checkSlot(schedule, start.getTime(), durationMinutes, this.clock.now().getTime());
    if (refusal) throw REFUSALS[refusal]();
    return rows;
  }

  private async newcomerFor(
    actor: Actor,
    newcomerId: string | undefined,
    consent: boolean | undefined,
  ): Promise<Pick<UserEntity, 'id' | 'academyId' | 'displayName'>> {
    if (SessionPolicy.assertMayBookFor(actor, newcomerId).forSelf) {
      // The auth guard has just read this account; its id, academy and name are all a booking needs.
      return { id: actor.id, academyId: actor.academyId, displayName: actor.displayName };
    }
    if (!newcomerId) throw ApiException.field(ErrorCode.ValidationFailed, 'newcomerId', 'is required when booking on behalf of a newcomer');
    const newcomer = await this.users.findInScope(newcomerId, scopeOf(actor));
    if (!newcomer || newcomer.role !== 'newcomer' || newcomer.erasedAt) {
      throw ApiException.field(ErrorCode.NotANewcomer, 'newcomerId', 'is not a newcomer of your academy');
    }
    if (consent !== true)
      throw ApiException.field(ErrorCode.ConsentRequired, 'newcomerConsent', 'must be true: record that the newcomer agreed');
    return newcomer;
  }

  /** The stored answer for this key, if the same request has been made with it; refuses a different request. */
  async replayFor(actor: Actor, key: string, request: unknown): Promise<BookingResult | null> {
    return this.replay(actor.id, key, requestHashOf(request));
  }

  private async replay(actorId: string, key: string, requestHash: string): Promise<BookingResult | null> {
    const stored = await this.sessions.findIdempotent(actorId, key);
    if (!stored) return null;
    if (stored.requestHash !== requestHash) {
      throw ApiException.field(ErrorCode.IdempotencyKeyReused, 'Idempotency-Key', 'was already used with a different request');
    }
    return { status: stored.responseStatus, body: stored.responseBody, replayed: true };
  }
}
