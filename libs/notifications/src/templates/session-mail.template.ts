import { FALLBACK_LOCALE, isSupportedLocale, Locale } from '@app/config';
import { PlannedKind } from '../outbox/plan';
import { GREETINGS } from './greeting';
import { escapeHtml, htmlPage } from './html';
import { formatWhen } from './when';
import { RenderedMail } from './welcome.template';

export type SessionMailKind = PlannedKind;

/** The words of session messages in one locale. `{other}` is the other person's display name. */
export interface SessionTexts {
  subject: Record<SessionMailKind, string>;
  lead: Record<SessionMailKind, string>;
  when: string;
  with: string;
  join: string;
  recordOutcome: string;
}

type PartialTexts = Partial<Omit<SessionTexts, 'subject' | 'lead'>> & {
  subject?: Partial<SessionTexts['subject']>;
  lead?: Partial<SessionTexts['lead']>;
};

const ENGLISH: SessionTexts = {
  subject: {
    confirmation: 'Your coaching session with {other} is booked',
    reminder: 'Reminder: coaching session with {other}',
    reschedule: 'Your coaching session with {other} has moved',
    cancellation: 'Your coaching session with {other} is cancelled',
    follow_up: 'How did the session with {other} go?',
  },
  lead: {
    confirmation: 'Your online coaching session is booked.',
    reminder: 'This is a reminder of your online coaching session.',
    reschedule: 'Your online coaching session has a new time.',
    cancellation: 'Your online coaching session has been cancelled.',
    follow_up: 'Please record whether the session took place.',
  },
  when: 'When',
  with: 'With',
  join: 'Join online',
  recordOutcome: 'Record the outcome',
};

/** Every locale but English may lack a word; a missing one falls back to English, never to nothing. */
export const SESSION_TEXTS: Record<Locale, PartialTexts> = {
  en: ENGLISH,
  it: {
    subject: {
      confirmation: 'La tua sessione di coaching con {other} è prenotata',
      reminder: 'Promemoria: sessione di coaching con {other}',
      reschedule: 'La tua sessione di coaching con {other} è stata spostata',
      cancellation: 'La tua sessione di coaching con {other} è stata annullata',
      follow_up: 'Com’è andata la sessione con {other}?',
    },
    lead: {
      confirmation: 'La tua sessione di coaching online è prenotata.',
      reminder: 'Ti ricordiamo la tua sessione di coaching online.',
      reschedule: 'La tua sessione di coaching online ha un nuovo orario.',
      cancellation: 'La tua sessione di coaching online è stata annullata.',
      follow_up: 'Registra se la sessione si è svolta.',
    },
    when: 'Quando',
    with: 'Con',
    join: 'Partecipa online',
    recordOutcome: 'Registra l’esito',
  },
  sr: {
    subject: {
      confirmation: 'Vaša sesija sa {other} je zakazana',
      reminder: 'Podsetnik: sesija sa {other}',
      reschedule: 'Vaša sesija sa {other} je pomerena',
      cancellation: 'Vaša sesija sa {other} je otkazana',
      follow_up: 'Kako je prošla sesija sa {other}?',
    },
    lead: {
      confirmation: 'Vaša onlajn sesija je zakazana.',
      reminder: 'Podsećamo vas na vašu onlajn sesiju.',
      reschedule: 'Vaša onlajn sesija ima novo vreme.',
      cancellation: 'Vaša onlajn sesija je otkazana.',
      follow_up: 'Molimo zabeležite da li je sesija održana.',
    },
    when: 'Kada',
    with: 'Sa',
    join: 'Pridružite se onlajn',
    recordOutcome: 'Zabeležite ishod',
  },
  uk: {
    subject: {
      confirmation: 'Вашу сесію з {other} заброньовано',
      reminder: 'Нагадування: сесія з {other}',
      reschedule: 'Вашу сесію з {other} перенесено',
      cancellation: 'Вашу сесію з {other} скасовано',
      follow_up: 'Як пройшла сесія з {other}?',
    },
    lead: {
      confirmation: 'Вашу онлайн-сесію коучингу заброньовано.',
      reminder: 'Нагадуємо про вашу онлайн-сесію коучингу.',
      reschedule: 'Ваша онлайн-сесія коучингу має новий час.',
      cancellation: 'Вашу онлайн-сесію коучингу скасовано.',
      follow_up: 'Будь ласка, зазначте, чи відбулася сесія.',
    },
    when: 'Коли',
    with: 'З',
    join: 'Приєднатися онлайн',
    recordOutcome: 'Зазначити результат',
  },
  ar: {
    subject: {
      confirmation: 'تم حجز جلستك التدريبية مع {other}',
      reminder: 'تذكير: جلسة تدريبية مع {other}',
      reschedule: 'تم تغيير موعد جلستك التدريبية مع {other}',
      cancellation: 'تم إلغاء جلستك التدريبية مع {other}',
      follow_up: 'كيف كانت الجلسة مع {other}؟',
    },
    lead: {
      confirmation: 'تم حجز جلستك التدريبية عبر الإنترنت.',
      reminder: 'هذا تذكير بجلستك التدريبية عبر الإنترنت.',
      reschedule: 'لجلستك التدريبية عبر الإنترنت موعد جديد.',
      cancellation: 'تم إلغاء جلستك التدريبية عبر الإنترنت.',
      follow_up: 'يرجى تسجيل ما إذا كانت الجلسة قد عُقدت.',
    },
    when: 'الموعد',
    with: 'مع',
    join: 'انضم عبر الإنترنت',
    recordOutcome: 'سجّل النتيجة',
  },
  ur: {
    subject: {
      confirmation: '{other} کے ساتھ آپ کا کوچنگ سیشن بک ہو گیا ہے',
      reminder: 'یاد دہانی: {other} کے ساتھ کوچنگ سیشن',
      reschedule: '{other} کے ساتھ آپ کے کوچنگ سیشن کا وقت بدل گیا ہے',
      cancellation: '{other} کے ساتھ آپ کا کوچنگ سیشن منسوخ ہو گیا ہے',
      follow_up: '{other} کے ساتھ سیشن کیسا رہا؟',
    },
    lead: {
      confirmation: 'آپ کا آن لائن کوچنگ سیشن بک ہو گیا ہے۔',
      reminder: 'یہ آپ کے آن لائن کوچنگ سیشن کی یاد دہانی ہے۔',
      reschedule: 'آپ کے آن لائن کوچنگ سیشن کا نیا وقت ہے۔',
      cancellation: 'آپ کا آن لائن کوچنگ سیشن منسوخ کر دیا گیا ہے۔',
      follow_up: 'براہ کرم درج کریں کہ سیشن ہوا یا نہیں۔',
    },
    when: 'وقت',
    with: 'ساتھی',
    join: 'آن لائن شامل ہوں',
    recordOutcome: 'نتیجہ درج کریں',
  },
  fa: {
    subject: {
      confirmation: 'جلسه کوچینگ شما با {other} رزرو شد',
      reminder: 'یادآوری: جلسه کوچینگ با {other}',
      reschedule: 'زمان جلسه کوچینگ شما با {other} تغییر کرد',
      cancellation: 'جلسه کوچینگ شما با {other} لغو شد',
      follow_up: 'جلسه با {other} چطور بود؟',
    },
    lead: {
      confirmation: 'جلسه کوچینگ آنلاین شما رزرو شد.',
      reminder: 'این یادآوری جلسه کوچینگ آنلاین شماست.',
      reschedule: 'جلسه کوچینگ آنلاین شما زمان جدیدی دارد.',
      cancellation: 'جلسه کوچینگ آنلاین شما لغو شد.',
      follow_up: 'لطفاً ثبت کنید که آیا جلسه برگزار شد.',
    },
    when: 'زمان',
    with: 'با',
    join: 'پیوستن آنلاین',
    recordOutcome: 'ثبت نتیجه',
  },
};

