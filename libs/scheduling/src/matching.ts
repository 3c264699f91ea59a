import { DateTime } from 'luxon';
import { availabilityWindows } from './engine';
import { type Interval, type Slot, type WeeklyRule } from './types';

/**
 * Match scoring: which coaches suit a newcomer, how well, and why. Pure: the
 * API loads the candidates (with their free slots from the engine) and this
 * ranks them.
 */
/** The weights are configuration (MATCH_WEIGHTS); their documented defaults live in libs/config. */
export interface MatchWeights {
  /** Share of the newcomer's topics the coach covers. */
  topics: number;
  /** Free hours of the coach inside the newcomer's preferred windows. */
  overlap: number;
  /** Spare capacity: the coach's recent and upcoming load against their weekly cap. */
  fairness: number;
  /** The newcomer already completed a session with this coach. */
  continuity: number;
}

/** Overlap minutes at which the overlap factor is one half; it approaches 1 as overlap grows. */
export const OVERLAP_HALF_MINUTES = 240;
/** A coach without a weekly cap is taken to offer this many sessions a week, for fairness. */
export const DEFAULT_WEEKLY_CAPACITY = 5;
/** The load window: sessions from this many days back, and every one booked ahead. */
export const LOAD_WINDOW_DAYS = 30;

export interface MatchRequest {
  languages: readonly string[];
  topics: readonly string[];
  /** The newcomer's zone: preferred windows are read in it. */
  timeZone: string;
  /** Empty means any time. */
  preferredWindows: readonly WeeklyRule[];
  /** null: coaches of any academy. */
  academyId: string | null;
  from: number;
  to: number;
}

export interface MatchCandidate {
  coachId: string;
  displayName: string;
  academyId: string;
  active: boolean;
  languages: readonly string[];
  topics: readonly string[];
  /** The zone the coach's hours are kept in. */
  timeZone: string;
  /** Bookable slots in the request's range, from the availability engine. */
  freeSlots: readonly Slot[];
  /** Sessions (not cancelled) from LOAD_WINDOW_DAYS ago onwards, including those booked ahead. */
  load: number;
  maxSessionsPerWeek: number | null;
  completedWithNewcomer: number;
}

export type MatchReason =
  | { code: 'shared_language'; languages: string[] }
  | { code: 'topics'; covered: string[]; missing: string[] }
  | { code: 'hour_overlap'; minutes: number }
  | { code: 'load'; sessions: number; capacity: number }
  | { code: 'continuity'; completedSessions: number };

export interface DstShiftWarning {
  code: 'dst_shift';
  /** Dates, in the newcomer's zone, on which the hours between the two zones change. */
  dates: string[];
  coachTimeZone: string;
  /** Coach's UTC offset minus the newcomer's, in hours, at the start of the range and at its end. */
  hoursApart: { from: number; to: number };
}

export interface RankedCandidate {
  coachId: string;
  displayName: string;
  score: number;
  reasons: MatchReason[];
  warnings: DstShiftWarning[];
  /** Free slots inside the preferred windows (all free slots when there are none), by start. */
  matchingSlots: Slot[];
}

/**
 * The hard filters: a coach failing any of them is never a candidate. The
 * requested gender is applied in the query that loads the candidates, so a
 * coach's gender never reaches the scoring or an answer.
 */
export function passesFilters(request: MatchRequest, coach: MatchCandidate): boolean {
  if (!coach.active) return false;
  if (!coach.languages.some((l) => request.languages.includes(l))) return false;
  // A session is booked for one topic the coach covers: a coach covering none could be shown but never booked.
  if (request.topics.length > 0 && !coach.topics.some((t) => request.topics.includes(t))) return false;
  if (request.academyId !== null && coach.academyId !== request.academyId) return false;
  return true;
}

/** The preferred windows as instants over the range; the whole range when none are given. */
export function preferredIntervals(request: MatchRequest): Interval[] {
  if (request.preferredWindows.length === 0) return [{ start: request.from, end: request.to }];
  const schedule = {
    coachId: 'newcomer',
    timeZone: request.timeZone,
    weekly: [...request.preferredWindows],
    overrides: [],
    timeOff: [],
    sessions: [],
    policy: {
      stepMinutes: 30,
      minimumNoticeMinutes: 0,
      horizonDays: 366,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      maxSessionsPerDay: null,
      maxSessionsPerWeek: null,
    },
  };
  return mergeIntervals(
    availabilityWindows(schedule, request.from, request.to)
      .map((w) => ({ start: Math.max(w.start, request.from), end: Math.min(w.end, request.to) }))
      .filter((w) => w.end > w.start),
  );
}

function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

const isSorted = (slots: readonly Slot[]) => slots.every((slot, i) => i === 0 || slots[i - 1].start <= slot.start);

/** Slots lying wholly inside one of the windows; both sorted, windows disjoint, so one pass over each. */
function slotsInside(slots: readonly Slot[], windows: readonly Interval[]): Slot[] {
  const inside: Slot[] = [];
  let w = 0;
  for (const slot of slots) {
    while (w < windows.length && windows[w].end < slot.end) w++;
    if (w === windows.length) break;
    if (slot.start >= windows[w].start) inside.push(slot);
  }
  return inside;
}

