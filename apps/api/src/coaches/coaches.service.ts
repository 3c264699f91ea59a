import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import {
  CoachAvailabilityRepository,
  CoachProfileEntity,
  CoachProfilesRepository,
  hasSqlState,
  SqlState,
  UsersRepository,
} from '@app/persistence';
import { Actor } from '../auth/actor';
import { ForeignIds } from '../common/academy/foreign-ids.service';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { assertEndsAfterStart } from '../common/http/validators';
import { CoachPolicy } from './coach.policy';
import { AvailabilityResponse } from './dto/coach.response';
import { CreateCoachDto, ListCoachesQuery, UpdateCoachDto } from './dto/coach-profile.dto';
import { DateOverrideDto, TimeOffDto, WeeklyAvailabilityDto } from './dto/availability.dto';

/** Reads "HH:mm:ss" from a PostgreSQL `time` column as "HH:mm". */
export const toLocalTime = (value: string) => value.slice(0, 5);

@Injectable()
export class CoachesService {
  constructor(
    private readonly profiles: CoachProfilesRepository,
    private readonly coachAvailability: CoachAvailabilityRepository,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
    private readonly foreignIds: ForeignIds,
  ) {}

  async create(actor: Actor, dto: CreateCoachDto): Promise<CoachProfileEntity> {
    await this.foreignIds.assertOwnAcademy(actor, { userId: dto.userId });
    const user = await this.users.findInScope(dto.userId, CoachPolicy.scopeOf(actor));
    if (!user || user.role !== 'coach') {
      throw new ApiException(ErrorCode.NotACoach, 'userId must be a coach account of your academy', [
        { field: 'userId', message: 'is not a coach of your academy' },
      ]);
    }
    const { userId, ...fields } = dto;
    try {
      await this.profiles.create(
        { topics: [], bio: '', ...fields, userId },
        { actorId: actor.id, academyId: user.academyId, action: 'coach.profile-created' },
      );
    } catch (error) {
      if (hasSqlState(error, SqlState.UniqueViolation)) throw new ApiException(ErrorCode.CoachProfileExists);
      throw error;
    }
    return (await this.profiles.findInScope(userId, CoachPolicy.scopeOf(actor), false))!;
  }

  list(actor: Actor, query: ListCoachesQuery): Promise<{ items: CoachProfileEntity[]; total: number }> {
    const activeOnly = CoachPolicy.listsOnlyActive(actor, query.academyId);
    return this.profiles.list(
      CoachPolicy.scopeOf(actor),
      { language: query.language, topic: query.topic, academyId: query.academyId, activeOnly },
      query,
    );
  }

  /** Newcomers and other coaches see active coaches of their academy; a coach always sees their own profile. */
  async get(actor: Actor, coachId: string): Promise<CoachProfileEntity> {
    const profile = await this.profiles.findInScope(coachId, CoachPolicy.scopeOf(actor), CoachPolicy.seesOnlyActive(actor, coachId));
    if (!profile) throw new ApiException(ErrorCode.NotFound, 'No such coach in your academy');
    return profile;
  }

  /** The coach themself, a coordinator of their academy, or an admin. */
  async findEditable(actor: Actor, coachId: string): Promise<CoachProfileEntity> {
    CoachPolicy.assertMayEdit(actor, coachId);
    const profile = await this.profiles.findInScope(coachId, CoachPolicy.scopeOf(actor), false);
    if (!profile) throw new ApiException(ErrorCode.NotFound, 'No such coach in your academy');
    return profile;
  }

  async update(actor: Actor, coachId: string, dto: UpdateCoachDto): Promise<CoachProfileEntity> {
    const profile = await this.findEditable(actor, coachId);
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<CoachProfileEntity>;
    if (Object.keys(changes).length > 0) {
      await this.profiles.update(coachId, changes, {
        actorId: actor.id,
        academyId: profile.user!.academyId,
        action: 'coach.profile-updated',
      });
    }
    return (await this.profiles.findInScope(coachId, CoachPolicy.scopeOf(actor), false))!;
  }

