import { type Locale, RTL_LOCALES } from '@app/config';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Wraps paragraphs (already escaped) in a small page, right-to-left for Arabic, Urdu and Farsi. */
export function htmlPage(locale: Locale, paragraphs: readonly string[]): string {
  const dir = RTL_LOCALES.has(locale) ? 'rtl' : 'ltr';
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('\n');
  return `<!doctype html>\n<html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"></head>\n<body dir="${dir}">\n${body}\n</body></html>\n`;
}
