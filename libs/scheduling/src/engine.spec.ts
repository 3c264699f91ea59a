import { DateTime } from 'luxon';
import { checkSlot, generateSlots, isoWeekOf } from './engine';
import { coach } from './schedule.fixtures';
import { type BookingPolicy, type CoachSchedule } from './types';

const NOW = Date.parse('2026-01-01T00:00:00Z');

/** Slots starting on one UTC range, as ISO UTC strings. */
function starts(schedule: CoachSchedule, fromIso: string, toIso: string, durationMinutes = 60, now = NOW): string[] {
  return generateSlots(schedule, { from: Date.parse(fromIso), to: Date.parse(toIso), durationMinutes, now }).map((s) =>
    new Date(s.start).toISOString().replace('.000', ''),
  );
}

const onDate = (date: string, start: string, end: string) => ({ overrides: [{ date, intervals: [{ start, end }] }] });

describe('DST: Europe/Rome', () => {
  it('2026-03-29, spring forward: 02:00 and 02:30 do not exist; 01:30–03:30 holds exactly one 60-minute slot', () => {
    const schedule = coach('Europe/Rome', [], onDate('2026-03-29', '01:30', '03:30'));
    const slots = generateSlots(schedule, {
      from: Date.parse('2026-03-28T12:00:00Z'),
      to: Date.parse('2026-03-30T00:00:00Z'),
      durationMinutes: 60,
      now: NOW,
    });
    expect(slots).toEqual([{ coachId: 'c1', start: Date.parse('2026-03-29T00:30:00Z'), end: Date.parse('2026-03-29T01:30:00Z') }]);
    // 01:30 and 03:00 local
    expect(starts(schedule, '2026-03-28T12:00:00Z', '2026-03-30T00:00:00Z', 30)).toEqual(['2026-03-29T00:30:00Z', '2026-03-29T01:00:00Z']);
    expect(checkSlot(schedule, Date.parse('2026-03-29T00:30:00Z'), 60, NOW)).toBeNull();
  });

  it('2026-10-25, fall back: 02:00 and 02:30 are offered once, at their first occurrence', () => {
    const schedule = coach('Europe/Rome', [], onDate('2026-10-25', '01:00', '04:00'));
    expect(starts(schedule, '2026-10-24T12:00:00Z', '2026-10-26T00:00:00Z', 30)).toEqual([
      '2026-10-24T23:00:00Z', // 01:00 CEST
      '2026-10-24T23:30:00Z', // 01:30 CEST
      '2026-10-25T00:00:00Z', // 02:00 CEST, the first 02:00
      '2026-10-25T00:30:00Z', // 02:30 CEST, the first 02:30
      '2026-10-25T02:00:00Z', // 03:00 CET
      '2026-10-25T02:30:00Z', // 03:30 CET
    ]);
    // The second 02:00 (01:00Z) is inside the window but not on offer.
    expect(checkSlot(schedule, Date.parse('2026-10-25T01:00:00Z'), 30, NOW)).toBe('outside_availability');
  });

  it('a Monday 18:00 rule stays 18:00 in Rome on both sides of each change', () => {
    const schedule = coach('Europe/Rome', [{ weekday: 1, start: '18:00', end: '19:00' }]);
    expect(starts(schedule, '2026-03-23T00:00:00Z', '2026-04-06T00:00:00Z')).toEqual(['2026-03-23T17:00:00Z', '2026-03-30T16:00:00Z']);
    expect(starts(schedule, '2026-10-19T00:00:00Z', '2026-11-02T00:00:00Z')).toEqual(['2026-10-19T16:00:00Z', '2026-10-26T17:00:00Z']);
  });
});

describe('DST: America/Toronto, the weeks Europe and North America are out of step', () => {
  const toronto = coach('America/Toronto', [{ weekday: 1, start: '09:00', end: '10:00' }]);
  const inRome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toFormat('HH:mm');

  it('2026-03-08: Toronto moves first, so its 09:00 is 14:00 in Rome for three weeks instead of 15:00', () => {
    const slots = starts(toronto, '2026-03-02T00:00:00Z', '2026-04-07T00:00:00Z');
    expect(slots).toEqual([
      '2026-03-02T14:00:00Z',
      '2026-03-09T13:00:00Z',
      '2026-03-16T13:00:00Z',
      '2026-03-23T13:00:00Z',
      '2026-03-30T13:00:00Z',
      '2026-04-06T13:00:00Z',
    ]);
    expect(slots.map(inRome)).toEqual(['15:00', '14:00', '14:00', '14:00', '15:00', '15:00']);
  });

  it('2026-11-01: Europe moved a week earlier (25 Oct), so the gap is 5 hours for one week', () => {
    const slots = starts(toronto, '2026-10-19T00:00:00Z', '2026-11-10T00:00:00Z');
    expect(slots).toEqual(['2026-10-19T13:00:00Z', '2026-10-26T13:00:00Z', '2026-11-02T14:00:00Z', '2026-11-09T14:00:00Z']);
    expect(slots.map(inRome)).toEqual(['15:00', '14:00', '15:00', '15:00']);
  });
});

