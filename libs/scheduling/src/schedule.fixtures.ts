import fc from 'fast-check';
import { type BookingPolicy, type CoachSchedule, type WeeklyRule } from './types';

/* What the scheduling specs build their coaches and random schedules from; only the specs import it. */

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** No notice, no buffers and no caps, a year ahead: only the hours limit what is offered. */
export const OPEN_POLICY: BookingPolicy = {
  stepMinutes: 30,
  minimumNoticeMinutes: 0,
  horizonDays: 365,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  maxSessionsPerDay: null,
  maxSessionsPerWeek: null,
};

/** Coach "c1" in the zone with the weekly hours: no overrides, time off or sessions unless `extra` has them. */
export function coach(
  timeZone: string,
  weekly: WeeklyRule[],
  extra: Partial<CoachSchedule> = {},
  policy: Partial<BookingPolicy> = {},
): CoachSchedule {
  return { coachId: 'c1', timeZone, weekly, overrides: [], timeOff: [], sessions: [], policy: { ...OPEN_POLICY, ...policy }, ...extra };
}

export const everyDay = (start: string, end: string) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));

/** Zones whole, half and quarter hours from UTC, both hemispheres' clock changes, and Lord Howe's half-hour one. */
export const ZONES = [
  'Europe/Rome',
  'Europe/Belgrade',
  'America/Toronto',
  'Asia/Karachi',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Africa/Lagos',
  'UTC',
];

/** "HH:mm" of a quarter of the day, 96 being "24:00". */
export const hhmm = (quarter: number) =>
  quarter >= 96 ? '24:00' : `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;

/** A local interval on quarter hours, half an hour to eight hours long, ending by midnight. */
export const localInterval = fc
  .tuple(fc.integer({ min: 0, max: 94 }), fc.integer({ min: 2, max: 32 }))
  .map(([start, length]) => ({ start: hhmm(start), end: hhmm(Math.min(96, start + length)) }));
