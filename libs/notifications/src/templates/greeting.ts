import { type Locale } from '@app/config';
import { type Catalogues, CATALOGUES, translate } from '@app/i18n';

/** The salutation that opens every message, from the shared catalogues. */
export function greeting(locale: Locale, name: string, catalogues: Catalogues = CATALOGUES): string {
  return translate(locale, 'mail.greeting', { name }, catalogues);
}
