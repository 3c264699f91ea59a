import { DateTime } from 'luxon';
import { type Locale } from '@app/config';
import { type Catalogues, CATALOGUES, cityOfZone, intlTag, type MessageKey, translate, ZONE_CITY_KEYS } from '@app/i18n';

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

/** The city of a zone in the reader's language and script ("Рим", "روم"), or the city of its IANA name. */
export function cityName(timeZone: string, locale: Locale, catalogues: Catalogues = CATALOGUES): string {
  const key = ZONE_CITY_KEYS[timeZone] as MessageKey | undefined;
  return key ? translate(locale, key, {}, catalogues) : cityOfZone(timeZone);
}

/**
 * A session's time as its reader should see it: the date and hour in the
 * reader's zone and language, with the city whose time it is ("18:00–19:00
 * Rome time"), as the app shows it, so nobody has to guess which "10:00" is meant.
 */
export function formatWhen(start: Date, end: Date, timeZone: string, locale: Locale, catalogues: Catalogues = CATALOGUES): string {
  const from = DateTime.fromJSDate(start, { zone: timeZone });
  const to = DateTime.fromJSDate(end, { zone: timeZone });
  const { day: dayFormat, time } = formatsFor(locale, timeZone);
  const day = dayFormat.format(start);
  const sameDay = from.toISODate() === to.toISODate();
  const range = sameDay
    ? `${time.format(start)}–${time.format(end)}`
    : `${time.format(start)}–${to.toFormat('yyyy-MM-dd')} ${time.format(end)}`;
  return `${day}, ${translate(locale, 'time.inCity', { time: range, city: cityName(timeZone, locale, catalogues) }, catalogues)}`;
}
