import { describe, expect, it } from 'vitest';
import { instantInZone } from './zoned';

describe('instantInZone', () => {
  it('reads a wall-clock time in the named zone, not the machine’s', () => {
    expect(instantInZone('2026-12-09', '10:00', 'Asia/Karachi').toISOString()).toBe('2026-12-09T05:00:00.000Z');
    expect(instantInZone('2026-07-01', '10:00', 'Europe/Rome').toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(instantInZone('2026-12-31', '24:00', 'America/Toronto').toISOString()).toBe('2027-01-01T05:00:00.000Z');
  });

  it('crosses the changes of the clocks', () => {
    // Rome: 02:30 on 29 March 2026 does not exist; the clocks jump from 02:00 to 03:00.
    expect(instantInZone('2026-03-29', '03:00', 'Europe/Rome').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(instantInZone('2026-03-29', '01:59', 'Europe/Rome').toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(instantInZone('2026-10-25', '04:00', 'Europe/Rome').toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });
});
