import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * Open notification rows by state. Only pending and queued rows are counted, through their
 * partial index: the settled ones are most of the table, and a scrape must not read it all.
 */
export const OPEN_NOTIFICATIONS_SQL = `SELECT state, count(*)::int AS count FROM notification WHERE state IN ('pending', 'queued') GROUP BY state`;

/**
 * Prometheus metrics. Each process has its own registry: the API counts
 * bookings; both report open notifications by state and queue depth, read at
 * scrape time from PostgreSQL and BullMQ; the worker counts the rows it
 * settles and measures how late reminders leave. Counts only: no label ever carries personal data.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly bookings = new Counter({ name: 'coaching_bookings_total', help: 'Sessions booked through this API process', registers: [this.registry] });
  readonly reminderLateness = new Histogram({
    name: 'coaching_reminder_lateness_seconds',
    help: 'Time from a reminder’s due time to the SMTP server accepting it',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  readonly notificationsSettled = new Counter({
    name: 'coaching_notifications_settled_total',
    help: 'Notification rows this worker process marked sent, skipped or failed',
    labelNames: ['state'],
    registers: [this.registry],
  });

  constructor(dataSource: DataSource, queues: readonly Queue[]) {
    // Every state is exported from the start, at 0, so a scraper sees the series before the first row settles.
    for (const state of ['sent', 'skipped', 'failed']) this.notificationsSettled.inc({ state }, 0);
    new Gauge({
      name: 'coaching_notifications',
      help: 'Open notification rows (pending, queued) by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const rows: Array<{ state: string; count: number }> = await dataSource.query(OPEN_NOTIFICATIONS_SQL);
        this.reset();
        for (const state of ['pending', 'queued']) this.set({ state }, rows.find((r) => r.state === state)?.count ?? 0);
      },
    });
    new Gauge({
      name: 'coaching_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of queues) {
          const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed');
          for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
        }
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
