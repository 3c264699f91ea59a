import fc from 'fast-check';
import { DateTime } from 'luxon';
import { checkSlot, generateSlots } from './engine';
import { DAY, localInterval, MINUTE, ZONES } from './schedule.fixtures';
import { type BookedSession, type CoachSchedule, type Interval, type LocalInterval, type Slot } from './types';

/**
 * Properties of slot generation over random coaches, checked against an
 * oracle that does not share the engine's code: the local day is walked in
 * 15-minute instants with Luxon to find where each window begins and ends.
 */

/** Biased toward the weeks when clocks change somewhere. */
const BASE_DATES = ['2026-03-06', '2026-03-26', '2026-04-02', '2026-10-01', '2026-10-22', '2026-10-29', '2026-06-15', '2026-01-08'];
const scenario = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    base: fc.constantFrom(...BASE_DATES),
    nowHour: fc.integer({ min: 0, max: 23 }),
    weekly: fc.array(fc.tuple(fc.integer({ min: 1, max: 7 }), localInterval), { maxLength: 8 }),
    overrides: fc.array(fc.tuple(fc.integer({ min: -1, max: 16 }), fc.array(localInterval, { maxLength: 2 })), { maxLength: 4 }),
    timeOff: fc.array(fc.tuple(fc.integer({ min: 0, max: 16 * 96 }), fc.integer({ min: 1, max: 2 * 96 })), { maxLength: 3 }),
    sessions: fc.array(fc.tuple(fc.integer({ min: -7 * 96, max: 16 * 96 }), fc.constantFrom(2, 3, 4, 6)), { maxLength: 10 }),
    step: fc.constantFrom(15, 30, 60),
    notice: fc.integer({ min: 0, max: 96 }).map((q) => q * 30),
    horizon: fc.integer({ min: 1, max: 30 }),
    before: fc.constantFrom(0, 5, 10, 15, 30),
    after: fc.constantFrom(0, 5, 10, 15, 30),
    perDay: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    perWeek: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
    duration: fc.constantFrom(30, 45, 60, 90),
  })
  .map((s) => {
    const baseMidnight = Date.parse(`${s.base}T00:00:00Z`);
    const now = baseMidnight + s.nowHour * 3600_000;
    const quarter = (q: number) => baseMidnight + q * 15 * MINUTE;
    const localDate = (offset: number) => new Date(baseMidnight + offset * DAY).toISOString().slice(0, 10);
    const overrides = new Map<string, LocalInterval[]>();
    for (const [offset, intervals] of s.overrides) overrides.set(localDate(offset), intervals);
    const sessions: BookedSession[] = s.sessions.map(([q, length]) => {
      const start = quarter(q);
      const end = start + length * 15 * MINUTE;
      return { start, end, blocked: { start: start - s.before * MINUTE, end: end + s.after * MINUTE } };
    });
    const schedule: CoachSchedule = {
      coachId: 'c',
      timeZone: s.zone,
      weekly: s.weekly.map(([weekday, i]) => ({ weekday, ...i })),
      overrides: [...overrides].map(([date, intervals]) => ({ date, intervals })),
      timeOff: s.timeOff.map(([q, length]) => ({ start: quarter(q), end: quarter(q + length) })),
      sessions,
      policy: {
        stepMinutes: s.step,
        minimumNoticeMinutes: s.notice,
        horizonDays: s.horizon,
        bufferBeforeMinutes: s.before,
        bufferAfterMinutes: s.after,
        maxSessionsPerDay: s.perDay,
        maxSessionsPerWeek: s.perWeek,
      },
    };
    const query = { from: now - DAY, to: now + 16 * DAY, durationMinutes: s.duration, now };
    return { schedule, query, slots: generateSlots(schedule, query) };
  });

const minuteOfDay = (t: DateTime) => t.hour * 60 + t.minute;
const toMinute = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

function intervalsOf(schedule: CoachSchedule, date: string): LocalInterval[] {
  const override = schedule.overrides.find((o) => o.date === date);
  if (override) return override.intervals;
  const weekday = DateTime.fromISO(date, { zone: 'UTC' }).weekday;
  return schedule.weekly.filter((r) => r.weekday === weekday);
}

/** Every 15-minute instant of a local date with its wall-clock minute, in time order (minutes repeat on fall-back nights). */
function dayPoints(zone: string, date: string): Array<{ t: number; minute: number }> {
  const points: Array<{ t: number; minute: number }> = [];
  for (let t = DateTime.fromISO(date, { zone }).startOf('day').toMillis(); ; t += 15 * MINUTE) {
    const local = DateTime.fromMillis(t, { zone });
    if (local.toISODate() !== date) return [...points, { t, minute: 1440 }];
    points.push({ t, minute: minuteOfDay(local) });
  }
}