  async replaceWeekly(actor: Actor, coachId: string, dto: WeeklyAvailabilityDto): Promise<AvailabilityResponse> {
    const profile = await this.findEditable(actor, coachId);
    assertEndsAfterStart(dto.weekly, 'weekly');
    await this.coachAvailability.replaceWeekly(
      coachId,
      dto.timeZone,
      dto.weekly.map(({ weekday, start, end }) => ({ weekday, start, end })),
      {
        actorId: actor.id,
        academyId: profile.user!.academyId,
        action: 'coach.availability-replaced',
      },
    );
    return this.availability(actor, coachId);
  }

  async putOverride(actor: Actor, coachId: string, date: string, dto: DateOverrideDto): Promise<AvailabilityResponse> {
    const profile = await this.findEditable(actor, coachId);
    assertEndsAfterStart(dto.intervals, 'intervals');
    await this.coachAvailability.upsertOverride(
      coachId,
      date,
      dto.intervals.map(({ start, end }) => ({ start, end })),
      {
        actorId: actor.id,
        academyId: profile.user!.academyId,
        action: 'coach.override-set',
      },
    );
    return this.availability(actor, coachId);
  }

  async deleteOverride(actor: Actor, coachId: string, date: string): Promise<void> {
    const profile = await this.findEditable(actor, coachId);
    const removed = await this.coachAvailability.deleteOverride(coachId, date, {
      actorId: actor.id,
      academyId: profile.user!.academyId,
      action: 'coach.override-removed',
    });
    if (!removed) throw new ApiException(ErrorCode.NotFound, 'No override on that date');
  }

  async addTimeOff(actor: Actor, coachId: string, dto: TimeOffDto): Promise<AvailabilityResponse['timeOff'][number]> {
    const profile = await this.findEditable(actor, coachId);
    const start = DateTime.fromISO(dto.start);
    const end = DateTime.fromISO(dto.end);
    if (end <= start) throw ApiException.field(ErrorCode.ValidationFailed, 'end', 'must be after start');
    if (end.diff(start, 'days').days > 366) throw ApiException.field(ErrorCode.ValidationFailed, 'end', 'must be within a year of start');
    const saved = await this.coachAvailability.addTimeOff(coachId, start.toJSDate(), end.toJSDate(), dto.reason?.trim() || null, {
      actorId: actor.id,
      academyId: profile.user!.academyId,
      action: 'coach.time-off-added',
    });
    return { id: saved.id, start: saved.startAt.toISOString(), end: saved.endAt.toISOString(), reason: saved.reason };
  }

  async deleteTimeOff(actor: Actor, coachId: string, timeOffId: string): Promise<void> {
    const profile = await this.findEditable(actor, coachId);
    const removed = await this.coachAvailability.deleteTimeOff(coachId, timeOffId, {
      actorId: actor.id,
      academyId: profile.user!.academyId,
      action: 'coach.time-off-removed',
    });
    if (!removed) throw new ApiException(ErrorCode.NotFound, 'No such time off');
  }

  async availability(actor: Actor, coachId: string): Promise<AvailabilityResponse> {
    const profile = await this.findEditable(actor, coachId);
    const zone = profile.availabilityTimeZone ?? 'UTC';
    const today = DateTime.fromJSDate(this.clock.now(), { zone }).toISODate()!;
    const { rules, overrides, timeOff } = await this.coachAvailability.availabilityOf(coachId, today, this.clock.now());
    return {
      timeZone: profile.availabilityTimeZone,
      weekly: rules.map((r) => ({ weekday: r.weekday, start: toLocalTime(r.startTime), end: toLocalTime(r.endTime) })),
      overrides: overrides.map((o) => ({ date: o.localDate, intervals: o.intervals })),
      timeOff: timeOff.map((t) => ({ id: t.id, start: t.startAt.toISOString(), end: t.endAt.toISOString(), reason: t.reason })),
    };
  }
}
