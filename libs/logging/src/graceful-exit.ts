/**
 * On SIGTERM or SIGINT: stop taking work, finish what is in flight (the
 * closers do that: an HTTP server answers its open requests, a BullMQ worker
 * completes its jobs), close connections, and exit 0. A second signal, a
 * closer that fails, or work still running when `deadlineMs` has passed, exits 1:
 * an orchestrator's own grace period must not be what ends the process, and a
 * job cut short at the deadline is taken up again by another worker (BullMQ's
 * stalled-job check), a request by the client's retry.
 *
 * Nest's own shutdown hooks re-raise the signal after closing, so the process
 * would end "killed by SIGTERM" rather than with a clean exit status; this
 * replaces them in the entry points.
 */
export function exitGracefullyOnSignals(closers: ReadonlyArray<() => Promise<unknown>>, deadlineMs: number): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    process.stderr.write(`${signal} received: finishing work in flight, then exiting (at most ${deadlineMs} ms)\n`);
    setTimeout(() => {
      process.stderr.write(`Shutdown deadline of ${deadlineMs} ms passed with work still in flight: exiting now\n`);
      process.exit(1);
    }, deadlineMs).unref();
    (async () => {
      for (const close of closers) await close();
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
