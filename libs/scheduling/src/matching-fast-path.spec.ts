import fc from 'fast-check';
import { DEFAULT_MATCH_WEIGHTS_CONFIG as WEIGHTS } from '@app/config';
import { generateSlots, slotsTouching } from './engine';
import { type MatchCandidate, type MatchRequest, preferredIntervals, rankCandidates } from './matching';
import { DAY, localInterval, MINUTE, ZONES } from './schedule.fixtures';
import { type CoachSchedule, type LocalInterval } from './types';

/**
 * Matching generates, for each coach, only the free slots that overlap the
 * newcomer's preferred windows (and, when there are none, one free slot to say
 * the coach has any). On random coaches and requests, the ranking from those
 * slots must equal the ranking from every free slot of the range.
 */

/** Some weeks in which clocks change somewhere. */
const BASE_DATES = ['2026-03-06', '2026-03-26', '2026-10-22', '2026-06-15'];
const weekly = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 7 }), localInterval), { maxLength: 6 })
  .map((rules) => rules.map(([weekday, i]) => ({ weekday, ...i })));

const coachArbitrary = fc.record({
  zone: fc.constantFrom(...ZONES),
  weekly,
  overrides: fc.array(fc.tuple(fc.integer({ min: -1, max: 16 }), fc.array(localInterval, { maxLength: 2 })), { maxLength: 3 }),
  timeOff: fc.array(fc.tuple(fc.integer({ min: 0, max: 16 * 96 }), fc.integer({ min: 1, max: 2 * 96 })), { maxLength: 2 }),
  sessions: fc.array(fc.tuple(fc.integer({ min: -7 * 96, max: 16 * 96 }), fc.constantFrom(2, 4, 6)), { maxLength: 8 }),
  step: fc.constantFrom(15, 30, 60),
  notice: fc.integer({ min: 0, max: 48 }).map((q) => q * 30),
  horizon: fc.integer({ min: 1, max: 30 }),
  buffer: fc.constantFrom(0, 10, 30),
  perDay: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  perWeek: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
  topics: fc.subarray(['employment', 'housing', 'education']),
  load: fc.integer({ min: 0, max: 30 }),
  completed: fc.constantFrom(0, 0, 1),
});

const scenario = fc.record({
  base: fc.constantFrom(...BASE_DATES),
  nowHour: fc.integer({ min: 0, max: 23 }),
  zone: fc.constantFrom(...ZONES),
  windows: fc.array(fc.tuple(fc.integer({ min: 1, max: 7 }), localInterval), { maxLength: 5 }),
  days: fc.integer({ min: 1, max: 14 }),
  duration: fc.constantFrom(30, 60, 90),
  coaches: fc.array(coachArbitrary, { minLength: 1, maxLength: 6 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario) {
  const baseMidnight = Date.parse(`${s.base}T00:00:00Z`);
  const now = baseMidnight + s.nowHour * 3_600_000;
  const quarter = (q: number) => baseMidnight + q * 15 * MINUTE;
  const localDate = (offset: number) => new Date(baseMidnight + offset * DAY).toISOString().slice(0, 10);
  const request: MatchRequest = {
    languages: ['ur'],
    topics: ['employment', 'housing'],
    timeZone: s.zone,
    preferredWindows: s.windows.map(([weekday, i]) => ({ weekday, ...i })),
    academyId: 'siena',
    from: baseMidnight,
    to: baseMidnight + s.days * DAY,
  };
  const schedules = s.coaches.map((c, n): CoachSchedule => {
    const overrides = new Map<string, LocalInterval[]>();
    for (const [offset, intervals] of c.overrides) overrides.set(localDate(offset), intervals);
    return {
      coachId: `c-${n}`,
      timeZone: c.zone,
      weekly: c.weekly,
      overrides: [...overrides].map(([date, intervals]) => ({ date, intervals })),
      timeOff: c.timeOff.map(([q, length]) => ({ start: quarter(q), end: quarter(q + length) })),
      sessions: c.sessions.map(([q, length]) => {
        const start = quarter(q);
        const end = start + length * 15 * MINUTE;
        return { start, end, blocked: { start: start - c.buffer * MINUTE, end: end + c.buffer * MINUTE } };
      }),
      policy: {
        stepMinutes: c.step,
        minimumNoticeMinutes: c.notice,
        horizonDays: c.horizon,
        bufferBeforeMinutes: c.buffer,
        bufferAfterMinutes: c.buffer,
        maxSessionsPerDay: c.perDay,
        maxSessionsPerWeek: c.perWeek,
      },
    };
  });
  const candidate = (n: number, freeSlots: MatchCandidate['freeSlots']): MatchCandidate => ({
    coachId: `c-${n}`,
    displayName: `Coach ${n}`,
    academyId: 'siena',
    active: true,
    languages: ['ur'],
    topics: s.coaches[n].topics,
    timeZone: s.coaches[n].zone,
    freeSlots,
    load: s.coaches[n].load,
    maxSessionsPerWeek: s.coaches[n].perWeek,
    completedWithNewcomer: s.coaches[n].completed,
  });
  const query = { from: request.from, to: request.to, durationMinutes: s.duration, now };
  return { request, schedules, candidate, query };
}

describe('matching from the slots that touch the preferred windows', () => {
  it('ranks random coaches exactly as it does from all their free slots', () => {
    const seen = { ranked: 0, withMatchingSlots: 0, rankedWithoutOverlap: 0, skippedSlots: 0 };
    fc.assert(
      fc.property(scenario, (s) => {
        const { request, schedules, candidate, query } = build(s);
        const within = preferredIntervals(request);
        const full = schedules.map((schedule, n) => candidate(n, generateSlots(schedule, query)));
        const fast = schedules.map((schedule, n) =>
          candidate(n, request.preferredWindows.length > 0 ? slotsTouching(schedule, query, within) : generateSlots(schedule, query)),
        );
        for (const [n, coach] of fast.entries()) {
          // A subset of the real free slots, empty exactly when there are none.
          const all = new Set(full[n].freeSlots.map((slot) => slot.start));
          expect(coach.freeSlots.every((slot) => all.has(slot.start))).toBe(true);
          expect(coach.freeSlots.length === 0).toBe(full[n].freeSlots.length === 0);
          seen.skippedSlots += full[n].freeSlots.length - coach.freeSlots.length;
        }
        const expected = rankCandidates(request, full, WEIGHTS);
        expect(rankCandidates(request, fast, WEIGHTS)).toEqual(expected);
        seen.ranked += expected.length;
        seen.withMatchingSlots += expected.filter((c) => c.matchingSlots.length > 0).length;
        seen.rankedWithoutOverlap += expected.filter((c) => c.reasons.some((r) => r.code === 'hour_overlap' && r.minutes === 0)).length;
      }),
      { numRuns: 400, seed: 18_2026 },
    );
    // The runs reached every case: coaches with slots in the windows, coaches ranked with none, and slots left out.
    expect(seen.withMatchingSlots).toBeGreaterThan(50);
    expect(seen.rankedWithoutOverlap).toBeGreaterThan(20);
    expect(seen.skippedSlots).toBeGreaterThan(1000);
  });
});