/**
 * The oracle, from the rule the engine implements: a window of a local date
 * runs from the first instant whose wall time reaches its start to the first
 * instant that reaches its end (so a bound inside a spring-forward gap moves
 * to the first wall time after it); a slot is valid when its instants lie
 * inside, and its start's wall time is within the interval of that date.
 */
function insideAvailability(schedule: CoachSchedule, slot: Slot): boolean {
  const zone = schedule.timeZone;
  const start = DateTime.fromMillis(slot.start, { zone });
  const date = start.toISODate()!;
  const points = dayPoints(zone, date);
  const reach = (minute: number) => points.find((p) => p.minute >= minute)!.t;
  return intervalsOf(schedule, date).some((interval) => {
    const [from, to] = [toMinute(interval.start), toMinute(interval.end)];
    const startMinute = minuteOfDay(start);
    // reach(startMinute) === slot.start: a wall time that happens twice is offered at its first occurrence only.
    return (
      startMinute >= from && startMinute < to && reach(startMinute) === slot.start && slot.start >= reach(from) && slot.end <= reach(to)
    );
  });
}

const RUNS = { numRuns: 300 };

describe('slot generation properties (fast-check)', () => {
  it('every slot lies on the coach’s local grid, inside the rules or override of its local date', () => {
    fc.assert(
      fc.property(scenario, ({ schedule, slots }) => {
        for (const slot of slots) {
          const local = DateTime.fromMillis(slot.start, { zone: schedule.timeZone });
          if (minuteOfDay(local) % schedule.policy.stepMinutes !== 0) return false;
          if (!insideAvailability(schedule, slot)) return false;
        }
        return true;
      }),
      RUNS,
    );
  });

  it('no slot overlaps time off, or an existing session with the buffers of both', () => {
    fc.assert(
      fc.property(scenario, ({ schedule, slots }) =>
        slots.every((slot) => {
          const blocked = {
            start: slot.start - schedule.policy.bufferBeforeMinutes * MINUTE,
            end: slot.end + schedule.policy.bufferAfterMinutes * MINUTE,
          };
          return !schedule.timeOff.some((t) => overlaps(slot, t)) && !schedule.sessions.some((s) => overlaps(blocked, s.blocked));
        }),
      ),
      RUNS,
    );
  });

  it('minimum notice, horizon, the requested range, and daily and weekly caps in the coach’s zone hold', () => {
    fc.assert(
      fc.property(scenario, ({ schedule, query, slots }) => {
        const { policy, timeZone } = schedule;
        const local = (t: number) => DateTime.fromMillis(t, { zone: timeZone });
        const weekOf = (t: DateTime) => `${t.weekYear}-${t.weekNumber}`;
        return slots.every((slot) => {
          if (slot.start < query.now + policy.minimumNoticeMinutes * MINUTE) return false;
          if (slot.start >= query.now + policy.horizonDays * DAY) return false;
          if (slot.start < query.from || slot.start >= query.to) return false;
          if (slot.end - slot.start !== query.durationMinutes * MINUTE) return false;
          const day = local(slot.start).toISODate();
          const week = weekOf(local(slot.start));
          const sameDay = schedule.sessions.filter((s) => local(s.start).toISODate() === day).length;
          const sameWeek = schedule.sessions.filter((s) => weekOf(local(s.start)) === week).length;
          return (
            (policy.maxSessionsPerDay === null || sameDay < policy.maxSessionsPerDay) &&
            (policy.maxSessionsPerWeek === null || sameWeek < policy.maxSessionsPerWeek)
          );
        });
      }),
      RUNS,
    );
  });

  it('slots are sorted and unique, and checkSlot agrees with generateSlots on offered and refused starts', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.integer({ min: 0, max: 16 * 96 }), { minLength: 5, maxLength: 20 }),
        ({ schedule, query, slots }, probes) => {
          for (let i = 1; i < slots.length; i++) if (slots[i].start <= slots[i - 1].start) return false;
          if (!slots.every((s) => checkSlot(schedule, s.start, query.durationMinutes, query.now) === null)) return false;
          const offered = new Set(slots.map((s) => s.start));
          // Random 15-minute points in range: refused unless offered, offered unless refused.
          return probes.every((q) => {
            const start = query.from + q * 15 * MINUTE;
            if (start >= query.to) return true;
            return (checkSlot(schedule, start, query.durationMinutes, query.now) === null) === offered.has(start);
          });
        },
      ),
      RUNS,
    );
  });
});
