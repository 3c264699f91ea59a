import { type CoachScheduleRows, type PreferredWindow, toCoachSchedule } from '@app/persistence';
import { generateSlots, type Interval, preferredIntervals, type Slot } from '@app/scheduling';

const DAY_MS = 86_400_000;
/** The batch of offers a coach's arrival sends is capped by their free slots in this many days. */
export const OFFER_CAPACITY_DAYS = 14;
/** Times the offer mail lists. */
export const OFFER_TIMES = 3;
/** Slots never look further ahead than a slot search may. */
const MAX_LOOKAHEAD_DAYS = 31;

/** The length used to count and show a coach's free time: an hour if they offer it, else their first length. */
export function offerDurationOf(rows: CoachScheduleRows): number {
  const lengths = rows.profile.sessionLengths;
  return lengths.includes(60) ? 60 : lengths[0];
}

/** The coach's free slots from `now` to their horizon (at most 31 days), or none if they have published no hours. */
export function freeSlotsAhead(rows: CoachScheduleRows, now: number): Slot[] {
  const schedule = toCoachSchedule(rows);
  if (!schedule) return [];
  const days = Math.min(rows.profile.horizonDays, MAX_LOOKAHEAD_DAYS);
  return generateSlots(schedule, { from: now, to: now + days * DAY_MS, durationMinutes: offerDurationOf(rows), now });
}

/** How many sessions the coach could still take in the next 14 days: free slots that do not overlap one another. */
export function capacityOf(slots: readonly Slot[], now: number): number {
  let count = 0;
  let freeFrom = -Infinity;
  for (const slot of slots) {
    if (slot.start >= now + OFFER_CAPACITY_DAYS * DAY_MS) break;
    if (slot.start < freeFrom) continue;
    count++;
    freeFrom = slot.end;
  }
  return count;
}

/** The coach's free slots inside an entry's preferred windows (any time when it has none), in order. */
export function slotsFitting(
  slots: readonly Slot[],
  entry: { timeZone: string; preferredWindows: readonly PreferredWindow[] },
  now: number,
): Slot[] {
  if (slots.length === 0) return [];
  if (entry.preferredWindows.length === 0) return [...slots];
  const within: Interval[] = preferredIntervals({
    languages: [],
    topics: [],
    timeZone: entry.timeZone,
    preferredWindows: entry.preferredWindows,
    academyId: null,
    from: now,
    to: slots[slots.length - 1].end,
  });
  return slots.filter((slot) => within.some((w) => slot.start >= w.start && slot.end <= w.end));
}
