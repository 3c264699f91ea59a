import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One value of a gauge read at scrape time, with its labels. Labels never carry personal data. */
export interface GaugeSample {
  labels: Record<string, string>;
  value: number;
}

/**
 * Prometheus metrics, one registry a process, provided by LoggingModule. The
 * API counts bookings; the worker counts the rows it settles and measures how
 * late reminders leave; both report open notifications by state and queue
 * depth, gauges read at scrape time that the persistence and queue libs
 * register. Counts only: no label ever carries personal data.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly bookings = new Counter({
    name: 'coaching_bookings_total',
    help: 'Sessions booked through this API process',
    registers: [this.registry],
  });
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

  constructor() {
    // Every state is exported from the start, at 0, so a scraper sees the series before the first row settles.
    for (const state of ['sent', 'skipped', 'failed']) this.notificationsSettled.inc({ state }, 0);
  }

  /**
   * A gauge whose samples are read when /metrics is scraped. The module that knows the source registers it: the
   * persistence lib the open notification rows (PostgreSQL), the queue lib the jobs by queue and state (BullMQ).
   */
  gaugeReadAtScrape(name: string, help: string, labelNames: readonly string[], read: () => Promise<GaugeSample[]>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        const samples = await read();
        this.reset();
        for (const sample of samples) this.set(sample.labels, sample.value);
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
