import { SUPPORTED_LOCALES } from '@app/config';
import { CATALOGUES } from '@app/i18n';
import { renderSessionMail, type SessionMailInput } from './session-mail.template';

const KINDS = ['confirmation', 'reminder', 'reschedule', 'cancellation', 'follow_up'] as const;
const base: SessionMailInput = {
  kind: 'reminder',
  locale: 'en',
  recipientName: 'Amina',
  otherName: 'Marco',
  start: new Date('2026-03-30T16:00:00Z'),
  end: new Date('2026-03-30T17:00:00Z'),
  timeZone: 'Europe/Rome',
  joinUrl: 'https://coaching.example.org/sessions/0b6c2f0e-0000-4000-8000-000000000001/join',
  sessionUrl: 'https://coaching.example/v1/sessions/s1',
};

describe('renderSessionMail', () => {
  it.each(SUPPORTED_LOCALES.flatMap((locale) => KINDS.map((kind) => [locale, kind] as const)))(
    'writes %s %s with every part filled',
    (locale, kind) => {
      const mail = renderSessionMail({ ...base, locale, kind });
      expect(mail.locale).toBe(locale);
      expect(mail.subject).toContain('Marco');
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain('Amina');
        // The city in the reader's script, never the zone's IANA name; 18:00, as Rome is on summer time from 29 March.
        expect(part).toContain(CATALOGUES[locale]['city.rome']);
        expect(part).not.toContain('Europe/Rome');
      }
      expect(mail.html).toContain(`dir="${['ar', 'ur', 'fa'].includes(locale) ? 'rtl' : 'ltr'}"`);
      if (kind === 'cancellation') expect(mail.text).not.toContain('https://');
      else expect(mail.text).toContain(kind === 'follow_up' ? base.sessionUrl : base.joinUrl);
    },
  );

  it('gives each locale and kind its own subject', () => {
    const subjects = new Set(
      SUPPORTED_LOCALES.flatMap((locale) => KINDS.map((kind) => renderSessionMail({ ...base, locale, kind }).subject)),
    );
    expect(subjects.size).toBe(SUPPORTED_LOCALES.length * KINDS.length);
  });

  it('shows the time in the recipient’s zone, with half-hour and no-DST zones named', () => {
    expect(renderSessionMail({ ...base, timeZone: 'Europe/Rome' }).text).toContain('18:00–19:00 Rome time');
    expect(renderSessionMail({ ...base, timeZone: 'Asia/Kolkata' }).text).toContain('21:30–22:30 Kolkata time');
    expect(renderSessionMail({ ...base, timeZone: 'Asia/Karachi', locale: 'ur' }).text).toContain('کراچی کے وقت');
    expect(renderSessionMail({ ...base, timeZone: 'America/Toronto' }).text).toContain('12:00–13:00 Toronto time');
    expect(renderSessionMail({ ...base, timeZone: 'America/Toronto', locale: 'uk' }).text).toContain('Торонто');
  });

  it('falls back to English word by word when a translation is missing, never to an empty message', () => {
    const catalogues = { ...CATALOGUES, it: { ...CATALOGUES.it, 'mail.subject.reminder': '', 'mail.join': undefined } };
    const mail = renderSessionMail({ ...base, locale: 'it' }, catalogues);
    expect(mail.subject).toBe('Reminder: coaching session with Marco');
    expect(mail.text).toContain(`Join online: ${base.joinUrl}`);
    expect(mail.text).toContain('Ti ricordiamo la tua sessione di coaching online.'); // the rest stays Italian
  });

  it('says what the web app says: the words come from the shared catalogues', () => {
    const mail = renderSessionMail({ ...base, locale: 'uk', kind: 'confirmation' });
    expect(mail.subject).toBe(CATALOGUES.uk['mail.subject.confirmation'].replace('{other}', 'Marco'));
    expect(mail.text.startsWith(CATALOGUES.uk['mail.greeting'].replace('{name}', 'Amina'))).toBe(true);
  });

  it('dates a Farsi mail in the Gregorian calendar, in Persian digits and month names, not in the Solar Hijri one', () => {
    const mail = renderSessionMail({ ...base, locale: 'fa' }); // Monday 30 March 2026 in Rome
    expect(mail.text).toContain('۳۰ مارس ۲۰۲۶');
    expect(mail.text).not.toMatch(/۱۴۰[45]/); // 1404/1405, the Solar Hijri years
    expect(mail.text).not.toContain('فروردین');
  });

  it('falls back to English for a locale it does not know', () => {
    expect(renderSessionMail({ ...base, locale: 'zz' })).toMatchObject({ locale: 'en', subject: 'Reminder: coaching session with Marco' });
  });

  it('escapes names in HTML', () => {
    const mail = renderSessionMail({ ...base, otherName: '<script>x</script>' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
  });
});
