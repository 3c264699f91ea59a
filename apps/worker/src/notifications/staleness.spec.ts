import { whyStale, withoutAddresses } from './staleness';

const start = new Date('2026-05-04T16:00:00Z');
const before = new Date('2026-05-04T15:00:00Z');
const after = new Date('2026-05-04T17:30:00Z');
const row = (
  kind: Parameters<typeof whyStale>[0]['kind'],
  sessionVersion: number,
  version: number,
  status: 'booked' | 'cancelled' | 'completed' | 'newcomer_no_show' | 'coach_no_show',
) => ({
  kind,
  sessionVersion,
  session: {
    id: 's',
    version,
    status,
    startAt: start,
    endAt: new Date('2026-05-04T17:00:00Z'),
    topic: 'employment',
    coachId: 'c',
  },
});

describe('whyStale', () => {
  it('asks for feedback after the end unless the session was cancelled, moved or the newcomer was absent', () => {
    expect(whyStale(row('feedback_request', 1, 1, 'booked'), after)).toBeNull();
    expect(whyStale(row('feedback_request', 1, 1, 'completed'), after)).toBeNull();
    expect(whyStale(row('feedback_request', 1, 1, 'coach_no_show'), after)).toBeNull();
    expect(whyStale(row('feedback_request', 1, 1, 'newcomer_no_show'), after)).toBe('the session is newcomer_no_show');
    expect(whyStale(row('feedback_request', 1, 2, 'cancelled'), after)).toMatch(/superseded/);
    expect(whyStale(row('feedback_request', 2, 2, 'cancelled'), after)).toBe('the session is cancelled');
  });

  it('always sends an urgent concern to the coordinators', () => {
    expect(whyStale(row('concern_alert', 1, 2, 'completed'), after)).toBeNull();
  });

  it('sends a reminder of the current version before the start', () => {
    expect(whyStale(row('reminder', 2, 2, 'booked'), before)).toBeNull();
  });

  it('skips anything written for an older version', () => {
    expect(whyStale(row('reminder', 1, 2, 'booked'), before)).toBe('superseded by version 2 of the session');
    expect(whyStale(row('confirmation', 1, 2, 'cancelled'), before)).toBe('superseded by version 2 of the session');
  });

  it('sends a cancellation only for a cancelled session', () => {
    expect(whyStale(row('cancellation', 2, 2, 'cancelled'), before)).toBeNull();
    expect(whyStale(row('cancellation', 2, 2, 'booked'), before)).toBe('the session is booked');
  });

  it('skips a reminder or confirmation once the session has started, but sends the follow-up after it', () => {
    expect(whyStale(row('reminder', 1, 1, 'booked'), after)).toBe('the session had already started');
    expect(whyStale(row('confirmation', 1, 1, 'booked'), after)).toBe('the session had already started');
    expect(whyStale(row('follow_up', 1, 1, 'booked'), after)).toBeNull();
  });

  it('skips the follow-up when the outcome is already recorded', () => {
    expect(whyStale(row('follow_up', 1, 1, 'completed'), after)).toBe('the session is completed');
  });
});

describe('withoutAddresses', () => {
  it('removes addresses from an SMTP error, keeping the rest', () => {
    expect(withoutAddresses("Can't send mail - all recipients were rejected: 550 5.1.1 <amina.k@example.org>: Mailbox unavailable")).toBe(
      "Can't send mail - all recipients were rejected: 550 5.1.1 <address>: Mailbox unavailable",
    );
    expect(withoutAddresses('to x@y.org failed')).toBe('to <address> failed');
  });
});
