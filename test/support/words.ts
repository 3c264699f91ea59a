import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';

/**
 * The words of a locale's catalogue, formatted as the app formats them: what a
 * browser test looks for on the page is what a reader of that language sees.
 */
export function words(locale: string): (key: string, values?: Record<string, string | number>) => string {
  const messages = JSON.parse(readFileSync(join(__dirname, `../../libs/i18n/src/messages/${locale}.json`), 'utf8')) as Record<
    string,
    string
  >;
  return (key, values = {}) => String(new IntlMessageFormat(messages[key], locale).format(values));
}
