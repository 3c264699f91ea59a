import { offeredMilliseconds } from './offered';
import { coach, everyDay, HOUR } from './schedule.fixtures';
import { type CoachSchedule } from './types';

const hoursOffered = (schedule: CoachSchedule, fromIso: string, toIso: string) =>
  offeredMilliseconds(schedule, Date.parse(fromIso), Date.parse(toIso)) / HOUR;

describe('offered hours', () => {
  it('counts the weekly hours of each local date in range, clipped to it', () => {
    // Mon–Fri 18:00–20:00 Rome in the week of 2026-06-01 (CEST): 10 hours.
    const rome = coach(
      'Europe/Rome',
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '18:00', end: '20:00' })),
    );
    expect(hoursOffered(rome, '2026-05-31T22:00:00Z', '2026-06-07T22:00:00Z')).toBe(10);
    // The range ends at 19:00 Rome on Friday: one hour of that evening.
    expect(hoursOffered(rome, '2026-06-05T00:00:00Z', '2026-06-05T17:00:00Z')).toBe(1);
  });

  it('counts a DST night in real hours: Rome 01:00–04:00 is 2 h on 2026-03-29 and 4 h on 2026-10-25', () => {
    const night = coach('Europe/Rome', everyDay('01:00', '04:00'));
    expect(hoursOffered(night, '2026-03-28T22:00:00Z', '2026-03-29T22:00:00Z')).toBe(2);
    expect(hoursOffered(night, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z')).toBe(4);
    expect(hoursOffered(night, '2026-03-27T23:00:00Z', '2026-03-28T23:00:00Z')).toBe(3);
  });

  it('works for zones with no DST and with :45 offsets', () => {
    const karachi = coach('Asia/Karachi', everyDay('09:00', '12:30'));
    expect(hoursOffered(karachi, '2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z')).toBe(30 * 3.5);
    const kathmandu = coach('Asia/Kathmandu', everyDay('18:00', '20:00'));
    // 18:00 Kathmandu is 12:15 UTC: a range starting 12:45 UTC keeps 1.5 h of that evening.
    expect(hoursOffered(kathmandu, '2026-03-02T12:45:00Z', '2026-03-03T00:00:00Z')).toBe(1.5);
  });

  it('merges overlapping windows, applies overrides, and subtracts time off', () => {
    const schedule = coach(
      'UTC',
      [
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '11:00', end: '13:00' },
        { weekday: 2, start: '09:00', end: '12:00' },
      ],
      {
        overrides: [{ date: '2026-06-02', intervals: [] }],
        timeOff: [{ start: Date.parse('2026-06-01T10:00:00Z'), end: Date.parse('2026-06-01T10:30:00Z') }],
      },
    );
    expect(hoursOffered(schedule, '2026-06-01T00:00:00Z', '2026-06-03T00:00:00Z')).toBe(3.5);
  });
});
