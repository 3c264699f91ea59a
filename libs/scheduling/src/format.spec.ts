import fc from 'fast-check';
import { DateTime } from 'luxon';
import { formatInZone } from './format';

const ZONES = [
  'Europe/Rome',
  'America/Toronto',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Asia/Karachi',
  'America/St_Johns',
  'Pacific/Chatham',
  'UTC',
];

describe('formatInZone', () => {
  it('agrees with Luxon at every minute, including around clock changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z') / 60_000, max: Date.parse('2028-01-01T00:00:00Z') / 60_000 }),
        (zone, minute) => {
          const instant = minute * 60_000;
          return formatInZone(instant, zone) === DateTime.fromMillis(instant, { zone }).toISO({ suppressMilliseconds: true });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['2026-03-29T00:59:00Z', 'Europe/Rome', '2026-03-29T01:59:00+01:00'],
    ['2026-03-29T01:00:00Z', 'Europe/Rome', '2026-03-29T03:00:00+02:00'],
    ['2026-10-03T15:29:00Z', 'Australia/Lord_Howe', '2026-10-04T01:59:00+10:30'],
    ['2026-10-03T15:30:00Z', 'Australia/Lord_Howe', '2026-10-04T02:30:00+11:00'],
    ['2026-06-02T03:15:00Z', 'Asia/Kathmandu', '2026-06-02T09:00:00+05:45'],
    ['2026-06-02T03:15:00Z', 'UTC', '2026-06-02T03:15:00Z'],
  ])('%s in %s is %s', (iso, zone, expected) => {
    expect(formatInZone(Date.parse(iso), zone)).toBe(DateTime.fromISO(iso).setZone(zone).toISO({ suppressMilliseconds: true }));
    expect(formatInZone(Date.parse(iso), zone)).toBe(expected);
  });
});
