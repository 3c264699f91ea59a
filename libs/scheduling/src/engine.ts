import { DateTime } from 'luxon';
import { type CoachSchedule, type Interval, type LocalDate, type Slot, type SlotQuery, type SlotRefusal } from './types';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** "HH:mm" → minutes after midnight; "24:00" → 1440. */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** A calendar date as plain numbers; its weekday does not depend on any zone. */
interface CalendarDay {
  iso: LocalDate;
  year: number;
  month: number;
  day: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Date.UTC of its midnight, used only as a base for wall-clock arithmetic. */
  utcMidnight: number;
}

/** Calendar days are the same for every coach: built once each (a match walks 14 days of thousands of coaches). */
const calendarDays = new Map<number, CalendarDay>();

function calendarDay(utcMidnight: number): CalendarDay {
  let day = calendarDays.get(utcMidnight);
  if (!day) {
    const d = new Date(utcMidnight);
    const iso = d.toISOString().slice(0, 10);
    day = Object.freeze({
      iso,
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      weekday: ((d.getUTCDay() + 6) % 7) + 1,
      utcMidnight,
    });
    if (calendarDays.size > 20_000) calendarDays.clear();
    calendarDays.set(utcMidnight, day);
  }
  return day;
}

/**
 * Offset (minutes) at the start of a local day, and whether it holds all day.
 * Cached per zone and date: the slow path (Luxon per wall time) runs only on
 * the few days a zone changes its clocks.
 */
const dayOffsets = new Map<string, Map<number, { offset: number; uniform: boolean }>>();

function offsetsOf(zone: string, day: CalendarDay): { offset: number; uniform: boolean } {
  let ofZone = dayOffsets.get(zone);
  if (!ofZone) {
    ofZone = new Map();
    dayOffsets.set(zone, ofZone);
  }
  let cached = ofZone.get(day.utcMidnight);
  if (!cached) {
    const start = DateTime.fromObject({ year: day.year, month: day.month, day: day.day }, { zone });
    const next = start.plus({ days: 1 }).startOf('day');
    cached = { offset: start.offset, uniform: start.offset === next.offset && start.hour === 0 && start.minute === 0 };
    if (ofZone.size > 5_000) ofZone.clear();
    ofZone.set(day.utcMidnight, cached);
  }
  return cached;
}

/**
 * The instant of a wall-clock time on a local date, or null when that time
 * does not exist (spring-forward gap). A time that occurs twice (fall back)
 * resolves to its first occurrence. Minute 1440 is the next local midnight.
 */
export function instantOf(zone: string, day: CalendarDay, minute: number): number | null {
  if (minute >= 1440) {
    const next = calendarDay(day.utcMidnight + DAY);
    return instantOf(zone, next, 0) ?? boundaryAfterGap(zone, next, 0);
  }
  const { offset, uniform } = offsetsOf(zone, day);
  if (uniform) return day.utcMidnight + (minute - offset) * MINUTE;
  const hour = Math.floor(minute / 60);
  const min = minute % 60;
  const local = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute: min }, { zone });
  if (local.hour !== hour || local.minute !== min) return null;
  // Clock shifts are 60 minutes, or 30 on Lord Howe Island: look that far back for an earlier occurrence.
  for (const shift of [60, 30]) {
    const earlier = DateTime.fromMillis(local.toMillis() - shift * MINUTE, { zone });
    if (earlier.hour === hour && earlier.minute === min) return earlier.toMillis();
  }
  return local.toMillis();
}

/** A window boundary that falls in a gap moves forward to the first wall time that exists. */
function boundaryAfterGap(zone: string, day: CalendarDay, minute: number): number {
  for (let m = minute + 1; m < 1440; m++) {
    const instant = instantOf(zone, day, m);
    if (instant !== null) return instant;
  }
  return day.utcMidnight + DAY - offsetsOf(zone, day).offset * MINUTE;
}

