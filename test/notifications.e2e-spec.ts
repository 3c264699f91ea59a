import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { type ParsedMail } from 'mailparser';
import { Metrics } from '../libs/logging/src';
import { QueueName } from '../libs/queue/src';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createCoach } from './support/coaches';
import { ALL_WEEK, calendarOf, nextGridStart, notificationRows, offsetFor, sentTo, sleep, waitForRows } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * Real time, real Redis delays, real SMTP. Reminder offsets are computed so
 * that sessions starting at S1 owe a reminder at T0 + 20 s, and sessions at
 * S2 (S1 + 30 min) one at T0 + 30 s; the other offset of each falls half an
 * hour away (already passed for S1, still ahead for S2).
 */
describe('confirmations, reminders, reschedule and cancellation notices', () => {
  const T0 = Math.ceil(Date.now() / 1000) * 1000; // whole seconds, as REMINDER_OFFSETS are
  const S1 = nextGridStart(new Date(T0 + 10 * 60_000));
  const S2 = new Date(S1.getTime() + 30 * 60_000);
  const dueA = new Date(T0 + 20_000);
  const dueB = new Date(T0 + 30_000);
  const messageId = (rowId: string) => `<notification.${rowId}@localhost>`;
  const as = (a: TestAccount) => ({ Authorization: `Bearer ${a.token}` });

  let apps: TestApps;
  let coordinator: TestAccount;
  const people: Record<string, { newcomer: TestAccount; coach: TestAccount; session?: string }> = {};
  const arrivals = new Map<ParsedMail, number>();

  const book = async (pair: string, start: Date) => {
    const { newcomer, coach } = people[pair];
    const response = await apps
      .http()
      .post('/v1/sessions')
      .set(as(newcomer))
      .send({ coachId: coach.id, start: start.toISOString(), durationMinutes: 30, topic: 'employment', language: 'it' })
      .expect(201);
    people[pair].session = response.body.id;
    return response.body;
  };

  beforeAll(async () => {
    apps = await startTestApps({
      env: { REMINDER_OFFSETS: `${offsetFor(S1, dueA)},${offsetFor(S2, dueB)}`, METRICS_TOKEN: 'metrics-scraper-token-0123456789' },
    });
    const push = apps.smtp.received.push.bind(apps.smtp.received);
    apps.smtp.received.push = (...mails: ParsedMail[]) => {
      for (const mail of mails) arrivals.set(mail, Date.now());
      return push(...mails);
    };
    const { siena } = await academyIds(apps.http);
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    const coach = (timeZone: string, locale: string) =>
      createCoach(apps.api, apps.http, coordinator, siena, { timeZone, locale, weekly: ALL_WEEK, profile: { minimumNoticeMinutes: 0 } });
    people.booked = {
      newcomer: await registerNewcomer(apps.http, siena, { locale: 'ur', timeZone: 'Asia/Karachi', displayName: 'Amina' }),
      coach: await coach('America/Toronto', 'en'),
    };
    people.moved = {
      newcomer: await registerNewcomer(apps.http, siena, { locale: 'it', timeZone: 'Europe/Rome', displayName: 'Yusuf' }),
      coach: await coach('Europe/Belgrade', 'sr'),
    };
    people.cancelled = {
      newcomer: await registerNewcomer(apps.http, siena, { locale: 'fa', timeZone: 'Asia/Tehran', displayName: 'Dariush' }),
      coach: await coach('Asia/Kolkata', 'uk'),
    };
    await book('booked', S1);
    await book('moved', S1);
    await book('cancelled', S1);
    await apps
      .http()
      .post(`/v1/sessions/${people.moved.session}/reschedule`)
      .set(as(people.moved.newcomer))
      .send({ start: S2.toISOString() })
      .expect(200);
    await apps
      .http()
      .post(`/v1/sessions/${people.cancelled.session}/cancel`)
      .set(as(people.cancelled.coach))
      .send({ reason: 'ill' })
      .expect(200);
    expect(Date.now()).toBeLessThan(dueA.getTime() - 2_000); // the set-up left time for the first reminders
  }, 30_000);
  afterAll(() => apps.close());

  it('writes the outbox in the booking’s transaction: confirmations now, a reminder per offset, a follow-up to the coach', async () => {
    const rows = await notificationRows(apps.api, people.booked.session!);
    const { newcomer, coach } = people.booked;
    const brief = rows.map((r) => [
      r.kind,
      r.recipient_id === coach.id ? 'coach' : r.recipient_id === newcomer.id ? 'newcomer' : '?',
      r.offset_seconds > 0,
      r.session_version,
    ]);
    expect(brief).toEqual(
      expect.arrayContaining([
        ['confirmation', 'newcomer', false, 1],
        ['confirmation', 'coach', false, 1],
        ['reminder', 'newcomer', true, 1],
        ['reminder', 'coach', true, 1],
        ['follow_up', 'coach', false, 1],
        ['feedback_request', 'newcomer', false, 1],
      ]),
    );
    expect(rows).toHaveLength(8); // two offsets × two people, two confirmations, one follow-up, one feedback request
    const passed = rows.filter((r) => r.kind === 'reminder' && r.offset_seconds === (S2.getTime() - dueB.getTime()) / 1000);
    expect(passed.map((r) => r.state)).toEqual(['skipped', 'skipped']); // S1 − that offset is half an hour ago
  });

  it('confirms to both people with an invitation whose DTSTART is the booked instant, in each one’s language and zone', async () => {
    const { newcomer, coach, session } = people.booked;
    const [toNewcomer] = await apps.smtp.waitFor((m) => sentTo(newcomer.email)(m) && m.subject!.includes('بک ہو گیا'));
    const [toCoach] = await apps.smtp.waitFor((m) => sentTo(coach.email)(m) && m.subject === 'Your coaching session with Amina is booked');
    for (const mail of [toNewcomer, toCoach]) {
      const ics = calendarOf(mail);
      expect(ics).toMatchObject({
        method: 'REQUEST',
        uid: `session-${session}@coaching-across-continents`,
        sequence: 1,
        status: 'CONFIRMED',
      });
      expect(ics.start.toISOString()).toBe(S1.toISOString());
      // The session's join page, never the room itself.
      expect(mail.text).toMatch(/http:\/\/coaching\.test\/sessions\/[0-9a-f-]{36}\/join/);
    }
    const karachi = DateTime.fromJSDate(S1, { zone: 'Asia/Karachi' });
    expect(toNewcomer.html).toContain('dir="rtl"');
    // The city in the reader's script ("Karachi time" in Urdu), not the zone's IANA name.
    expect(toNewcomer.text).toContain('کراچی کے وقت');
    expect(toNewcomer.text).not.toContain('Asia/Karachi');
    expect(toNewcomer.text).toContain(karachi.toFormat('HH:mm'));
    const toronto = DateTime.fromJSDate(S1, { zone: 'America/Toronto' });
    expect(toCoach.text).toContain(`${toronto.toFormat('HH:mm')}–${toronto.plus({ minutes: 30 }).toFormat('HH:mm')} Toronto time`);
    expect(toCoach.html).toContain('dir="ltr"');
  });

  it('delivers each reminder at its offset, in the recipient’s language and zone (Karachi/ur, Toronto/en)', async () => {
    const { newcomer, coach } = people.booked;
    const [urdu] = await apps.smtp.waitFor((m) => sentTo(newcomer.email)(m) && m.subject!.startsWith('یاد دہانی'), 1, 30_000);
    const [english] = await apps.smtp.waitFor(
      (m) => sentTo(coach.email)(m) && m.subject === 'Reminder: coaching session with Amina',
      1,
      30_000,
    );
    for (const mail of [urdu, english]) {
      const lateness = arrivals.get(mail)! - dueA.getTime();
      expect(lateness).toBeGreaterThanOrEqual(-50);
      expect(lateness).toBeLessThan(3_000);
    }
    expect(urdu.text).toContain('یہ آپ کے آن لائن کوچنگ سیشن کی یاد دہانی ہے۔');
    expect(urdu.text).toContain('کراچی کے وقت');
    expect(english.text).toContain('Toronto time');
    const rows = await waitForRows(
      apps.api,
      people.booked.session!,
      (all) => all.filter((r) => r.kind === 'reminder' && r.state === 'sent').length === 2,
    );
    const sent = rows.filter((r) => r.state === 'sent').map((r) => messageId(r.id));
    expect([urdu.messageId, english.messageId].every((id) => sent.includes(id!))).toBe(true);
  });

  it('after a reschedule, sends a notice with SEQUENCE 2 and the new reminders, never the old ones', async () => {
    const { newcomer, coach, session } = people.moved;
    const [notice] = await apps.smtp.waitFor(
      (m) => sentTo(newcomer.email)(m) && m.subject === 'La tua sessione di coaching con coach 0 è stata spostata',
    );
    expect(calendarOf(notice)).toMatchObject({ method: 'REQUEST', uid: `session-${session}@coaching-across-continents`, sequence: 2 });
    expect(calendarOf(notice).start.toISOString()).toBe(S2.toISOString());
    await apps.smtp.waitFor((m) => sentTo(coach.email)(m) && m.subject === 'Vaša sesija sa Yusuf je pomerena');

    const newReminders = await apps.smtp.waitFor(
      (m) => (sentTo(newcomer.email)(m) || sentTo(coach.email)(m)) && /Promemoria|Podsetnik/.test(m.subject!),
      2,
      40_000,
    );
    for (const mail of newReminders) expect(arrivals.get(mail)! - dueB.getTime()).toBeGreaterThanOrEqual(-50);

    const rows = await waitForRows(
      apps.api,
      session!,
      (all) => all.filter((r) => r.session_version === 2 && r.kind === 'reminder' && r.state === 'sent').length === 2,
    );
    const old = rows.filter((r) => r.session_version === 1 && r.kind === 'reminder');
    expect(old.map((r) => r.state)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    const received = new Set(apps.smtp.received.map((m) => m.messageId));
    for (const row of old) expect(received.has(messageId(row.id))).toBe(false);
    // The superseded jobs were removed from Redis, not merely left to be skipped.
    const queue = apps.worker!.get<Queue>(getQueueToken(QueueName.Notifications));
    for (const row of old) expect(await queue.getJobState(`notification.${row.id}`)).toBe('unknown');
    const current = rows.filter((r) => r.session_version === 2 && r.kind === 'reminder' && r.state === 'sent');
    expect(current.map((r) => messageId(r.id)).sort()).toEqual(newReminders.map((m) => m.messageId).sort());
  });

  it('after a cancellation, sends METHOD:CANCEL to both and no reminder at all', async () => {
    const { newcomer, coach, session } = people.cancelled;
    const [toNewcomer] = await apps.smtp.waitFor((m) => sentTo(newcomer.email)(m) && m.subject!.includes('لغو شد'));
    const [toCoach] = await apps.smtp.waitFor((m) => sentTo(coach.email)(m) && m.subject === 'Вашу сесію з Dariush скасовано');
    for (const mail of [toNewcomer, toCoach])
      expect(calendarOf(mail)).toMatchObject({ method: 'CANCEL', sequence: 2, status: 'CANCELLED' });
    await sleep(dueB.getTime() + 2_000 - Date.now());
    const rows = await notificationRows(apps.api, session!);
    const reminders = rows.filter((r) => r.kind === 'reminder' || r.kind === 'follow_up');
    expect(reminders.map((r) => r.state)).toEqual(reminders.map(() => 'skipped'));
    const received = new Set(apps.smtp.received.map((m) => m.messageId));
    for (const row of reminders) expect(received.has(messageId(row.id))).toBe(false);
    const toThem = apps.smtp.received.filter((m) => sentTo(newcomer.email)(m) || sentTo(coach.email)(m));
    expect(toThem.filter((m) => /یادآوری|Нагадування/.test(m.subject!))).toEqual([]);
  }, 45_000);

  it('counts bookings, notifications by state, queue depth and reminder lateness in Prometheus metrics', async () => {
    const api = await apps.http().get('/metrics').set('Authorization', 'Bearer metrics-scraper-token-0123456789').expect(200);
    expect(api.headers['content-type']).toContain('text/plain');
    expect(api.text).toMatch(/^coaching_bookings_total 3$/m);
    // Open rows only: the settled ones are most of the table, and are counted by the worker as it settles them.
    expect(api.text).toMatch(/^coaching_notifications\{state="pending"\} \d+$/m);
    expect(api.text).toMatch(/^coaching_notifications\{state="queued"\} \d+$/m);
    expect(api.text).not.toMatch(/^coaching_notifications\{state="sent"\}/m);
    expect(api.text).toMatch(/^coaching_queue_jobs\{queue="notifications",state="completed"\} \d+$/m);
    expect(api.text).not.toContain('@'); // no addresses, no names
    const worker = await apps.worker!.get(Metrics).text();
    expect(Number(/^coaching_notifications_settled_total\{state="sent"\} (\d+)$/m.exec(worker)?.[1])).toBeGreaterThanOrEqual(8);
    // Whether this worker or the API's reschedule settles a superseded row first is a race: only the series is certain.
    expect(worker).toMatch(/^coaching_notifications_settled_total\{state="skipped"\} \d+$/m);
    expect(worker).toMatch(/^coaching_notifications_settled_total\{state="failed"\} 0$/m);
    // The Karachi/Toronto pair's two reminders and the moved session's two, each timed.
    expect(Number(/^coaching_reminder_lateness_seconds_count (\d+)$/m.exec(worker)?.[1])).toBe(4);
    expect(Number(/^coaching_reminder_lateness_seconds_bucket\{le="5"\} (\d+)$/m.exec(worker)?.[1])).toBe(4);
  });

  it('shows a coordinator every row of a session with its state, and no one else', async () => {
    const { newcomer, coach, session } = people.booked;
    const response = await apps.http().get(`/v1/sessions/${session}/notifications`).set(as(coordinator)).expect(200);
    expect(response.body.items).toHaveLength(8);
    expect(response.body.items.filter((n: { state: string }) => n.state === 'sent').length).toBeGreaterThanOrEqual(4);
    expect(response.body.items[0]).toMatchObject({
      kind: expect.any(String),
      recipientRole: expect.stringMatching(/coach|newcomer/),
      attempts: expect.any(Number),
    });
    expect(JSON.stringify(response.body)).not.toContain(newcomer.email);
    // Mail went over pooled SMTP connections: without a pool there is one connection per message.
    expect(apps.smtp.connections).toBeLessThan(apps.smtp.received.length);
    await apps.http().get(`/v1/sessions/${session}/notifications`).set(as(newcomer)).expect(403);
    await apps.http().get(`/v1/sessions/${session}/notifications`).set(as(coach)).expect(403);
  });
});
