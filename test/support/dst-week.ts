import { type DateTime } from 'luxon';

/** The first day (in `zone`) after `after` on which the zone's UTC offset changes. */
export function nextClockChange(zone: string, after: DateTime): DateTime {
  let day = after.setZone(zone).startOf('day');
  for (let i = 0; i < 400; i++) {
    const next = day.plus({ days: 1 });
    if (next.offset !== day.offset) return next.startOf('day');
    day = next;
  }
  throw new Error(`${zone} does not change its clocks within a year of ${after.toISO()}`);
}

/**
 * The next week (Monday to Saturday) that lies wholly between one zone's clock
 * change and the other's: the week in which only one of the two has moved, so
 * the hours between them differ from the rest of the year. Computed from the
 * zone rules, not written down.
 */
export function weekWhereOnlyOneZoneMoved(
  zoneA: string,
  zoneB: string,
  after: DateTime,
): { monday: DateTime; saturday: DateTime; moved: string } {
  let from = after;
  for (let i = 0; i < 8; i++) {
    const a = nextClockChange(zoneA, from);
    const b = nextClockChange(zoneB, from);
    const [first, second, moved] = a <= b ? [a, b, zoneA] : [b, a, zoneB];
    const firstDay = first.setZone(zoneB, { keepLocalTime: true }).startOf('day');
    const monday = firstDay.weekday === 1 ? firstDay : firstDay.startOf('week').plus({ weeks: 1 });
    const saturday = monday.plus({ days: 5 });
    if (saturday.endOf('day') < second.setZone(zoneB, { keepLocalTime: true })) return { monday, saturday, moved };
    from = second;
  }
  throw new Error('no such week');
}
