import ICAL from 'ical.js';
import { type ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { academyIds, createStaff, type TestAccount } from './support/accounts';
import { halfHourBooking, newcomerAndCoach, nextGridStart, sentTo, sleep, waitForRows } from './support/notifications';
import { as, bookSession } from './support/sessions';
import { captureLogs, startTestApps, type TestApps } from './support/test-apps';

/**
 * The rows tell the truth about delivery: "sent" is recorded apart from the
 * send, a permanent SMTP refusal is not retried, failed jobs are logged by id,
 * and invitations are invitations by RFC 5546.
 */
describe('delivery that tells the truth', () => {
  let apps: TestApps;
  let db: DataSource;
  let siena: string;
  let coordinator: TestAccount;
  let hours = 3;
  const { destination, lines: logLines } = captureLogs();

  const pair = async () => {
    const people = await newcomerAndCoach(apps, coordinator, siena, { timeZone: 'Africa/Lagos' });
    // Their account mails (verification, invitation) go out first, so a refusal set next meets only the session's messages.
    await accountMailsSettled();
    return people;
  };
  const accountMailsSettled = async (timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while ((await db.query(`SELECT 1 FROM account_mail WHERE state IN ('pending', 'queued') LIMIT 1`)).length > 0) {
      if (Date.now() > deadline) throw new Error('account mails were not settled in time');
      await sleep(100);
    }
  };
  const book = async (
    newcomer: TestAccount,
    coach: TestAccount,
    start = nextGridStart(new Date(Date.now() + hours++ * 3600_000)),
  ): Promise<string> => bookSession(apps.http, newcomer, halfHourBooking(coach, start));
  const confirmationTo = (email: string) => (m: ParsedMail) => sentTo(email)(m) && / is booked$/.test(m.subject ?? '');

  beforeAll(async () => {
    apps = await startTestApps({
      logDestination: destination,
      env: {
        LOG_LEVEL: 'info',
        NOTIFICATION_ATTEMPTS: '4',
        NOTIFICATION_BACKOFF_MS: '100',
        MAIL_FROM: 'Coaching across continents <sessions@coaching.test>',
      },
    });
    db = apps.api.get(DataSource);
    ({ siena } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
  }, 60_000);
  afterAll(() => apps.close());
  afterEach(() => {
    apps.smtp.refuseWith = null;
    apps.smtp.refuseTimes = null;
    apps.smtp.refuseCode = 550;
  });

  it('records "sent" apart from the send: a database error after the SMTP server took the mail neither resends it nor marks it failed', async () => {
    const { newcomer, coach } = await pair();
    // The database refuses to record the newcomer's confirmation as sent, three times over (a failover, say).
    await db.query(`CREATE SEQUENCE IF NOT EXISTS refuse_sent_${newcomer.id.slice(0, 8)}`);
    await db.query(`
      CREATE FUNCTION refuse_sent_${newcomer.id.slice(0, 8)}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('refuse_sent_${newcomer.id.slice(0, 8)}') <= 3 THEN RAISE EXCEPTION 'database unavailable'; END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER refuse_sent BEFORE UPDATE ON notification FOR EACH ROW
      WHEN (NEW.state = 'sent' AND NEW.recipient_id = '${newcomer.id}' AND NEW.kind = 'confirmation')
      EXECUTE FUNCTION refuse_sent_${newcomer.id.slice(0, 8)}()`);
    try {
      const session = await book(newcomer, coach);
      const rows = await waitForRows(
        apps.api,
        session,
        (all) =>
          all.some((r) => r.kind === 'confirmation' && r.recipient_id === newcomer.id && (r.state === 'sent' || r.state === 'failed')),
        15_000,
      );
      const row = rows.find((r) => r.kind === 'confirmation' && r.recipient_id === newcomer.id)!;
      expect(row.state).toBe('sent');
      await sleep(500); // room for a wrong resend to arrive
      const copies = apps.smtp.received.filter((m) => m.messageId === `<notification.${row.id}@coaching.test>`);
      expect(copies).toHaveLength(1);
    } finally {
      await db.query(`DROP TRIGGER refuse_sent ON notification`);
    }
  }, 30_000);

  it('does not retry a permanent SMTP refusal (5xx): the row fails at the first attempt, and the failed job is logged by id', async () => {
    const { newcomer, coach } = await pair();
    apps.smtp.refuseWith = `<${newcomer.email}>: Mailbox unavailable`;
    apps.smtp.refuseCode = 550;
    const session = await book(newcomer, coach);
    const rows = await waitForRows(
      apps.api,
      session,
      (all) => all.filter((r) => r.kind === 'confirmation' && r.state === 'failed').length === 2,
      15_000,
    );
    await sleep(600); // a retry would have come by now
    for (const row of (await waitForRows(apps.api, session, () => true)).filter((r) => r.kind === 'confirmation')) {
      expect(row).toMatchObject({ state: 'failed', attempts: 1 });
      expect(row.last_error).toContain('550');
    }
    const failedLogs = logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'Job failed');
    for (const row of rows.filter((r) => r.kind === 'confirmation')) {
      expect(failedLogs).toContainEqual(
        expect.objectContaining({ jobId: `notification.${row.id}`, jobName: 'notification.send', attempt: 1, final: true }),
      );
    }
    expect(logLines.join('\n')).not.toContain(newcomer.email);
  }, 30_000);

  it('retries a temporary SMTP refusal (4xx), and then delivers', async () => {
    const { newcomer, coach } = await pair();
    apps.smtp.refuseWith = 'Greylisted, try again later';
    apps.smtp.refuseCode = 451;
    apps.smtp.refuseTimes = 2;
    const session = await book(newcomer, coach);
    const rows = await waitForRows(
      apps.api,
      session,
      (all) => all.filter((r) => r.kind === 'confirmation' && r.state === 'sent').length === 2,
      15_000,
    );
    const attempts = rows.filter((r) => r.kind === 'confirmation').map((r) => r.attempts);
    expect(attempts.reduce((a, b) => a + b, 0)).toBe(4); // two refusals, two deliveries
    const retried = logLines
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'Job failed' && rows.some((r) => l.jobId === `notification.${r.id}`));
    expect(retried.length).toBeGreaterThanOrEqual(2);
    expect(retried.every((l) => l.final === false)).toBe(true);
  }, 30_000);

  it('sends invitations and cancellations with ORGANIZER and ATTENDEE, as RFC 5546 asks, and nobody else’s address', async () => {
    const { newcomer, coach } = await pair();
    const session = await book(newcomer, coach);
    const [invitation] = await apps.smtp.waitFor(confirmationTo(newcomer.email));
    const request = strictInvitation(invitation, 'REQUEST');
    expect(request.organizer).toBe('mailto:sessions@coaching.test');
    expect(request.attendees).toEqual([`mailto:${newcomer.email}`]);
    const [coachInvitation] = await apps.smtp.waitFor(confirmationTo(coach.email));
    expect(strictInvitation(coachInvitation, 'REQUEST').attendees).toEqual([`mailto:${coach.email}`]);

    await apps.http().post(`/v1/sessions/${session}/cancel`).set(as(newcomer)).send({ reason: 'cannot come' }).expect(200);
    const [cancellation] = await apps.smtp.waitFor((m) => sentTo(newcomer.email)(m) && /cancel/i.test(m.subject ?? ''));
    const cancel = strictInvitation(cancellation, 'CANCEL');
    expect(cancel.organizer).toBe('mailto:sessions@coaching.test');
    expect(cancel.attendees).toEqual([`mailto:${newcomer.email}`]);
    expect(cancel.sequence).toBeGreaterThan(request.sequence);
  }, 30_000);
});

