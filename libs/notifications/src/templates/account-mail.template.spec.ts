import { SUPPORTED_LOCALES } from '@app/config';
import { hashToken, LINK_PURPOSES, LinkTokens } from '../link-token';
import { CATALOGUES } from '@app/i18n';
import { ACCOUNT_MAIL_KEYS, type AccountMailTemplate, renderAccountMail } from './account-mail.template';

const TEMPLATES: AccountMailTemplate[] = ['invitation', 'password_reset', 'sign_in_link', 'email_verification', 'account_exists'];

describe('account mails', () => {
  it.each(SUPPORTED_LOCALES.flatMap((locale) => TEMPLATES.map((template) => [locale, template] as const)))(
    '%s %s: greeting, link and note, RTL where it applies',
    (locale, template) => {
      const link = 'https://coaching.example/accept-invitation#token=abc_DEF-123';
      const mail = renderAccountMail(template, locale, 'Amina $& <b>', link);
      expect(mail.locale).toBe(locale);
      expect(mail.subject).toBe(CATALOGUES[locale][ACCOUNT_MAIL_KEYS[template].subject]);
      for (const key of ACCOUNT_MAIL_KEYS[template].body) expect(mail.text).toContain(CATALOGUES[locale][key]);
      expect(mail.text).toContain(CATALOGUES[locale][ACCOUNT_MAIL_KEYS[template].note]);
      expect(mail.text).toContain('Amina $& <b>'); // the name as given: no replacement patterns
      expect(mail.text).toContain(link);
      expect(mail.html).toContain('Amina $&amp; &lt;b&gt;');
      expect(mail.html).toContain(`<a href="${link}" dir="ltr">`);
      expect(mail.html).toContain(['ar', 'ur', 'fa'].includes(locale) ? 'dir="rtl"' : 'dir="ltr"');
    },
  );

  it('every locale has every text, and no two locales share a subject', () => {
    for (const template of TEMPLATES) {
      const subjects = SUPPORTED_LOCALES.map((l) => renderAccountMail(template, l, 'A', 'https://x/#token=t').subject);
      expect(new Set(subjects).size).toBe(SUPPORTED_LOCALES.length);
    }
  });

  it('falls back to English for an unknown locale', () => {
    expect(renderAccountMail('invitation', 'xx', 'A', 'https://x/#token=t').locale).toBe('en');
  });
});

describe('link tokens', () => {
  const tokens = new LinkTokens('a server secret for tests');
  const nonce = Buffer.alloc(16, 7);

  it('derives the same 256-bit token from the same row, and another for any other id, purpose, nonce or secret', () => {
    const id = '0b4f5a4e-8f0c-4d3e-9a7b-2c1d0e9f8a7b';
    const token = tokens.derive(id, 'invitation', nonce);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.derive(id, 'invitation', Buffer.from(nonce))).toBe(token);
    const others = [
      ...LINK_PURPOSES.filter((p) => p !== 'invitation').map((p) => tokens.derive(id, p, nonce)),
      tokens.derive('1b4f5a4e-8f0c-4d3e-9a7b-2c1d0e9f8a7b', 'invitation', nonce),
      tokens.derive(id, 'invitation', Buffer.alloc(16, 8)),
      new LinkTokens('another secret').derive(id, 'invitation', nonce),
      tokens.deriveFeed(id, nonce),
    ];
    expect(new Set([token, ...others]).size).toBe(others.length + 1);
    expect(hashToken(token)).toHaveLength(32);
  });

  it('puts the token in the fragment of the web app’s page', () => {
    expect(tokens.url('https://coaching.example', 'password_reset', 'T')).toBe('https://coaching.example/reset-password#token=T');
    expect(tokens.url('https://coaching.example', 'sign_in', 'T')).toBe('https://coaching.example/sign-in-link#token=T');
    expect(tokens.url('https://coaching.example', 'email_verification', 'T')).toBe('https://coaching.example/verify-email#token=T');
    expect(tokens.url('https://coaching.example', 'invitation', 'T')).toBe('https://coaching.example/accept-invitation#token=T');
  });
});
