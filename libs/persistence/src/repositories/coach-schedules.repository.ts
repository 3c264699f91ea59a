import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AvailabilityOverrideEntity,
  AvailabilityRuleEntity,
  CoachingSessionEntity,
  CoachProfileEntity,
  type CoachStatus,
  TimeOffEntity,
  UserEntity,
} from '../entities';
import { activeSession, blockedOverlaps } from '../session-predicates';
import { lockCoachProfile } from './coach-profile-lock';

/** Everything the scheduling engine needs about one coach, for one range of instants. */
export interface CoachScheduleRows {
  profile: CoachProfileEntity;
  /** The coach's academy's own reminder offsets in minutes, if it has any (read along, for the booking path). */
  academyReminderOffsets: number[] | null;
  rules: AvailabilityRuleEntity[];
  overrides: AvailabilityOverrideEntity[];
  timeOff: TimeOffEntity[];
  sessions: CoachingSessionEntity[];
}

/** Reading coaches' schedules for the scheduling engine: in bulk for searches and reports, one under lock for a booking. */
@Injectable()
export class CoachSchedulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Slot search and matching: the schedules of many coaches in one
   * statement, whatever their number. `from`/`to` bound what is relevant; callers widen
   * them by the caps' week and the buffers.
   */
  async loadSchedules(
    coachIds: string[],
    from: Date,
    to: Date,
    options: { sessions: boolean } = { sessions: true },
  ): Promise<CoachScheduleRows[]> {
    if (coachIds.length === 0) return [];
    const manager = this.dataSource.manager;
    // Offered hours (reports) need no sessions: a year of them would be read for nothing.
    const select = options.sessions ? SCHEDULE_SELECT : SCHEDULE_SELECT.replace(SESSIONS_COLUMN, `'[]'::json AS sessions`);
    const rows: Array<Record<string, unknown>> = await manager.query(
      `${select} WHERE p.user_id = ANY($1::uuid[]) AND u.role = 'coach' ORDER BY p.user_id`,
      scheduleParameters(coachIds, from, to),
    );
    return rows.map((row) => toScheduleRows(manager, row));
  }

  /**
   * The booking path: locks the coach's profile row for the rest of the
   * transaction (bookings for one coach take turns, so caps hold) and reads
   * the profile, the account's academy and languages, and the schedule around
   * `from`–`to`, in one statement.
   */
  async lockSchedule(manager: EntityManager, coachId: string, from: Date, to: Date): Promise<CoachScheduleRows | null> {
    // The lock first, the schedule in a statement of its own: under READ COMMITTED each statement
    // reads what was committed when it began, so a read that had to wait for the lock would not
    // see the time off, override or hours committed by the transaction it waited for.
    await lockCoachProfile(manager, coachId);
    const rows: Array<Record<string, unknown>> = await manager.query(
      `${SCHEDULE_SELECT} WHERE p.user_id = $1 AND u.role = 'coach'`,
      scheduleParameters(coachId, from, to),
    );
    return rows[0] ? toScheduleRows(manager, rows[0]) : null;
  }
}

/**
 * A coach's profile, account fields and schedule around [$2, $3) in one row:
 * the rules, the overrides of the local dates $4–$5, time off and sessions
 * that are not cancelled, each aggregated as JSON.
 */
const SESSIONS_COLUMN = `(SELECT coalesce(json_agg(json_build_object('id', s.id, 'startAt', s.start_at, 'endAt', s.end_at,
                                                 'blockedStart', s.blocked_start, 'blockedEnd', s.blocked_end)), '[]')
        FROM coaching_session s
       WHERE s.coach_id = p.user_id AND ${activeSession('s')} AND ${blockedOverlaps('s', '$2', '$3')}) AS sessions`;

const SCHEDULE_SELECT = `SELECT p.*, u.academy_id, u.languages, u.display_name,
     (SELECT a.reminder_offsets_minutes FROM academy a WHERE a.id = u.academy_id) AS academy_reminder_offsets,
     (SELECT coalesce(json_agg(json_build_object('weekday', r.weekday, 'startTime', r.start_time, 'endTime', r.end_time)), '[]')
        FROM availability_rule r WHERE r.coach_id = p.user_id) AS rules,
     (SELECT coalesce(json_agg(json_build_object('localDate', o.local_date, 'intervals', o.intervals)), '[]')
        FROM availability_override o WHERE o.coach_id = p.user_id AND o.local_date BETWEEN $4 AND $5) AS overrides,
     (SELECT coalesce(json_agg(json_build_object('startAt', t.start_at, 'endAt', t.end_at)), '[]')
        FROM time_off t WHERE t.coach_id = p.user_id AND t.end_at > $2 AND t.start_at < $3) AS time_off,
     ${SESSIONS_COLUMN}
   FROM coach_profile p JOIN app_user u ON u.id = p.user_id`;

/** Overrides are read for local dates a little wider than the range: zones lie within ±14 h of UTC. */
function scheduleParameters(coach: string | string[], from: Date, to: Date): unknown[] {
  const fromDate = new Date(from.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
  const toDate = new Date(to.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  return [coach, from, to, fromDate, toDate];
}

function toScheduleRows(manager: EntityManager, row: Record<string, unknown>): CoachScheduleRows {
  const coachId = row.user_id as string;
  const profile = manager.getRepository(CoachProfileEntity).create({
    userId: coachId,
    topics: row.topics as string[],
    sessionLengths: row.session_lengths as number[],
    slotStepMinutes: row.slot_step_minutes as number,
    minimumNoticeMinutes: row.minimum_notice_minutes as number,
    horizonDays: row.horizon_days as number,
    bufferBeforeMinutes: row.buffer_before_minutes as number,
    bufferAfterMinutes: row.buffer_after_minutes as number,
    maxSessionsPerDay: row.max_sessions_per_day as number | null,
    maxSessionsPerWeek: row.max_sessions_per_week as number | null,
    status: row.status as CoachStatus,
    active: row.active as boolean,
    availabilityTimeZone: row.availability_time_zone as string | null,
  });
  profile.user = manager.getRepository(UserEntity).create({
    id: coachId,
    academyId: row.academy_id as string,
    languages: row.languages as string[],
    displayName: row.display_name as string,
    role: 'coach',
  });
  const instant = (value: unknown) => new Date(value as string);
  type Json = Record<string, unknown>;
  return {
    profile,
    academyReminderOffsets: (row.academy_reminder_offsets as number[] | null) ?? null,
    rules: (row.rules as Json[]).map(
      (r) => ({ coachId, weekday: r.weekday, startTime: r.startTime, endTime: r.endTime }) as AvailabilityRuleEntity,
    ),
    overrides: (row.overrides as Json[]).map(
      (o) => ({ coachId, localDate: o.localDate, intervals: o.intervals }) as AvailabilityOverrideEntity,
    ),
    timeOff: (row.time_off as Json[]).map((t) => ({ coachId, startAt: instant(t.startAt), endAt: instant(t.endAt) }) as TimeOffEntity),
    sessions: (row.sessions as Json[]).map(
      (x) =>
        ({
          id: x.id,
          coachId,
          startAt: instant(x.startAt),
          endAt: instant(x.endAt),
          blockedStart: instant(x.blockedStart),
          blockedEnd: instant(x.blockedEnd),
        }) as CoachingSessionEntity,
    ),
  };
}
