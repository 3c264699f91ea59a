import { NotificationDelivery } from '@app/persistence';

/**
 * Why a notification must not be sent any more, or null if it still should.
 * Checked on rows re-read just before sending, so a job that outlived its
 * session's version is skipped, never sent.
 */
export function whyStale(row: Pick<NotificationDelivery, 'kind' | 'sessionVersion' | 'session'>, now: Date): string | null {
  const { session } = row;
  if (row.sessionVersion !== session.version) return `superseded by version ${session.version} of the session`;
  if (row.kind === 'cancellation') return session.status === 'cancelled' ? null : `the session is ${session.status}`;
  if (session.status !== 'booked') return `the session is ${session.status}`;
  if (row.kind !== 'follow_up' && now.getTime() >= session.startAt.getTime()) return 'the session had already started';
  return null;
}
