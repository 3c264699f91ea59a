/**
 * "Now", injected into the API and the worker so tests can pin it. Nothing
 * outside this file reads the system clock to decide what is due; BullMQ's
 * own timers are the one exception, and the worker hands them delays measured
 * against this clock.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stays where it is put: for tests and benchmarks. */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }

  now(): Date {
    return new Date(this.instant.getTime());
  }

  set(instant: Date): void {
    this.instant = instant;
  }
}
