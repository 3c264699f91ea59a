import type { Logger } from '@nestjs/common';

/**
 * The loop of an outbox relay. `wake()` drains now, or once more after the drain under way, so a wake is never lost
 * and two drains never overlap; `start` also wakes it on a timer, in case a signal was missed; `stop` stops waking it
 * and waits for the drain under way. A drain relays batches until one comes back short or one fails: the failure is
 * logged and the rows wait for the next wake.
 */
export class RelayLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopping = false;

  constructor(
    private readonly logger: Logger,
    private readonly options: {
      /** Relays one batch and returns how many rows it took. */
      relayBatch: () => Promise<number>;
      batchSize: number;
      pollMs: number;
      /** Logged when a batch fails. */
      pausedMessage: string;
    },
  ) {}

  get stopped(): boolean {
    return this.stopping;
  }

  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.wake();
  }

  /** The first shutdown step: no new batches, the current one finishes while the database is still open. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Runs the relay now, or once more after the current run. */
  wake(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Relays until no pending row is left, or until a batch fails (the next wake tries again). */
  private async drain(): Promise<void> {
    try {
      while (!this.stopping && (await this.options.relayBatch()) === this.options.batchSize);
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, this.options.pausedMessage);
    }
  }
}
