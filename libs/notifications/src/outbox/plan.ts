/**
 * Which messages a change to a session owes, and when. Pure: the API calls it
 * inside the transaction that changes the session and writes the rows it
 * returns (the outbox), so the change and its messages commit together.
 */
export type SessionChange = 'booked' | 'rescheduled' | 'cancelled';
export type PlannedKind = 'confirmation' | 'reminder' | 'reschedule' | 'cancellation' | 'follow_up' | 'feedback_request' | 'concern_alert';

export interface PlannedSession {
  id: string;
  /** The version after the change. */
  version: number;
  coachId: string;
  newcomerId: string;
  startAt: Date;
  endAt: Date;
}

export interface PlannedNotification {
  sessionId: string;
  sessionVersion: number;
  kind: PlannedKind;
  /** Seconds before the start, for reminders; 0 otherwise. */
  offsetSeconds: number;
  recipientId: string;
  dueAt: Date;
  state: 'pending' | 'skipped';
  /** Why a row was written already skipped. */
  reason: string | null;
}

const NOTICE_KIND: Record<SessionChange, PlannedKind> = { booked: 'confirmation', rescheduled: 'reschedule', cancelled: 'cancellation' };

export function planNotifications(
  change: SessionChange,
  session: PlannedSession,
  offsetsSeconds: readonly number[],
  now: Date,
  /** How long after the end the newcomer is asked how the session was (FEEDBACK_DELAY). */
  feedbackDelaySeconds: number,
): PlannedNotification[] {
  const people = [session.newcomerId, session.coachId];
  const row = (kind: PlannedKind, recipientId: string, dueAt: Date, offsetSeconds = 0): PlannedNotification => ({
    sessionId: session.id,
    sessionVersion: session.version,
    kind,
    offsetSeconds,
    recipientId,
    dueAt,
    state: 'pending',
    reason: null,
  });

  const rows = people.map((person) => row(NOTICE_KIND[change], person, now));
  if (change === 'cancelled') return rows;

  for (const offset of new Set(offsetsSeconds)) {
    const dueAt = new Date(session.startAt.getTime() - offset * 1000);
    for (const person of people) {
      const reminder = row('reminder', person, dueAt, offset);
      // Written anyway, so a coordinator sees why no reminder came.
      if (dueAt.getTime() <= now.getTime())
        Object.assign(reminder, { state: 'skipped', reason: 'the offset had already passed when the session was booked or moved' });
      rows.push(reminder);
    }
  }
  rows.push(row('follow_up', session.coachId, session.endAt));
  // Like a reminder it belongs to this version: a move plans a new one, a cancellation supersedes it.
  rows.push(row('feedback_request', session.newcomerId, new Date(session.endAt.getTime() + feedbackDelaySeconds * 1000)));
  return rows;
}

/**
 * An urgent concern reported by a coach: one mail now to each coordinator of the
 * session's academy. Unique per session version and coordinator, so reporting it
 * again writes nothing new.
 */
export function planConcernAlerts(
  session: Pick<PlannedSession, 'id' | 'version'>,
  coordinatorIds: readonly string[],
  now: Date,
): PlannedNotification[] {
  return coordinatorIds.map((recipientId) => ({
    sessionId: session.id,
    sessionVersion: session.version,
    kind: 'concern_alert',
    offsetSeconds: 0,
    recipientId,
    dueAt: now,
    state: 'pending',
    reason: null,
  }));
}

/** BullMQ job id of a notification row: deterministic, so enqueueing twice adds one job. */
export function notificationJobId(notificationId: string): string {
  return `notification.${notificationId}`;
}
