import { planConcernAlerts, planNotifications, type PlannedSession } from './plan';

const session: PlannedSession = {
  id: 's1',
  version: 1,
  coachId: 'coach',
  newcomerId: 'newcomer',
  startAt: new Date('2026-03-30T16:00:00Z'),
  endAt: new Date('2026-03-30T17:00:00Z'),
};
const hours = (n: number) => n * 3600;

describe('planNotifications', () => {
  it('owes a booking two confirmations now, two reminders per offset and a follow-up to the coach at the end', () => {
    const now = new Date('2026-03-28T09:00:00Z');
    const rows = planNotifications('booked', session, [hours(24), hours(1)], now, hours(1));
    const brief = rows.map((r) => [r.kind, r.recipientId, r.offsetSeconds, r.dueAt.toISOString(), r.state]);
    expect(brief).toEqual([
      ['confirmation', 'newcomer', 0, now.toISOString(), 'pending'],
      ['confirmation', 'coach', 0, now.toISOString(), 'pending'],
      ['reminder', 'newcomer', 86400, '2026-03-29T16:00:00.000Z', 'pending'],
      ['reminder', 'coach', 86400, '2026-03-29T16:00:00.000Z', 'pending'],
      ['reminder', 'newcomer', 3600, '2026-03-30T15:00:00.000Z', 'pending'],
      ['reminder', 'coach', 3600, '2026-03-30T15:00:00.000Z', 'pending'],
      ['follow_up', 'coach', 0, '2026-03-30T17:00:00.000Z', 'pending'],
      ['feedback_request', 'newcomer', 0, '2026-03-30T18:00:00.000Z', 'pending'],
    ]);
    expect(rows.every((r) => r.sessionId === 's1' && r.sessionVersion === 1)).toBe(true);
  });

  it('writes a reminder whose offset has passed as skipped, with the reason', () => {
    const now = new Date('2026-03-30T10:00:00Z'); // six hours before: the 24 h reminder is too late
    const rows = planNotifications('booked', session, [hours(24), hours(1)], now, hours(1)).filter((r) => r.kind === 'reminder');
    expect(rows.map((r) => [r.offsetSeconds, r.state])).toEqual([
      [86400, 'skipped'],
      [86400, 'skipped'],
      [3600, 'pending'],
      [3600, 'pending'],
    ]);
    expect(rows[0].reason).toMatch(/already passed/);
  });

  it('owes a move a reschedule notice and fresh reminders for the new version', () => {
    const moved = { ...session, version: 2 };
    const kinds = planNotifications('rescheduled', moved, [hours(1)], new Date('2026-03-28T09:00:00Z'), 90 * 60).map(
      (r) => `${r.kind}:${r.sessionVersion}`,
    );
    expect(kinds).toEqual(['reschedule:2', 'reschedule:2', 'reminder:2', 'reminder:2', 'follow_up:2', 'feedback_request:2']);
  });

  it('asks the newcomer for feedback FEEDBACK_DELAY after the end', () => {
    const [feedback] = planNotifications('booked', session, [], new Date('2026-03-28T09:00:00Z'), 90 * 60).filter(
      (r) => r.kind === 'feedback_request',
    );
    expect(feedback).toMatchObject({ recipientId: 'newcomer', state: 'pending', offsetSeconds: 0 });
    expect(feedback.dueAt.toISOString()).toBe('2026-03-30T18:30:00.000Z');
  });

  it('alerts each coordinator at once about an urgent concern', () => {
    const now = new Date('2026-03-30T18:00:00Z');
    const rows = planConcernAlerts({ id: 's1', version: 2 }, ['c1', 'c2'], now);
    expect(rows.map((r) => [r.kind, r.recipientId, r.sessionVersion, r.dueAt.toISOString()])).toEqual([
      ['concern_alert', 'c1', 2, now.toISOString()],
      ['concern_alert', 'c2', 2, now.toISOString()],
    ]);
  });

  it('owes a cancellation two notices and nothing else', () => {
    const rows = planNotifications(
      'cancelled',
      { ...session, version: 3 },
      [hours(24), hours(1)],
      new Date('2026-03-28T09:00:00Z'),
      hours(1),
    );
    expect(rows.map((r) => [r.kind, r.recipientId])).toEqual([
      ['cancellation', 'newcomer'],
      ['cancellation', 'coach'],
    ]);
  });
});
