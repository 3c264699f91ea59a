import { SUPPORTED_LOCALES } from '@app/config';
import { renderWelcome } from './welcome.template';

describe('renderWelcome', () => {
  it.each(SUPPORTED_LOCALES)('renders %s with a subject, text and HTML, in that locale', (locale) => {
    const mail = renderWelcome(locale, 'Amina', 'https://coaching.example/');
    expect(mail.locale).toBe(locale);
    expect(mail.subject.length).toBeGreaterThan(5);
    expect(mail.text).toContain('Amina');
    expect(mail.text).toContain('https://coaching.example/');
    expect(mail.html).toContain(`lang="${locale}"`);
    expect(mail.html).toContain(`dir="${['ar', 'ur', 'fa'].includes(locale) ? 'rtl' : 'ltr'}"`);
  });

  it('gives each locale its own words', () => {
    const subjects = new Set(SUPPORTED_LOCALES.map((l) => renderWelcome(l, 'A', 'https://x/').subject));
    expect(subjects.size).toBe(SUPPORTED_LOCALES.length);
  });

  it('falls back to English for an unknown locale, never to an empty message', () => {
    const mail = renderWelcome('zz', 'Amina', 'https://x/');
    expect(mail.locale).toBe('en');
    expect(mail.subject).toBe('Welcome to Coaching across continents');
  });

  it('escapes names in HTML', () => {
    const mail = renderWelcome('en', '<b>Eve</b> & "co"', 'https://x/?a=1&b=2');
    expect(mail.html).toContain('&lt;b&gt;Eve&lt;/b&gt; &amp; &quot;co&quot;');
    expect(mail.html).toContain('href="https://x/?a=1&amp;b=2"');
    expect(mail.html).not.toContain('<b>Eve');
  });
});