/**
 * Parses the mail's calendar part with ical.js and checks it against RFC 5545's
 * line rules and RFC 5546's table for the method: every required property once,
 * ORGANIZER and ATTENDEE as mailto: addresses. Throws on the first fault.
 */
function strictInvitation(mail: ParsedMail, method: 'REQUEST' | 'CANCEL'): { organizer: string; attendees: string[]; sequence: number } {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!part) throw new Error(`"${mail.subject}" has no calendar part`);
  const text = part.content.toString('utf8');
  // RFC 5545 §3.1: CRLF line ends, content lines of at most 75 octets.
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  expect(part.contentType).toBe('text/calendar');

  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getAllProperties('method').map((p) => p.getFirstValue())).toEqual([method]);
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
  const events = calendar.getAllSubcomponents('vevent');
  expect(events).toHaveLength(1);
  const event = events[0];
  // RFC 5546 §3.2.2 (REQUEST) and §3.2.5 (CANCEL): properties that must appear exactly once.
  const once =
    method === 'REQUEST' ? ['dtstamp', 'dtstart', 'organizer', 'summary', 'uid', 'sequence'] : ['dtstamp', 'organizer', 'uid', 'sequence'];
  for (const name of once) expect([name, event.getAllProperties(name).length]).toEqual([name, 1]);
  const attendees = event.getAllProperties('attendee');
  expect(attendees.length).toBeGreaterThanOrEqual(1);
  if (method === 'CANCEL') expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
  const organizer = String(event.getFirstPropertyValue('organizer'));
  for (const address of [organizer, ...attendees.map((a) => String(a.getFirstValue()))])
    expect(address).toMatch(/^mailto:[^@\s]+@[^@\s]+$/);
  expect(event.getFirstProperty('organizer')!.getParameter('cn')).toBeTruthy();
  return {
    organizer,
    attendees: attendees.map((a) => String(a.getFirstValue())),
    sequence: Number(event.getFirstPropertyValue('sequence')),
  };
}
