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
  feedback_request: 'mail.subject.feedback_request',
  concern_alert: 'mail.subject.concern_alert',
};
const LEADS: Record<SessionMailKind, MessageKey> = {
  confirmation: 'mail.lead.confirmation',
  reminder: 'mail.lead.reminder',
  reschedule: 'mail.lead.reschedule',
  cancellation: 'mail.lead.cancellation',
  follow_up: 'mail.lead.follow_up',
  feedback_request: 'mail.lead.feedback_request',
  concern_alert: 'mail.lead.concern_alert',
};

/** The five faces of the feedback mail, worst to best: a face and its words, for readers who read little. */
const FACES: ReadonlyArray<{ score: number; emoji: string; key: MessageKey }> = [
  { score: 1, emoji: '😞', key: 'mail.face.veryBad' },
  { score: 2, emoji: '🙁', key: 'mail.face.bad' },
  { score: 3, emoji: '😐', key: 'mail.face.okay' },
  { score: 4, emoji: '🙂', key: 'mail.face.good' },
  { score: 5, emoji: '😄', key: 'mail.face.veryGood' },
];

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
  /** Where the coach records the outcome (follow-ups), or the coordinators' flags (concern alerts). */
  sessionUrl: string;
  /** Feedback requests only: the link of each score, 1 to 5. */
  faceUrl?: (score: number) => string;
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
  if (input.kind === 'feedback_request') return renderFeedbackRequest(input, locale, hello, t, when, word);
  const link =
    input.kind === 'cancellation'
      ? null
      : input.kind === 'follow_up'
        ? { label: t.recordOutcome, url: input.sessionUrl }
        : input.kind === 'concern_alert'
          ? { label: word('mail.openFlags'), url: input.sessionUrl }
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

/** Five faces, each a link that records its score when opened: no sign-in, one tap. */
function renderFeedbackRequest(
  input: SessionMailInput,
  locale: Locale,
  hello: string,
  t: { subject: string; lead: string; when: string; with: string },
  when: string,
  word: (key: MessageKey) => string,
): RenderedMail {
  if (!input.faceUrl) throw new Error('a feedback request needs its links');
  const faces = FACES.map((face) => ({ ...face, label: word(face.key), url: input.faceUrl!(face.score) }));
  const lines = [hello, '', t.subject, t.lead, '', `${t.when}: ${when}`, ''];
  for (const face of faces) lines.push(`${face.emoji} ${face.label}: ${face.url}`);
  const buttons = faces
    .map(
      (face) =>
        `<a href="${escapeHtml(face.url)}" style="display:inline-block;min-width:56px;padding:8px;margin:4px;text-align:center;text-decoration:none;font-size:32px;line-height:1.2">` +
        `${face.emoji}<br><span style="font-size:14px">${escapeHtml(face.label)}</span></a>`,
    )
    .join('\n');
  const paragraphs = [
    escapeHtml(hello),
    `<strong>${escapeHtml(t.subject)}</strong><br>\n${escapeHtml(t.lead)}`,
    `<strong>${escapeHtml(t.when)}:</strong> <bdi>${escapeHtml(when)}</bdi>`,
    buttons,
  ];
  return { locale, subject: t.subject, text: `${lines.join('\n')}\n`, html: htmlPage(locale, paragraphs) };
}
