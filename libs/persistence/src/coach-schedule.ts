// Shared by the API (slots, booking, matching) and the worker (waiting-list offers).
import { type CoachSchedule } from '@app/scheduling';
import { type CoachProfileEntity } from './entities';
import { type CoachScheduleRows } from './repositories/coach-schedules.repository';

const hhmm = (value: string) => value.slice(0, 5);

/** A coach's booking limits as the profile stores them, named alike by the engine's policy and the API's. */
export function bookingLimitsOf(profile: CoachProfileEntity) {
  return {
    minimumNoticeMinutes: profile.minimumNoticeMinutes,
    horizonDays: profile.horizonDays,
    bufferBeforeMinutes: profile.bufferBeforeMinutes,
    bufferAfterMinutes: profile.bufferAfterMinutes,
    maxSessionsPerDay: profile.maxSessionsPerDay,
    maxSessionsPerWeek: profile.maxSessionsPerWeek,
  };
}

/** Database rows → the engine's schedule. Null when the coach has published no hours yet. */
export function toCoachSchedule(rows: CoachScheduleRows, excludeSessionId?: string): CoachSchedule | null {
  const { profile } = rows;
  if (!profile.availabilityTimeZone) return null;
  return {
    coachId: profile.userId,
    timeZone: profile.availabilityTimeZone,
    weekly: rows.rules.map((r) => ({ weekday: r.weekday, start: hhmm(r.startTime), end: hhmm(r.endTime) })),
    overrides: rows.overrides.map((o) => ({ date: o.localDate, intervals: o.intervals })),
    timeOff: rows.timeOff.map((t) => ({ start: t.startAt.getTime(), end: t.endAt.getTime() })),
    sessions: rows.sessions
      .filter((s) => s.id !== excludeSessionId)
      .map((s) => ({
        start: s.startAt.getTime(),
        end: s.endAt.getTime(),
        blocked: { start: s.blockedStart.getTime(), end: s.blockedEnd.getTime() },
      })),
    policy: { stepMinutes: profile.slotStepMinutes, ...bookingLimitsOf(profile) },
  };
}
