import { IANAZone } from 'luxon';

const QUARTER = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * The zone's UTC offset in minutes at an instant. Every clock change in the
 * IANA database falls on a quarter hour, so one look-up per zone and quarter
 * hour is exact, and it spares the cost of Luxon per instant.
 */
export function offsetAt(zone: string, instant: number): number {
  const bucket = Math.floor(instant / QUARTER) * QUARTER;
  const key = `${zone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(bucket);
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** ISO 8601 with the zone's offset at that instant, seconds precision: "2026-03-30T18:00:00+02:00" ("Z" for UTC). */
export function formatInZone(instant: number, zone: string): string {
  const offset = offsetAt(zone, instant);
  const wall = new Date(instant + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0 && (zone === 'UTC' || zone === 'Etc/UTC')) return `${wall}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
