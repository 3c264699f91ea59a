/**
 * The locales the platform speaks, and how Intl should write dates in each.
 * This file has no dependencies, so the web app and the mail templates share it.
 */
export const LOCALES = ['en', 'it', 'sr', 'uk', 'ar', 'ur', 'fa'] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'en';
export const RIGHT_TO_LEFT: ReadonlySet<AppLocale> = new Set<AppLocale>(['ar', 'ur', 'fa']);

/** Each language named in itself, for the language switcher. */
export const LOCALE_NAMES: Record<AppLocale, string> = {
  en: 'English',
  it: 'Italiano',
  sr: 'Srpski',
  uk: 'Українська',
  ar: 'العربية',
  ur: 'اردو',
  fa: 'فارسی',
};

/**
 * Intl tags for our locales: Serbian is written in Latin script here. Every tag
 * asks for the Gregorian calendar: the newcomers' appointments in Italy and
 * Serbia run on it, while plain `fa-IR` would date them in the Solar Hijri
 * calendar. Persian digits and month names stay.
 */
const INTL_TAGS: Record<AppLocale, string> = {
  en: 'en-GB',
  it: 'it-IT',
  sr: 'sr-Latn-RS',
  uk: 'uk-UA',
  ar: 'ar',
  ur: 'ur-PK',
  fa: 'fa-IR',
};

export function intlTag(locale: AppLocale): string {
  return `${INTL_TAGS[locale]}-u-ca-gregory`;
}

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first of the reader's preferred languages that we speak (`ar-EG` counts as `ar`). */
export function pickLocale(preferred: readonly string[]): AppLocale {
  for (const tag of preferred) {
    const language = tag.toLowerCase().split('-')[0];
    if (isAppLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}
