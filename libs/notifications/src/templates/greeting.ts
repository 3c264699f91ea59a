import { Locale } from '@app/config';

/** The salutation that opens every message, per locale. */
export const GREETINGS: Record<Locale, (name: string) => string> = {
  en: (n) => `Hello ${n},`,
  it: (n) => `Ciao ${n},`,
  sr: (n) => `Zdravo ${n},`,
  uk: (n) => `Вітаємо, ${n}!`,
  ar: (n) => `مرحبًا ${n}،`,
  ur: (n) => `السلام علیکم ${n}،`,
  fa: (n) => `سلام ${n}،`,
};
