/**
 * The locales the platform writes in are one list, kept in libs/i18n (which the
 * web app shares): the configuration validates against that same list. English
 * is the fallback for any text a locale lacks; Serbian is written in Latin script.
 */
export {
  DEFAULT_LOCALE as FALLBACK_LOCALE,
  isAppLocale as isSupportedLocale,
  LOCALES as SUPPORTED_LOCALES,
  RIGHT_TO_LEFT as RTL_LOCALES,
  type AppLocale as Locale,
} from '@app/i18n/locales';