describe('zones without DST and with unusual offsets', () => {
  it('Asia/Karachi (+05:00, no DST): the same UTC time in January and July', () => {
    const karachi = coach('Asia/Karachi', [{ weekday: 1, start: '10:00', end: '11:00' }]);
    expect(starts(karachi, '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z')).toEqual(['2026-01-05T05:00:00Z']);
    expect(starts(karachi, '2026-07-06T00:00:00Z', '2026-07-07T00:00:00Z')).toEqual(['2026-07-06T05:00:00Z']);
  });

  it('Asia/Kathmandu (+05:45): the grid is on the local clock, so starts fall at :15 and :45 UTC', () => {
    const kathmandu = coach('Asia/Kathmandu', [{ weekday: 2, start: '09:00', end: '10:30' }]);
    expect(starts(kathmandu, '2026-06-02T00:00:00Z', '2026-06-03T00:00:00Z', 30)).toEqual([
      '2026-06-02T03:15:00Z',
      '2026-06-02T03:45:00Z',
      '2026-06-02T04:15:00Z',
    ]);
  });

  it('Asia/Kolkata (+05:30) with a 15-minute step', () => {
    const kolkata = coach('Asia/Kolkata', [{ weekday: 3, start: '09:00', end: '10:00' }], {}, { stepMinutes: 15 });
    expect(starts(kolkata, '2026-06-03T00:00:00Z', '2026-06-04T00:00:00Z', 45)).toEqual(['2026-06-03T03:30:00Z', '2026-06-03T03:45:00Z']);
  });
});

describe('DST: Australia/Lord_Howe (a 30-minute shift)', () => {
  it('has offsets +11:00 in summer and +10:30 in winter', () => {
    expect(DateTime.fromISO('2026-01-15T12:00', { zone: 'Australia/Lord_Howe' }).offset).toBe(660);
    expect(DateTime.fromISO('2026-07-15T12:00', { zone: 'Australia/Lord_Howe' }).offset).toBe(630);
  });

  it('2026-10-04: 02:00–02:30 does not exist', () => {
    const schedule = coach('Australia/Lord_Howe', [], onDate('2026-10-04', '01:00', '04:00'));
    expect(starts(schedule, '2026-10-03T00:00:00Z', '2026-10-05T00:00:00Z', 30)).toEqual([
      '2026-10-03T14:30:00Z', // 01:00 +10:30
      '2026-10-03T15:00:00Z', // 01:30 +10:30, ends at 02:30 +11:00
      '2026-10-03T15:30:00Z', // 02:30 +11:00
      '2026-10-03T16:00:00Z',
      '2026-10-03T16:30:00Z',
    ]);
  });

  it('2026-04-05: 01:30 happens twice and is offered once, at its first occurrence', () => {
    const schedule = coach('Australia/Lord_Howe', [], onDate('2026-04-05', '01:00', '03:00'));
    expect(starts(schedule, '2026-04-04T00:00:00Z', '2026-04-06T00:00:00Z', 30)).toEqual([
      '2026-04-04T14:00:00Z', // 01:00 +11:00
      '2026-04-04T14:30:00Z', // the first 01:30
      '2026-04-04T15:30:00Z', // 02:00 +10:30
      '2026-04-04T16:00:00Z', // 02:30 +10:30
    ]);
  });
});

describe('DST: Australia/Sydney (southern hemisphere)', () => {
  const sydney = coach('Australia/Sydney', [{ weekday: 1, start: '09:00', end: '10:00' }]);

  it('summer time ends on 2026-04-05 and starts on 2026-10-04', () => {
    expect(starts(sydney, '2026-03-29T00:00:00Z', '2026-04-07T00:00:00Z')).toEqual(['2026-03-29T22:00:00Z', '2026-04-05T23:00:00Z']);
    expect(starts(sydney, '2026-09-27T00:00:00Z', '2026-10-06T00:00:00Z')).toEqual(['2026-09-27T23:00:00Z', '2026-10-04T22:00:00Z']);
  });

  it('counts the daily cap on the Sydney date: a Monday-morning session is Sunday in UTC', () => {
    const capped = coach('Australia/Sydney', [{ weekday: 1, start: '08:00', end: '12:00' }], {}, { maxSessionsPerDay: 1 });
    const monday0800 = Date.parse('2026-06-14T22:00:00Z'); // Monday 15 June 08:00 +10:00
    capped.sessions = [{ start: monday0800, end: monday0800 + 3600_000, blocked: { start: monday0800, end: monday0800 + 3600_000 } }];
    expect(starts(capped, '2026-06-14T00:00:00Z', '2026-06-16T00:00:00Z')).toEqual([]);
    expect(checkSlot(capped, Date.parse('2026-06-15T00:00:00Z'), 60, NOW)).toBe('daily_limit_reached');
    expect(starts(capped, '2026-06-21T00:00:00Z', '2026-06-23T00:00:00Z')).toHaveLength(7); // the next Monday is free
  });
});

