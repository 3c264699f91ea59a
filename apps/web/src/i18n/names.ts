import { type AppLocale, intlTag } from '@app/i18n/locales';

/** Languages people may speak with a coach, by ISO 639 code; Dari (prs) is spoken by many Afghans. */
export const SPOKEN_LANGUAGES = ['ur', 'ar', 'fa', 'prs', 'ps', 'uk', 'ru', 'sr', 'it', 'en', 'fr', 'es'] as const;

const NAMES = new Map<string, Intl.DisplayNames>();

/** A language's name in the reader's language ("Urdu", "اردو"), from Intl; the code when Intl does not know it. */
export function languageName(code: string, locale: AppLocale): string {
  let names = NAMES.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([intlTag(locale)], { type: 'language', fallback: 'code' });
    NAMES.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "Urdu, Italian" in the reader's way of listing. */
export function listOf(items: readonly string[], locale: AppLocale): string {
  return new Intl.ListFormat(intlTag(locale), { style: 'long', type: 'conjunction' }).format(items);
}