function boundaryOf(zone: string, day: CalendarDay, minute: number): number {
  return instantOf(zone, day, minute) ?? boundaryAfterGap(zone, day, minute);
}

/** An availability window of one local date, in instants, with the wall-clock minutes it came from. */
export interface AvailabilityWindow {
  day: CalendarDay;
  startMinute: number;
  endMinute: number;
  start: number;
  end: number;
}

/**
 * Windows of every local date that can touch [from, to): the date's override
 * if it has one (empty = unavailable), otherwise the weekly rules of its weekday.
 */
export function availabilityWindows(schedule: CoachSchedule, from: number, to: number): AvailabilityWindow[] {
  const zone = schedule.timeZone;
  const overrides = new Map(schedule.overrides.map((o) => [o.date, o.intervals]));
  const windows: AvailabilityWindow[] = [];
  // Offsets lie within ±14 h, so these UTC dates, widened by a day, cover every local date in range.
  const firstDay = Math.floor(from / DAY) * DAY - DAY;
  const lastDay = Math.floor(to / DAY) * DAY + DAY;
  for (let midnight = firstDay; midnight <= lastDay; midnight += DAY) {
    const day = calendarDay(midnight);
    const intervals = overrides.get(day.iso) ?? schedule.weekly.filter((r) => r.weekday === day.weekday);
    for (const interval of intervals) {
      const startMinute = minutesOf(interval.start);
      const endMinute = minutesOf(interval.end);
      if (endMinute <= startMinute) continue;
      windows.push({ day, startMinute, endMinute, start: boundaryOf(zone, day, startMinute), end: boundaryOf(zone, day, endMinute) });
    }
  }
  return windows;
}

/** ISO week of a calendar date ("2026-W13"), computed without any zone. */
export function isoWeekOf(day: { year: number; month: number; day: number }): string {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday = 0
  date.setUTCDate(date.getUTCDate() - weekday + 3); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * DAY));
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

interface Load {
  perDay: Map<string, number>;
  perWeek: Map<string, number>;
}

