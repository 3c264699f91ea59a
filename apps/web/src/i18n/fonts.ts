import { type AppLocale } from '@app/i18n/locales';

/**
 * Fonts for Arabic script, self-hosted and loaded only on the pages that need
 * them: many phones have no Nastaliq face (Urdu then falls back to Naskh, or to
 * boxes for ہ and ے), and shipping these to every reader would cost the others
 * the bytes. Only the Arabic-script subset is taken; Latin text keeps the
 * system font. Each face is `font-display: swap` (Fontsource's default), and a
 * browser fetches a weight only once text in it is drawn. app.css puts the
 * face first in the font stack of those locales.
 */
const FONTS: Partial<Record<AppLocale, () => Promise<unknown>>> = {
  ur: () => Promise.all([import('@fontsource/noto-nastaliq-urdu/arabic-400.css'), import('@fontsource/noto-nastaliq-urdu/arabic-700.css')]),
  ar: () => Promise.all([import('@fontsource/noto-naskh-arabic/arabic-400.css'), import('@fontsource/noto-naskh-arabic/arabic-700.css')]),
  fa: () => Promise.all([import('@fontsource/noto-naskh-arabic/arabic-400.css'), import('@fontsource/noto-naskh-arabic/arabic-700.css')]),
};

export function loadScriptFonts(locale: AppLocale): void {
  // A failed download leaves the system font in place; nothing to report to the reader.
  FONTS[locale]?.().catch(() => undefined);
}