function overlapMinutes(free: Interval[], windows: Interval[]): number {
  let total = 0;
  let j = 0;
  for (const interval of free) {
    while (j < windows.length && windows[j].end <= interval.start) j++;
    for (let k = j; k < windows.length && windows[k].start < interval.end; k++) {
      total += Math.min(interval.end, windows[k].end) - Math.max(interval.start, windows[k].start);
    }
  }
  return Math.round(total / 60_000);
}

const offsetMinutes = (zone: string, at: number) => DateTime.fromMillis(at, { zone }).offset;

/**
 * The dates on which the hours between two zones change inside the range
 * (they switch DST on different dates, or only one of them does).
 */
export function dstShift(newcomerZone: string, coachZone: string, from: number, to: number): DstShiftWarning | null {
  if (newcomerZone === coachZone) return null;
  // The same zones and range come back with every request of a day: Luxon's walk over the days is done once.
  const key = `${newcomerZone} ${coachZone} ${from} ${to}`;
  if (!dstShifts.has(key)) {
    if (dstShifts.size >= 2_000) dstShifts.clear();
    dstShifts.set(key, walkDstShift(newcomerZone, coachZone, from, to));
  }
  const shift = dstShifts.get(key)!;
  return shift && { ...shift, dates: [...shift.dates], hoursApart: { ...shift.hoursApart } };
}

const dstShifts = new Map<string, DstShiftWarning | null>();

function walkDstShift(newcomerZone: string, coachZone: string, from: number, to: number): DstShiftWarning | null {
  const apart = (at: number) => offsetMinutes(coachZone, at) - offsetMinutes(newcomerZone, at);
  const dates: string[] = [];
  let day = DateTime.fromMillis(from, { zone: newcomerZone }).startOf('day');
  let previous = apart(day.toMillis());
  const first = previous;
  while (day.toMillis() < to) {
    const next = day.plus({ days: 1 });
    const current = apart(Math.min(next.toMillis(), to));
    if (current !== previous) dates.push(day.toISODate()!);
    previous = current;
    day = next;
  }
  if (dates.length === 0) return null;
  return { code: 'dst_shift', dates, coachTimeZone: coachZone, hoursApart: { from: first / 60, to: previous / 60 } };
}

/**
 * Ranks the coaches that pass the hard filters and have a free slot in the
 * range. Deterministic: ties go to the larger overlap, then the lighter load,
 * then the smaller coach id, whatever the order of the input.
 */
export function rankCandidates(request: MatchRequest, coaches: readonly MatchCandidate[], weights: MatchWeights): RankedCandidate[] {
  const windows = preferredIntervals(request);
  const shifts = new Map<string, DstShiftWarning | null>();
  const ranked: Array<RankedCandidate & { overlap: number; load: number }> = [];
  for (const coach of coaches) {
    if (!passesFilters(request, coach) || coach.freeSlots.length === 0) continue;
    const slots = isSorted(coach.freeSlots) ? coach.freeSlots : [...coach.freeSlots].sort((a, b) => a.start - b.start);
    const free = mergeIntervals(slots.map((s) => ({ start: s.start, end: s.end })));
    const overlap = overlapMinutes(free, windows);
    const matchingSlots = slotsInside(slots, windows);

    const covered = request.topics.filter((t) => coach.topics.includes(t));
    const capacity = Math.round((coach.maxSessionsPerWeek ?? DEFAULT_WEEKLY_CAPACITY) * (LOAD_WINDOW_DAYS / 7));
    const factors = {
      topics: request.topics.length === 0 ? 1 : covered.length / request.topics.length,
      overlap: overlap / (overlap + OVERLAP_HALF_MINUTES),
      fairness: 1 - Math.min(1, coach.load / capacity),
      continuity: coach.completedWithNewcomer > 0 ? 1 : 0,
    };
    const score =
      weights.topics * factors.topics +
      weights.overlap * factors.overlap +
      weights.fairness * factors.fairness +
      weights.continuity * factors.continuity;

    const reasons: MatchReason[] = [
      { code: 'shared_language', languages: request.languages.filter((l) => coach.languages.includes(l)) },
      { code: 'topics', covered, missing: request.topics.filter((t) => !coach.topics.includes(t)) },
      { code: 'hour_overlap', minutes: overlap },
      { code: 'load', sessions: coach.load, capacity },
    ];
    if (coach.completedWithNewcomer > 0) reasons.push({ code: 'continuity', completedSessions: coach.completedWithNewcomer });

    if (!shifts.has(coach.timeZone)) shifts.set(coach.timeZone, dstShift(request.timeZone, coach.timeZone, request.from, request.to));
    const shift = shifts.get(coach.timeZone);
    ranked.push({
      coachId: coach.coachId,
      displayName: coach.displayName,
      score: Math.round(score * 1e6) / 1e6,
      reasons,
      warnings: shift ? [shift] : [],
      matchingSlots,
      overlap,
      load: coach.load,
    });
  }
  ranked.sort(
    (a, b) => b.score - a.score || b.overlap - a.overlap || a.load - b.load || (a.coachId < b.coachId ? -1 : a.coachId > b.coachId ? 1 : 0),
  );
  return ranked.map(({ overlap: _overlap, load: _load, ...candidate }) => candidate);
}
