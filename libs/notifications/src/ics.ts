import { CATALOGUES, isAppLocale, type MessageKey, translate } from '@app/i18n';
/**
 * RFC 5545 calendar objects for a session. Times are written in UTC ("Z"),
 * which every client converts to its own zone, so no VTIMEZONE is needed.
 */
export interface CalendarEvent {
  /** Stable for the life of the session, so updates replace the same event. */
  uid: string;
  /** The session's version: a client applies an update only if SEQUENCE grew. */
  sequence: number;
  method: 'PUBLISH' | 'REQUEST' | 'CANCEL';
  start: Date;
  end: Date;
  /** When this version of the event was written. */
  stamp: Date;
  summary: string;
  description: string;
  url: string;
  cancelled: boolean;
  organizer?: { name: string; email: string };
  attendees?: Array<{ name: string; email: string }>;
}

const utc = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** TEXT escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const quoteParam = (value: string) => `"${value.replace(/["\r\n]/g, '')}"`;

export function buildCalendar(event: CalendarEvent): string {
  return calendarOf(event.method, [event]);
}

/** A calendar of several events: a person's subscribed feed. */
export function calendarOf(method: CalendarEvent['method'], events: readonly CalendarEvent[], name?: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Coaching across continents//Scheduling//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    ...(name ? [`X-WR-CALNAME:${escapeText(name)}`] : []),
    ...events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function eventLines(event: CalendarEvent): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utc(event.stamp)}`,
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    `LOCATION:${escapeText(event.url)}`,
    `URL:${event.url}`,
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    ...(event.organizer ? [`ORGANIZER;CN=${quoteParam(event.organizer.name)}:mailto:${event.organizer.email}`] : []),
    ...(event.attendees ?? []).map((a) => {
      const status = event.method === 'CANCEL' ? 'DECLINED' : 'NEEDS-ACTION';
      return `ATTENDEE;CN=${quoteParam(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=${status};RSVP=FALSE:mailto:${a.email}`;
    }),
    'END:VEVENT',
  ];
}

/** What a session's calendar event is built from. */
export interface CalendarSession {
  id: string;
  version: number;
  topic: string;
  startAt: Date;
  endAt: Date;
  /** The join page (`joinPageUrl`), never the room. */
  joinUrl: string;
  cancelled: boolean;
  coachName: string;
  newcomerName: string;
  /** The reader's language: the summary and description are written in it (English when unknown). */
  locale?: string;
}

/**
 * The one event of a session, for the download and for mailed invitations
 * alike: UID never changes, SEQUENCE is the session's version, so a moved or
 * cancelled session updates the event already in the calendar.
 */
export function sessionCalendar(
  session: CalendarSession,
  method: CalendarEvent['method'],
  stamp: Date,
  /** For a mailed REQUEST or CANCEL (RFC 5546): who organises, and the attendee this copy goes to. */
  invitation?: { organizer: { name: string; email: string }; attendee: { name: string; email: string } },
): string {
  return buildCalendar(sessionEvent(session, method, stamp, invitation));
}

/** The event's title and text in the reader's language, from the catalogues the app and the mails read. */
function calendarWords(session: CalendarSession): { summary: string; description: string } {
  const locale = session.locale && isAppLocale(session.locale) ? session.locale : 'en';
  const topicKey = `topic.${session.topic}` as MessageKey;
  const topic = CATALOGUES[locale][topicKey] ? translate(locale, topicKey) : session.topic;
  return {
    summary: translate(locale, 'ics.summary', { topic }),
    description: translate(locale, 'ics.description', {
      coach: session.coachName,
      newcomer: session.newcomerName,
      url: session.joinUrl,
    }),
  };
}

export function sessionEvent(
  session: CalendarSession,
  method: CalendarEvent['method'],
  stamp: Date,
  invitation?: { organizer: { name: string; email: string }; attendee: { name: string; email: string } },
): CalendarEvent {
  return {
    uid: `session-${session.id}@coaching-across-continents`,
    sequence: session.version,
    method,
    start: session.startAt,
    end: session.endAt,
    stamp,
    ...calendarWords(session),
    url: session.joinUrl,
    cancelled: session.cancelled,
    ...(invitation ? { organizer: invitation.organizer, attendees: [invitation.attendee] } : {}),
  };
}
