/**
 * Locales the platform writes messages in. English is the fallback for any
 * text a locale lacks. Serbian is written in Latin script ("sr").
 */
export const SUPPORTED_LOCALES = ['en', 'it', 'sr', 'uk', 'ar', 'ur', 'fa'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const FALLBACK_LOCALE: Locale = 'en';
export const RTL_LOCALES: ReadonlySet<Locale> = new Set(['ar', 'ur', 'fa']);

export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}
