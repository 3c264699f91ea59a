/**
 * The scheduling engine's vocabulary. Pure data: no Nest, no database.
 *
 * Instants are epoch milliseconds (UTC). Wall-clock values ("HH:mm", "YYYY-MM-DD")
 * are always read in the coach's IANA zone, never as offsets.
 */

/** "HH:mm", 00:00–23:59; an interval's end may also be "24:00" (the next midnight). */
export type LocalTime = string;
/** "YYYY-MM-DD" */
export type LocalDate = string;

export interface Interval {
  /** Inclusive start instant, epoch ms. */
  start: number;
  /** Exclusive end instant, epoch ms. */
  end: number;
}

export interface LocalInterval {
  start: LocalTime;
  end: LocalTime;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export interface WeeklyRule extends LocalInterval {
  weekday: number;
}

/** Replaces the weekly rules on one local date; no intervals means unavailable that day. */
export interface DateOverride {
  date: LocalDate;
  intervals: LocalInterval[];
}

export interface BookingPolicy {
  /** Candidate starts lie on this grid of local wall-clock minutes from midnight (default 30: :00 and :30). */
  stepMinutes: number;
  minimumNoticeMinutes: number;
  /** A slot must start before now + horizonDays × 24 h. */
  horizonDays: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** Counted per local date in the coach's zone; null = no cap. */
  maxSessionsPerDay: number | null;
  /** Counted per ISO week (Monday–Sunday) in the coach's zone; null = no cap. */
  maxSessionsPerWeek: number | null;
}

/** An existing active session of the coach. `blocked` includes the buffers it was booked with. */
export interface BookedSession {
  start: number;
  end: number;
  blocked: Interval;
}

export interface CoachSchedule {
  coachId: string;
  timeZone: string;
  weekly: WeeklyRule[];
  overrides: DateOverride[];
  timeOff: Interval[];
  sessions: BookedSession[];
  policy: BookingPolicy;
}

export interface SlotQuery {
  /** Only slots starting in [from, to) are returned. */
  from: number;
  to: number;
  durationMinutes: number;
  /** The pinned clock. */
  now: number;
  /**
   * Times the person booking is already taken (their own sessions, without
   * buffers): a slot overlapping one is not offered, as the newcomer's
   * exclusion constraint would refuse it.
   */
  busy?: readonly Interval[];
}

export interface Slot {
  coachId: string;
  start: number;
  end: number;
}

/** Why a given start cannot be booked; null when it can. Same rules as slot generation. */
export type SlotRefusal =
  | 'outside_availability'
  | 'too_short_notice'
  | 'beyond_horizon'
  | 'daily_limit_reached'
  | 'weekly_limit_reached'
  | 'time_off'
  | 'slot_unavailable';