/** Existing sessions counted by the coach-local date and ISO week of their start. */
function loadOf(schedule: CoachSchedule): Load {
  const perDay = new Map<string, number>();
  const perWeek = new Map<string, number>();
  // Without caps nothing reads the counts; Luxon per session is the costly part.
  if (schedule.policy.maxSessionsPerDay === null && schedule.policy.maxSessionsPerWeek === null) return { perDay, perWeek };
  for (const session of schedule.sessions) {
    const local = DateTime.fromMillis(session.start, { zone: schedule.timeZone });
    const iso = local.toISODate()!;
    const week = isoWeekOf(local);
    perDay.set(iso, (perDay.get(iso) ?? 0) + 1);
    perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
  }
  return { perDay, perWeek };
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/** Time off, other sessions (with buffers on both sides) and the caps of the start's local day and week. */
function occupancyRefusal(schedule: CoachSchedule, start: number, end: number, day: CalendarDay, load: Load): SlotRefusal | null {
  const { policy } = schedule;
  if (schedule.timeOff.some((t) => overlaps({ start, end }, t))) return 'time_off';
  const blocked = { start: start - policy.bufferBeforeMinutes * MINUTE, end: end + policy.bufferAfterMinutes * MINUTE };
  if (schedule.sessions.some((s) => overlaps(blocked, s.blocked))) return 'slot_unavailable';
  if (policy.maxSessionsPerDay !== null && (load.perDay.get(day.iso) ?? 0) >= policy.maxSessionsPerDay) return 'daily_limit_reached';
  if (policy.maxSessionsPerWeek !== null && (load.perWeek.get(isoWeekOf(day)) ?? 0) >= policy.maxSessionsPerWeek)
    return 'weekly_limit_reached';
  return null;
}

/**
 * Starts of one window on the coach's local grid (every `stepMinutes` from
 * local midnight) that exist and leave the whole session inside the window's instants.
 */
function windowStarts(schedule: CoachSchedule, window: AvailabilityWindow, durationMs: number): number[] {
  const step = schedule.policy.stepMinutes;
  const starts: number[] = [];
  for (let minute = Math.ceil(window.startMinute / step) * step; minute < window.endMinute && minute < 1440; minute += step) {
    const start = instantOf(schedule.timeZone, window.day, minute);
    if (start === null || start < window.start || start + durationMs > window.end) continue;
    starts.push(start);
  }
  return starts;
}

function noticeRefusal(schedule: CoachSchedule, start: number, now: number): SlotRefusal | null {
  if (start < now + schedule.policy.minimumNoticeMinutes * MINUTE) return 'too_short_notice';
  if (start >= now + schedule.policy.horizonDays * DAY) return 'beyond_horizon';
  return null;
}

/** Free slots of one coach starting in [from, to), sorted, each offered once. */
export function generateSlots(schedule: CoachSchedule, query: SlotQuery): Slot[] {
  return freeSlots(schedule, query, null, Infinity);
}

/**
 * The free slots a match looks at: those of `generateSlots` that overlap one
 * of `within` (sorted, disjoint intervals), and, when none does, the first
 * free slot of the range, which tells whether the coach has any. Availability
 * windows that overlap none of `within` are skipped whole, so a coach's other
 * hours cost nothing but their windows' bounds.
 */
export function slotsTouching(schedule: CoachSchedule, query: SlotQuery, within: readonly Interval[]): Slot[] {
  const touching = freeSlots(schedule, query, within, Infinity);
  return touching.length > 0 ? touching : freeSlots(schedule, query, null, 1);
}

/** The first index of `sorted` whose end is after `at`. */
function firstEndingAfter(sorted: readonly Interval[], at: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid].end <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Whether [start, end) overlaps one of the sorted, disjoint intervals. */
function touches(sorted: readonly Interval[], start: number, end: number): boolean {
  const i = firstEndingAfter(sorted, start);
  return i < sorted.length && sorted[i].start < end;
}

/**
 * Free slots starting in [from, to), sorted, each offered once; only those
 * overlapping `within` when it is given; at most `limit` of them, stopping
 * early (then not necessarily the earliest).
 */
function freeSlots(schedule: CoachSchedule, query: SlotQuery, within: readonly Interval[] | null, limit: number): Slot[] {
  const durationMs = query.durationMinutes * MINUTE;
  const load = loadOf(schedule);
  const offered = new Set<number>();
  for (const window of availabilityWindows(schedule, query.from, query.to)) {
    if (window.end <= query.from || window.start >= query.to) continue;
    if (within && !touches(within, window.start, window.end)) continue;
    for (const start of windowStarts(schedule, window, durationMs)) {
      if (start < query.from || start >= query.to || offered.has(start)) continue;
      if (within && !touches(within, start, start + durationMs)) continue;
      if (query.busy?.some((b) => start < b.end && b.start < start + durationMs)) continue;
      if (
        noticeRefusal(schedule, start, query.now) === null &&
        occupancyRefusal(schedule, start, start + durationMs, window.day, load) === null
      ) {
        offered.add(start);
        if (offered.size >= limit) break;
      }
    }
    if (offered.size >= limit) break;
  }
  return [...offered].sort((a, b) => a - b).map((start) => ({ coachId: schedule.coachId, start, end: start + durationMs }));
}

/** Why this start cannot be booked, by the same rules as `generateSlots`; null when it can. */
export function checkSlot(schedule: CoachSchedule, start: number, durationMinutes: number, now: number): SlotRefusal | null {
  const notice = noticeRefusal(schedule, start, now);
  if (notice) return notice;
  const durationMs = durationMinutes * MINUTE;
  const window = availabilityWindows(schedule, start, start + 1).find((w) => windowStarts(schedule, w, durationMs).includes(start));
  if (!window) return 'outside_availability';
  return occupancyRefusal(schedule, start, start + durationMs, window.day, loadOf(schedule));
}