describe('policy', () => {
  const rome = (policy: Partial<BookingPolicy>, extra: Partial<CoachSchedule> = {}) =>
    coach('Europe/Rome', [{ weekday: 3, start: '09:00', end: '12:00' }], extra, policy);
  const wednesday = (hhmm: string) => Date.parse(`2026-06-03T${hhmm}:00+02:00`);

  it('keeps buffers on both sides of existing sessions', () => {
    const s = { start: wednesday('10:00'), end: wednesday('10:30') };
    const schedule = rome(
      { bufferBeforeMinutes: 15, bufferAfterMinutes: 15 },
      { sessions: [{ ...s, blocked: { start: s.start - 15 * 60_000, end: s.end + 15 * 60_000 } }] },
    );
    expect(starts(schedule, '2026-06-03T00:00:00Z', '2026-06-04T00:00:00Z', 30)).toEqual([
      '2026-06-03T07:00:00Z',
      '2026-06-03T09:00:00Z',
      '2026-06-03T09:30:00Z',
    ]);
    expect(checkSlot(schedule, wednesday('09:30'), 30, NOW)).toBe('slot_unavailable');
  });

  it('applies minimum notice and the horizon to the pinned clock', () => {
    const now = wednesday('08:00');
    const schedule = rome({ minimumNoticeMinutes: 120, horizonDays: 7 });
    expect(starts(schedule, '2026-06-03T00:00:00Z', '2026-06-04T00:00:00Z', 60, now)).toEqual([
      '2026-06-03T08:00:00Z',
      '2026-06-03T08:30:00Z',
      '2026-06-03T09:00:00Z',
    ]);
    expect(checkSlot(schedule, wednesday('09:30'), 60, now)).toBe('too_short_notice');
    expect(checkSlot(schedule, Date.parse('2026-06-10T07:00:00Z'), 60, now)).toBe('beyond_horizon');
  });

  it('counts the weekly cap over the coach’s ISO week', () => {
    const s = wednesday('09:00');
    const schedule = coach(
      'Europe/Rome',
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '10:00' })),
      {
        sessions: [{ start: s, end: s + 3600_000, blocked: { start: s, end: s + 3600_000 } }],
      },
      { maxSessionsPerWeek: 1 },
    );
    expect(starts(schedule, '2026-06-01T00:00:00Z', '2026-06-08T00:00:00Z')).toEqual([]);
    expect(starts(schedule, '2026-06-08T00:00:00Z', '2026-06-09T00:00:00Z')).toEqual(['2026-06-08T07:00:00Z']);
  });

  it('removes time off, and an empty override closes the day', () => {
    const schedule = rome({}, { timeOff: [{ start: wednesday('10:15'), end: wednesday('11:00') }] });
    expect(starts(schedule, '2026-06-03T00:00:00Z', '2026-06-04T00:00:00Z', 60)).toEqual(['2026-06-03T07:00:00Z', '2026-06-03T09:00:00Z']);
    expect(checkSlot(schedule, wednesday('10:00'), 60, NOW)).toBe('time_off');
    const closed = rome({}, { overrides: [{ date: '2026-06-03', intervals: [] }] });
    expect(starts(closed, '2026-06-03T00:00:00Z', '2026-06-04T00:00:00Z')).toEqual([]);
  });

  it('reads "24:00" as the end of the day, and overlapping rules do not duplicate slots', () => {
    const late = coach('Europe/Rome', [
      { weekday: 3, start: '22:00', end: '24:00' },
      { weekday: 3, start: '22:30', end: '23:30' },
    ]);
    expect(starts(late, '2026-06-03T00:00:00Z', '2026-06-04T00:00:00Z')).toEqual([
      '2026-06-03T20:00:00Z',
      '2026-06-03T20:30:00Z',
      '2026-06-03T21:00:00Z',
    ]);
  });
});

describe('isoWeekOf', () => {
  it.each([
    ['2026-01-01', '2026-W01'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2025-12-29', '2026-W01'],
  ])('%s is in %s', (iso, week) => {
    const [year, month, day] = iso.split('-').map(Number);
    expect(isoWeekOf({ year, month, day })).toBe(week);
  });
});
