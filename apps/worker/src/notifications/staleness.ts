import { type NotificationDelivery } from '@app/persistence';

/**
 * Why a notification must not be sent any more, or null if it still should.
 * Checked on rows re-read just before sending, so a job that outlived its
 * session's version is skipped, never sent.
 */
export function whyStale(row: Pick<NotificationDelivery, 'kind' | 'sessionVersion' | 'session'>, now: Date): string | null {
  const { session } = row;
  // A coordinator must hear of an urgent concern whatever has happened to the session since.
  if (row.kind === 'concern_alert') return null;
  if (row.sessionVersion !== session.version) return `superseded by version ${session.version} of the session`;
  if (row.kind === 'feedback_request') {
    // Asked after the session, whatever its recorded outcome, except when it never took place for the newcomer.
    if (session.status === 'cancelled' || session.status === 'newcomer_no_show') return `the session is ${session.status}`;
    return null;
  }
  if (row.kind === 'cancellation') return session.status === 'cancelled' ? null : `the session is ${session.status}`;
  if (session.status !== 'booked') return `the session is ${session.status}`;
  if (row.kind !== 'follow_up' && now.getTime() >= session.startAt.getTime()) return 'the session had already started';
  return null;
}

/**
 * An SMTP error often quotes the recipient's address ("550 <amina@…>: no such
 * user"). The error is kept on the row and shown to coordinators; the address
 * is not needed there, so it is replaced.
 */
export function withoutAddresses(message: string): string {
  return message.replace(/<?[^\s<>@]+@[^\s<>@]+>?/g, '<address>');
}
