import { FALLBACK_LOCALE, isSupportedLocale, type Locale } from '@app/config';
import { CATALOGUES, intlTag, type MessageKey, translate } from '@app/i18n';
import { greeting } from './greeting';
import { escapeHtml, htmlPage } from './html';
import { formatWhen } from './when';
import { type RenderedMail } from './welcome.template';

export interface WaitingListOfferInput {
  locale: string;
  recipientName: string;
  /** The coach's first name only. */
  coachFirstName: string;
  /** The languages the coach shares with the newcomer, and the topics of theirs the coach covers (codes and slugs). */
  languages: readonly string[];
  topics: readonly string[];
  /** The first free times, shown in `timeZone`, the newcomer's. */
  times: ReadonlyArray<{ start: Date; end: Date }>;
  timeZone: string;
  /** The page of the app where the newcomer books. */
  bookingUrl: string;
}

export interface WaitingListExpiryInput {
  locale: string;
  recipientName: string;
  expiresAt: Date;
  timeZone: string;
  renewUrl: string;
}

const localeOf = (requested: string): Locale => (isSupportedLocale(requested) ? requested : FALLBACK_LOCALE);

/** A language's name in the reader's language ("Hausa", "هوسا"); the code when the runtime has no name for it. */
function languageName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([intlTag(locale)], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A topic's name from the catalogues; a topic the catalogues do not know is shown by its slug. */
function topicName(slug: string, locale: Locale): string {
  const key = `topic.${slug}`;
  return key in CATALOGUES.en ? translate(locale, key as MessageKey) : slug;
}

function list(items: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(intlTag(locale), { type: 'conjunction' }).format(items);
}

/** "Amina, a coach who speaks your language has time for you": who, in which languages and topics, the first times, the link. */
export function renderWaitingListOffer(input: WaitingListOfferInput): RenderedMail {
  const locale = localeOf(input.locale);
  const values = {
    coach: input.coachFirstName,
    languages: list(
      input.languages.map((l) => languageName(l, locale)),
      locale,
    ),
    topics: list(
      input.topics.map((t) => topicName(t, locale)),
      locale,
    ),
  };
  const subject = translate(locale, 'mail.waitingList.offer.subject');
  const lead = translate(locale, 'mail.waitingList.offer.lead', values);
  const timesLabel = translate(locale, 'mail.waitingList.offer.times');
  const action = translate(locale, 'mail.waitingList.offer.action');
  const note = translate(locale, 'mail.waitingList.offer.note');
  const hello = greeting(locale, input.recipientName);
  const times = input.times.map((t) => formatWhen(t.start, t.end, input.timeZone, locale));
  const text = [hello, '', lead, '', timesLabel, ...times.map((t) => `- ${t}`), '', action, input.bookingUrl, '', note, ''].join('\n');
  const html = htmlPage(locale, [
    escapeHtml(hello),
    escapeHtml(lead),
    `${escapeHtml(timesLabel)}<br>${times.map((t) => `<bdi>${escapeHtml(t)}</bdi>`).join('<br>')}`,
    `${escapeHtml(action)}<br><a href="${escapeHtml(input.bookingUrl)}" dir="ltr">${escapeHtml(input.bookingUrl)}</a>`,
    escapeHtml(note),
  ]);
  return { locale, subject, text, html };
}

/** Seven days before an entry lapses: when, and the link that keeps it for another period. */
export function renderWaitingListExpiry(input: WaitingListExpiryInput): RenderedMail {
  const locale = localeOf(input.locale);
  const subject = translate(locale, 'mail.waitingList.expiry.subject');
  // The day only, in the reader's zone, with the zone named: the hour of the end matters to nobody.
  const day = new Intl.DateTimeFormat(intlTag(locale), { timeZone: input.timeZone, dateStyle: 'full' }).format(input.expiresAt);
  const when = `${day} (${input.timeZone})`;
  const lead = translate(locale, 'mail.waitingList.expiry.lead', { date: when });
  const action = translate(locale, 'mail.waitingList.expiry.action');
  const note = translate(locale, 'mail.waitingList.expiry.note');
  const hello = greeting(locale, input.recipientName);
  const text = [hello, '', lead, '', action, input.renewUrl, '', note, ''].join('\n');
  const html = htmlPage(locale, [
    escapeHtml(hello),
    escapeHtml(lead),
    `${escapeHtml(action)}<br><a href="${escapeHtml(input.renewUrl)}" dir="ltr">${escapeHtml(input.renewUrl)}</a>`,
    escapeHtml(note),
  ]);
  return { locale, subject, text, html };
}