/** Fills every word a table lacks from English; an empty string counts as missing. */
export function resolveTexts(partial: PartialTexts): SessionTexts {
  const pick = <T extends Record<string, string>>(fallback: T, given: Partial<T> | undefined): T =>
    Object.fromEntries(Object.entries(fallback).map(([key, value]) => [key, given?.[key]?.trim() ? given[key] : value])) as T;
  const { subject, lead, ...labels } = ENGLISH;
  return { ...pick(labels, partial), subject: pick(subject, partial.subject), lead: pick(lead, partial.lead) };
}

export interface SessionMailInput {
  kind: SessionMailKind;
  locale: string;
  recipientName: string;
  otherName: string;
  start: Date;
  end: Date;
  /** The recipient's zone: every time in the message is shown in it. */
  timeZone: string;
  meetingUrl: string;
  /** Where the coach records the outcome (follow-ups only). */
  sessionUrl: string;
}

export function renderSessionMail(input: SessionMailInput, table: Record<Locale, PartialTexts> = SESSION_TEXTS): RenderedMail {
  const locale: Locale = isSupportedLocale(input.locale) ? input.locale : FALLBACK_LOCALE;
  const t = resolveTexts(table[locale] ?? {});
  const fill = (template: string) => template.replace('{other}', input.otherName);
  const when = formatWhen(input.start, input.end, input.timeZone, locale);
  const link =
    input.kind === 'cancellation' ? null : input.kind === 'follow_up' ? { label: t.recordOutcome, url: input.sessionUrl } : { label: t.join, url: input.meetingUrl };

  const lines = [GREETINGS[locale](input.recipientName), '', t.lead[input.kind], '', `${t.when}: ${when}`, `${t.with}: ${input.otherName}`];
  if (link) lines.push(`${link.label}: ${link.url}`);
  const paragraphs = [
    escapeHtml(GREETINGS[locale](input.recipientName)),
    escapeHtml(t.lead[input.kind]),
    `<strong>${escapeHtml(t.when)}:</strong> <bdi>${escapeHtml(when)}</bdi><br>\n<strong>${escapeHtml(t.with)}:</strong> <bdi>${escapeHtml(input.otherName)}</bdi>`,
  ];
  if (link) paragraphs.push(`<a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>: <bdi>${escapeHtml(link.url)}</bdi>`);
  return { locale, subject: fill(t.subject[input.kind]), text: `${lines.join('\n')}\n`, html: htmlPage(locale, paragraphs) };
}
