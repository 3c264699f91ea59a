import { type AppLocale, intlTag } from '@app/i18n/locales';

/**
 * Every time on screen is formatted with an explicit zone, never the
 * browser's by accident, and in the Gregorian calendar (see intlTag).
 */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

type Kind = 'time' | 'day' | 'weekday' | 'date';
const OPTIONS: Record<Kind, Intl.DateTimeFormatOptions> = {
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  day: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  weekday: { weekday: 'short' },
  date: { day: 'numeric', month: 'long' },
};

function formatter(locale: AppLocale, timeZone: string, kind: Kind): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone} ${kind}`;
  let format = FORMATTERS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlTag(locale), { ...OPTIONS[kind], timeZone });
    FORMATTERS.set(key, format);
  }
  return format;
}

/** "14:00" in the zone. */
export function formatTime(instant: Date, timeZone: string, locale: AppLocale): string {
  return formatter(locale, timeZone, 'time').format(instant);
}

/** "Monday 22 March 2027" in the zone. */
export function formatDay(instant: Date, timeZone: string, locale: AppLocale): string {
  return formatter(locale, timeZone, 'day').format(instant);
}

/** "Mon" in the zone. */
export function formatWeekday(instant: Date, timeZone: string, locale: AppLocale): string {
  return formatter(locale, timeZone, 'weekday').format(instant);
}

/** "28 March", for a date of the calendar (YYYY-MM-DD) as such: read at noon UTC so that no zone moves it. */
export function formatCalendarDate(isoDate: string, locale: AppLocale): string {
  return formatter(locale, 'UTC', 'date').format(new Date(`${isoDate}T12:00:00Z`));
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The local hour (0–23) of an instant in a zone. */
export function localHour(instant: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(instant));
}

/** The browser's zone, only as the first guess the person confirms at sign-up. */
export function detectedTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Rome';
  } catch {
    return 'Europe/Rome';
  }
}
