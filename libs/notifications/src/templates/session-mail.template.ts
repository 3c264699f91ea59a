import { FALLBACK_LOCALE, isSupportedLocale, type Locale } from '@app/config';
import { type PlannedKind } from '../outbox/plan';
import { type Catalogues, CATALOGUES, type MessageKey, translate } from '@app/i18n';
import { greeting } from './greeting';
import { escapeHtml, htmlPage } from './html';
import { formatWhen } from './when';
import { type RenderedMail } from './welcome.template';

export type SessionMailKind = PlannedKind;

/** The catalogue keys of each kind, written out so that the catalogue test sees each one in use. */
const SUBJECTS: Record<SessionMailKind, MessageKey> = {
  confirmation: 'mail.subject.confirmation',
  reminder: 'mail.subject.reminder',
  reschedule: 'mail.subject.reschedule',
  cancellation: 'mail.subject.cancellation',
  follow_up: 'mail.subject.follow_up',
};
const LEADS: Record<SessionMailKind, MessageKey> = {
  confirmation: 'mail.lead.confirmation',
  reminder: 'mail.lead.reminder',
  reschedule: 'mail.lead.reschedule',
  cancellation: 'mail.lead.cancellation',
  follow_up: 'mail.lead.follow_up',
};

export interface SessionMailInput {
  kind: SessionMailKind;
  locale: string;
  recipientName: string;
  otherName: string;
  start: Date;
  end: Date;
  /** The recipient's zone: every time in the message is shown in it. */
  timeZone: string;
  /** The session's join page (`joinPageUrl`), never the room itself. */
  joinUrl: string;
  /** Where the coach records the outcome (follow-ups only). */
  sessionUrl: string;
}

/**
 * A session message in the recipient's language. The words come from the
 * catalogues the web app reads too (libs/i18n), so the mail and the app say
 * the same thing; a word missing in a locale falls back to English.
 */
export function renderSessionMail(input: SessionMailInput, catalogues: Catalogues = CATALOGUES): RenderedMail {
  const locale: Locale = isSupportedLocale(input.locale) ? input.locale : FALLBACK_LOCALE;
  const word = (key: MessageKey) => translate(locale, key, { other: input.otherName }, catalogues);
  const t = {
    subject: word(SUBJECTS[input.kind]),
    lead: word(LEADS[input.kind]),
    when: word('mail.when'),
    with: word('mail.with'),
    join: word('mail.join'),
    recordOutcome: word('mail.recordOutcome'),
  };
  const hello = greeting(locale, input.recipientName, catalogues);
  const when = formatWhen(input.start, input.end, input.timeZone, locale, catalogues);
  const link =
    input.kind === 'cancellation'
      ? null
      : input.kind === 'follow_up'
        ? { label: t.recordOutcome, url: input.sessionUrl }
        : { label: t.join, url: input.joinUrl };

  const lines = [hello, '', t.lead, '', `${t.when}: ${when}`, `${t.with}: ${input.otherName}`];
  if (link) lines.push(`${link.label}: ${link.url}`);
  const paragraphs = [
    escapeHtml(hello),
    escapeHtml(t.lead),
    `<strong>${escapeHtml(t.when)}:</strong> <bdi>${escapeHtml(when)}</bdi><br>\n` +
      `<strong>${escapeHtml(t.with)}:</strong> <bdi>${escapeHtml(input.otherName)}</bdi>`,
  ];
  if (link) paragraphs.push(`<a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>: <bdi>${escapeHtml(link.url)}</bdi>`);
  return { locale, subject: t.subject, text: `${lines.join('\n')}\n`, html: htmlPage(locale, paragraphs) };
}
