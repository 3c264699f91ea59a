import { FALLBACK_LOCALE, type Locale, isSupportedLocale } from '@app/config';
import { translate } from '@app/i18n';
import { greeting } from './greeting';
import { escapeHtml, htmlPage } from './html';

export interface RenderedMail {
  locale: Locale;
  subject: string;
  text: string;
  html: string;
}

export function renderWelcome(requestedLocale: string, displayName: string, signInUrl: string): RenderedMail {
  const locale: Locale = isSupportedLocale(requestedLocale) ? requestedLocale : FALLBACK_LOCALE;
  const t = {
    subject: translate(locale, 'mail.welcome.subject'),
    body: translate(locale, 'mail.welcome.body'),
    signIn: translate(locale, 'mail.welcome.signIn'),
  };
  const hello = greeting(locale, displayName);
  const text = [hello, '', t.body, '', `${t.signIn} ${signInUrl}`, ''].join('\n');
  const html = htmlPage(locale, [
    escapeHtml(hello),
    escapeHtml(t.body),
    `${escapeHtml(t.signIn)} <a href="${escapeHtml(signInUrl)}">${escapeHtml(signInUrl)}</a>`,
  ]);
  return { locale, subject: t.subject, text, html };
}
