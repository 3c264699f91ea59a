import { FALLBACK_LOCALE, type Locale, isSupportedLocale } from '@app/config';
import { type MessageKey, translate } from '@app/i18n';
import { greeting } from './greeting';
import { escapeHtml, htmlPage } from './html';
import { type RenderedMail } from './welcome.template';

export type AccountMailTemplate = 'invitation' | 'password_reset' | 'sign_in_link' | 'email_verification' | 'account_exists';

/** The catalogue keys of one account mail. No placeholders inside: the name goes only into the greeting, and the link after `action`. */
interface AccountMailKeys {
  subject: MessageKey;
  /** Paragraphs before the link. */
  body: readonly MessageKey[];
  /** The words before the link. */
  action: MessageKey;
  /** How long the link works, and what to do if the mail was not expected. */
  note: MessageKey;
}

/** Every account mail's words live in the shared catalogues, under mail.account. */
export const ACCOUNT_MAIL_KEYS: Record<AccountMailTemplate, AccountMailKeys> = {
  invitation: {
    subject: 'mail.account.invitation.subject',
    body: ['mail.account.invitation.body', 'mail.account.invitation.bodyMore'],
    action: 'mail.account.invitation.action',
    note: 'mail.account.invitation.note',
  },
  password_reset: {
    subject: 'mail.account.passwordReset.subject',
    body: ['mail.account.passwordReset.body'],
    action: 'mail.account.passwordReset.action',
    note: 'mail.account.passwordReset.note',
  },
  sign_in_link: {
    subject: 'mail.account.signInLink.subject',
    body: ['mail.account.signInLink.body'],
    action: 'mail.account.signInLink.action',
    note: 'mail.account.signInLink.note',
  },
  email_verification: {
    subject: 'mail.account.emailVerification.subject',
    body: ['mail.account.emailVerification.body', 'mail.account.emailVerification.bodyMore'],
    action: 'mail.account.emailVerification.action',
    note: 'mail.account.emailVerification.note',
  },
  account_exists: {
    subject: 'mail.account.accountExists.subject',
    body: ['mail.account.accountExists.body'],
    action: 'mail.account.accountExists.action',
    note: 'mail.account.accountExists.note',
  },
};

/** One account mail in the recipient's locale: greeting, paragraphs, the link, and its note. RTL for ar, ur and fa. */
export function renderAccountMail(template: AccountMailTemplate, requestedLocale: string, displayName: string, link: string): RenderedMail {
  const locale: Locale = isSupportedLocale(requestedLocale) ? requestedLocale : FALLBACK_LOCALE;
  const keys = ACCOUNT_MAIL_KEYS[template];
  const t = {
    subject: translate(locale, keys.subject),
    body: keys.body.map((key) => translate(locale, key)),
    action: translate(locale, keys.action),
    note: translate(locale, keys.note),
  };
  const salutation = greeting(locale, displayName);
  const text = [salutation, '', ...t.body, '', t.action, link, '', t.note, ''].join('\n');
  const html = htmlPage(locale, [
    escapeHtml(salutation),
    ...t.body.map(escapeHtml),
    // The link is isolated, so an LTR address reads whole inside right-to-left text.
    `${escapeHtml(t.action)}<br><a href="${escapeHtml(link)}" dir="ltr">${escapeHtml(link)}</a>`,
    escapeHtml(t.note),
  ]);
  return { locale, subject: t.subject, text, html };
}
