import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES, type MessageKey } from './catalogues';
import { type AppLocale, DEFAULT_LOCALE } from './locales';

export type Catalogues = Readonly<Record<AppLocale, Readonly<Partial<Record<MessageKey, string>>>>>;

const COMPILED = new WeakMap<Catalogues, Map<string, IntlMessageFormat>>();

/**
 * Formats one ICU message of the shared catalogues, as the web app does with
 * react-intl. A message missing from a locale falls back to English, never to
 * nothing (the catalogue test keeps every locale complete).
 */
export function translate(
  locale: AppLocale,
  key: MessageKey,
  values: Record<string, string | number> = {},
  catalogues: Catalogues = CATALOGUES,
): string {
  let compiled = COMPILED.get(catalogues);
  if (!compiled) COMPILED.set(catalogues, (compiled = new Map()));
  const cacheKey = `${locale} ${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    const own = catalogues[locale]?.[key];
    const source = own?.trim() ? own : (catalogues[DEFAULT_LOCALE]?.[key] ?? CATALOGUES[DEFAULT_LOCALE][key]);
    // Building a formatter costs far more than using one; a worker sends thousands of messages a minute.
    format = new IntlMessageFormat(source, own?.trim() ? locale : DEFAULT_LOCALE);
    compiled.set(cacheKey, format);
  }
  return String(format.format(values));
}
