import ICAL from 'ical.js';
import { type ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { type INestApplication, type INestApplicationContext } from '@nestjs/common';
import { type Queue } from 'bullmq';
import type request from 'supertest';
import { registerNewcomer, type TestAccount } from './accounts';
import { createCoach } from './coaches';
import { type Booking } from './sessions';

type Http = () => ReturnType<typeof request>;

/** Every day, all day, so a test can book the next grid slot whatever the hour. */
export const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

/** The first :00 or :30 (UTC, which is also the grid of whole-hour zones) at least `after`. */
export function nextGridStart(after: Date): Date {
  const step = 30 * 60_000;
  return new Date(Math.ceil(after.getTime() / step) * step);
}

/**
 * REMINDER_OFFSETS that make a session starting at `start` owe a reminder due
 * at `due`: the test then sees reminders within seconds, not hours.
 */
export function offsetFor(start: Date, due: Date): string {
  return `${Math.round((start.getTime() - due.getTime()) / 1000)}s`;
}

export const sentTo = (email: string) => (mail: ParsedMail) => JSON.stringify(mail.to ?? '').includes(email);

/** The iCalendar part of a mail, parsed by a real iCalendar parser. */
export function calendarOf(mail: ParsedMail): { method: string; uid: string; sequence: number; start: Date; status: string } {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!part) throw new Error(`mail "${mail.subject}" has no calendar`);
  const calendar = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate(),
    status: String(event.component.getFirstPropertyValue('status')),
  };
}

export interface NotificationRow {
  id: string;
  kind: string;
  session_version: number;
  offset_seconds: number;
  recipient_id: string;
  state: string;
  attempts: number;
  last_error: string | null;
}

export function notificationRows(app: INestApplicationContext, sessionId: string): Promise<NotificationRow[]> {
  return app.get(DataSource).query(
    `SELECT id, kind, session_version, offset_seconds, recipient_id, state, attempts, last_error
       FROM notification WHERE session_id = $1 ORDER BY session_version, due_at, kind, recipient_id`,
    [sessionId],
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Polls the session's rows until `done` holds (the worker records a send just after the SMTP server took it). */
export async function waitForRows(
  app: INestApplication,
  sessionId: string,
  done: (rows: NotificationRow[]) => boolean,
  timeoutMs = 5_000,
): Promise<NotificationRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await notificationRows(app, sessionId);
    if (done(rows)) return rows;
    if (Date.now() > deadline)
      throw new Error(
        `rows of session ${sessionId} never reached the expected states: ${JSON.stringify(rows.map((r) => [r.kind, r.state]))}`,
      );
    await sleep(100);
  }
}

/**
 * Plays a jump of the pinned clock to the worker's queue: BullMQ counts a job's
 * delay down in real time from when the worker added it (measured against the
 * pinned clock then), so after a test moves the clock ahead, the session's
 * delayed jobs are promoted, and those added since run at once by themselves.
 * Returns once every row of the session is settled.
 */
export async function runDueJobs(
  app: INestApplicationContext,
  queue: Queue,
  sessionId: string,
  timeoutMs = 15_000,
): Promise<NotificationRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await notificationRows(app, sessionId);
    if (rows.every((r) => ['sent', 'skipped', 'failed'].includes(r.state))) return rows;
    if (Date.now() > deadline)
      throw new Error(`rows of session ${sessionId} never settled: ${JSON.stringify(rows.map((r) => [r.kind, r.state]))}`);
    for (const row of rows.filter((r) => r.state === 'queued')) {
      const job = await queue.getJob(`notification.${row.id}`);
      // A job may leave the delayed state between the check and the promotion: it runs then anyway.
      if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
    }
    await sleep(100);
  }
}

/**
 * A newcomer (mails in English) and a coach free all week at no notice, so a
 * test can book the next grid slot whatever the hour it runs.
 */
export async function newcomerAndCoach(
  apps: { api: INestApplication; http: Http },
  coordinator: TestAccount,
  academyId: string,
  newcomer: Record<string, unknown> = {},
): Promise<{ newcomer: TestAccount; coach: TestAccount }> {
  return {
    newcomer: await registerNewcomer(apps.http, academyId, { locale: 'en', ...newcomer }),
    coach: await createCoach(apps.api, apps.http, coordinator, academyId, {
      timeZone: 'Europe/Rome',
      weekly: ALL_WEEK,
      profile: { minimumNoticeMinutes: 0 },
    }),
  };
}

/** The half-hour housing session in English that the notification suites book. */
export const halfHourBooking = (coach: TestAccount, start: Date): Booking => ({
  coachId: coach.id,
  start: start.toISOString(),
  durationMinutes: 30,
  topic: 'housing',
  language: 'en',
});
