import fc from 'fast-check';
import { DEFAULT_MATCH_WEIGHTS_CONFIG as WEIGHTS } from '@app/config';
import { dstShift, type MatchCandidate, type MatchRequest, passesFilters, rankCandidates } from './matching';

const at = (iso: string) => Date.parse(iso);
const hour = 3_600_000;
const request: MatchRequest = {
  languages: ['ur', 'it'],
  topics: ['employment', 'housing'],
  timeZone: 'Europe/Rome',
  preferredWindows: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' })),
  academyId: 'siena',
  from: at('2026-05-03T22:00:00Z'), // Monday 4 May 00:00 in Rome
  to: at('2026-05-10T22:00:00Z'),
};
/** Free 60-minute slots every 30 minutes over [start, end) each weekday of that week. */
const slotsBetween = (coachId: string, startUtc: string, endUtc: string, days = 5) =>
  Array.from({ length: days }).flatMap((_, d) => {
    const first = at(startUtc) + d * 24 * hour;
    const last = at(endUtc) + d * 24 * hour;
    const slots = [];
    for (let s = first; s + hour <= last; s += hour / 2) slots.push({ coachId, start: s, end: s + hour });
    return slots;
  });
const coach = (overrides: Partial<MatchCandidate> = {}): MatchCandidate => ({
  coachId: 'c-1',
  displayName: 'Coach',
  academyId: 'siena',
  active: true,
  languages: ['ur', 'en'],
  topics: ['employment'],
  timeZone: 'Europe/Rome',
  freeSlots: slotsBetween(overrides.coachId ?? 'c-1', '2026-05-04T07:00:00Z', '2026-05-04T10:00:00Z'),
  load: 0,
  maxSessionsPerWeek: 5,
  completedWithNewcomer: 0,
  ...overrides,
});

describe('match scoring', () => {
  it('counts the overlap on instants: Rome 09:00–12:00 against a coach free 07:00–10:00 UTC is all 180 minutes a day', () => {
    const [ranked] = rankCandidates(request, [coach()], WEIGHTS);
    expect(ranked.reasons).toContainEqual({ code: 'hour_overlap', minutes: 5 * 180 });
    expect(ranked.reasons).toContainEqual({ code: 'topics', covered: ['employment'], missing: ['housing'] });
    expect(ranked.reasons).toContainEqual({ code: 'shared_language', languages: ['ur'] });
    expect(ranked.matchingSlots[0].start).toBe(at('2026-05-04T07:00:00Z'));
  });

  it('counts only the part of a Karachi coach’s hours that falls in the Rome morning', () => {
    // Karachi 14:00–18:00 (+05:00) is 09:00–13:00 UTC, 11:00–15:00 in Rome: one hour a day overlaps 09:00–12:00.
    const [ranked] = rankCandidates(
      request,
      [coach({ timeZone: 'Asia/Karachi', freeSlots: slotsBetween('c-1', '2026-05-04T09:00:00Z', '2026-05-04T13:00:00Z') })],
      WEIGHTS,
    );
    expect(ranked.reasons).toContainEqual({ code: 'hour_overlap', minutes: 5 * 60 });
    expect(ranked.matchingSlots.map((s) => s.start)).toEqual([0, 1, 2, 3, 4].map((d) => at('2026-05-04T09:00:00Z') + d * 24 * hour));
  });

  it('applies the hard filters: active, a shared language, a requested topic, the academy unless any is allowed', () => {
    expect(passesFilters(request, coach())).toBe(true);
    expect(passesFilters(request, coach({ topics: ['education', 'language'] }))).toBe(false);
    expect(passesFilters(request, coach({ topics: ['education', 'housing'] }))).toBe(true);
    expect(passesFilters(request, coach({ active: false }))).toBe(false);
    expect(passesFilters(request, coach({ languages: ['en'] }))).toBe(false);
    expect(passesFilters(request, coach({ academyId: 'belgrade' }))).toBe(false);
    expect(passesFilters({ ...request, academyId: null }, coach({ academyId: 'belgrade' }))).toBe(true);
  });

  it('prefers the coach with spare capacity, and the one the newcomer already met', () => {
    const busy = coach({ coachId: 'c-busy', load: 15 });
    const free = coach({ coachId: 'c-free', load: 0 });
    expect(rankCandidates(request, [busy, free], WEIGHTS).map((c) => c.coachId)).toEqual(['c-free', 'c-busy']);
    const met = coach({ coachId: 'c-met', load: 3, completedWithNewcomer: 2 });
    const ranked = rankCandidates(request, [coach({ coachId: 'c-new', load: 3 }), met], WEIGHTS);
    expect(ranked[0].coachId).toBe('c-met');
    expect(ranked[0].reasons).toContainEqual({ code: 'continuity', completedSessions: 2 });
  });

  it('leaves out a coach with no free slot in the range', () => {
    expect(rankCandidates(request, [coach({ freeSlots: [] })], WEIGHTS)).toEqual([]);
  });
});

