import { availabilityWindows } from './engine';
import { type CoachSchedule, type Interval } from './types';

/**
 * How long, in milliseconds, the coach offered to be available within
 * [from, to): the union of their windows (weekly hours, or the date's
 * override), in real instants, less their time off. Sessions do not reduce
 * it: this is the denominator of utilisation. A window on a DST night counts
 * the hours it really lasts (01:00–04:00 in Rome on 2026-03-29 is two hours).
 */
export function offeredMilliseconds(schedule: CoachSchedule, from: number, to: number): number {
  const windows = availabilityWindows(schedule, from, to)
    .map((w) => ({ start: Math.max(w.start, from), end: Math.min(w.end, to) }))
    .filter((w) => w.end > w.start);
  let total = 0;
  for (const piece of subtract(union(windows), union(schedule.timeOff))) total += piece.end - piece.start;
  return total;
}

/** Sorted, non-overlapping intervals covering the same instants. */
function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ start: next.start, end: next.end });
  }
  return merged;
}

/** `from` less `holes`; both sorted and non-overlapping. */
function subtract(from: readonly Interval[], holes: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  let h = 0;
  for (const interval of from) {
    let start = interval.start;
    while (h < holes.length && holes[h].end <= start) h++;
    for (let i = h; i < holes.length && holes[i].start < interval.end; i++) {
      if (holes[i].start > start) result.push({ start, end: holes[i].start });
      start = Math.max(start, holes[i].end);
    }
    if (start < interval.end) result.push({ start, end: interval.end });
  }
  return result;
}
