import { DateTime } from 'luxon';
import { type Locale } from '@app/config';
import { intlTag } from '@app/i18n';

const FORMATS = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

/** Building an Intl formatter costs far more than using one; a worker sends thousands per minute. */
function formatsFor(locale: Locale, timeZone: string) {
  const key = `${locale} ${timeZone}`;
  let formats = FORMATS.get(key);
  if (!formats) {
    formats = {
      day: new Intl.DateTimeFormat(intlTag(locale), { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
      time: new Intl.DateTimeFormat(intlTag(locale), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    FORMATS.set(key, formats);
  }
  return formats;
}

/**
 * A session's time as its reader should see it: the date and hour in the
 * reader's zone and language, followed by the zone's name and its UTC offset
 * on that day, so nobody has to guess which "10:00" is meant.
 */
export function formatWhen(start: Date, end: Date, timeZone: string, locale: Locale): string {
  const from = DateTime.fromJSDate(start, { zone: timeZone });
  const to = DateTime.fromJSDate(end, { zone: timeZone });
  const { day: dayFormat, time } = formatsFor(locale, timeZone);
  const day = dayFormat.format(start);
  const sameDay = from.toISODate() === to.toISODate();
  const range = sameDay
    ? `${time.format(start)}–${time.format(end)}`
    : `${time.format(start)}–${to.toFormat('yyyy-MM-dd')} ${time.format(end)}`;
  // The zone name and offset stay in Latin script so they read the same in every message.
  return `${day}, ${range} (${timeZone}, UTC${from.toFormat('ZZ')})`;
}