describe('dst_shift', () => {
  it('names the dates on which Toronto and Rome move apart and back in March 2026', () => {
    const shift = dstShift('Europe/Rome', 'America/Toronto', at('2026-03-01T23:00:00Z'), at('2026-04-05T22:00:00Z'));
    expect(shift).toEqual({
      code: 'dst_shift',
      dates: ['2026-03-08', '2026-03-29'],
      coachTimeZone: 'America/Toronto',
      hoursApart: { from: -6, to: -6 },
    });
  });

  it('is absent when neither zone changes, or both change together', () => {
    expect(dstShift('Europe/Rome', 'Asia/Karachi', at('2026-05-03T22:00:00Z'), at('2026-05-17T22:00:00Z'))).toBeNull();
    expect(dstShift('Europe/Rome', 'Europe/Belgrade', at('2026-03-20T23:00:00Z'), at('2026-04-03T22:00:00Z'))).toBeNull();
  });

  it('shows a zone without DST against one that has it (Karachi against Rome in the last week of March)', () => {
    expect(dstShift('Europe/Rome', 'Asia/Karachi', at('2026-03-22T23:00:00Z'), at('2026-04-05T22:00:00Z'))).toMatchObject({
      dates: ['2026-03-29'],
      hoursApart: { from: 4, to: 3 },
    });
  });
});

describe('match properties', () => {
  const topics = ['employment', 'housing', 'education', 'language', 'health'];
  const languages = ['ur', 'it', 'en', 'ar', 'fa'];
  const arbitraryCoach = fc.record({
    coachId: fc.uuid(),
    languages: fc.subarray(languages, { minLength: 1 }),
    topics: fc.subarray(topics),
    load: fc.nat(40),
    maxSessionsPerWeek: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
    completedWithNewcomer: fc.nat(3),
    startHour: fc.integer({ min: 0, max: 20 }),
    hours: fc.integer({ min: 1, max: 4 }),
  });
  type RawCoach = typeof arbitraryCoach extends fc.Arbitrary<infer T> ? T : never;
  const toCandidate = (c: RawCoach): MatchCandidate =>
    coach({
      ...c,
      freeSlots: slotsBetween(
        c.coachId,
        `2026-05-04T${String(c.startHour).padStart(2, '0')}:00:00Z`,
        `2026-05-04T${String(c.startHour + c.hours).padStart(2, '0')}:00:00Z`,
      ),
    });
  const arbitraryRequest = fc.record({
    languages: fc.subarray(languages, { minLength: 1 }),
    topics: fc.subarray(topics, { minLength: 1 }),
  });

  it('never lowers a coach’s score when the coach covers one more of the requested topics', () => {
    fc.assert(
      fc.property(arbitraryRequest, arbitraryCoach, fc.nat(10), (asked, raw, pick) => {
        const req = { ...request, ...asked };
        const before = toCandidate({ ...raw, languages: [...raw.languages, req.languages[0]] });
        const extra = req.topics[pick % req.topics.length];
        const after = { ...before, topics: [...new Set([...before.topics, extra])] };
        const [a] = rankCandidates(req, [before], WEIGHTS);
        const [b] = rankCandidates(req, [after], WEIGHTS);
        // A coach covering none of the topics is no candidate at all; covering one makes them one.
        return b !== undefined && (a === undefined || b.score >= a.score);
      }),
      { numRuns: 300 },
    );
  });

  it('never ranks a coach who shares no language with the newcomer', () => {
    fc.assert(
      fc.property(arbitraryRequest, fc.array(arbitraryCoach, { maxLength: 12 }), (asked, raws) => {
        const req = { ...request, ...asked };
        const ranked = rankCandidates(req, raws.map(toCandidate), WEIGHTS);
        const speakers = new Set(raws.filter((r) => r.languages.some((l) => req.languages.includes(l))).map((r) => r.coachId));
        return ranked.every((c) => speakers.has(c.coachId));
      }),
      { numRuns: 300 },
    );
  });

  it('never ranks a coach who covers none of the requested topics', () => {
    fc.assert(
      fc.property(arbitraryRequest, fc.array(arbitraryCoach, { maxLength: 12 }), (asked, raws) => {
        const req = { ...request, ...asked };
        const ranked = rankCandidates(req, raws.map(toCandidate), WEIGHTS);
        const covering = new Set(raws.filter((r) => r.topics.some((t) => req.topics.includes(t))).map((r) => r.coachId));
        return ranked.every((c) => covering.has(c.coachId));
      }),
      { numRuns: 300 },
    );
  });

  it('ranks the same way whatever the order the coaches come in', () => {
    fc.assert(
      fc.property(
        arbitraryRequest,
        fc.uniqueArray(arbitraryCoach, { maxLength: 12, selector: (c) => c.coachId }),
        fc.nat(),
        (asked, raws, seed) => {
          const req = { ...request, ...asked };
          const candidates = raws.map(toCandidate);
          const shuffled = [...candidates].sort(
            (a, b) => ((a.coachId.charCodeAt(seed % 8) ^ seed) % 7) - ((b.coachId.charCodeAt(seed % 8) ^ seed) % 7),
          );
          const first = rankCandidates(req, candidates, WEIGHTS).map((c) => [c.coachId, c.score]);
          const second = rankCandidates(req, shuffled.reverse(), WEIGHTS).map((c) => [c.coachId, c.score]);
          return JSON.stringify(first) === JSON.stringify(second);
        },
      ),
      { numRuns: 300 },
    );
  });
});
