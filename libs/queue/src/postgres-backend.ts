import { createPostgresBackend, setDefaultBackendFactory } from 'bullmq';

let chosen = false;

/**
 * Makes BullMQ keep its queues in PostgreSQL (process-wide; it must run
 * before any queue or worker is built). `maxWaitSeconds` bounds how long an
 * idle worker waits before looking again: the embedded database does not pass
 * NOTIFY from one connection to another, so without it a job added while the
 * worker waits would sit until the next delayed job falls due. The first call
 * decides; later ones change nothing.
 */
export function usePostgresQueueBackend(options: { maxWaitSeconds?: number } = {}): void {
  if (chosen) return;
  chosen = true;
  const { maxWaitSeconds } = options;
  setDefaultBackendFactory((name, opts, factoryOptions) => {
    const backend = createPostgresBackend(name, opts as Parameters<typeof createPostgresBackend>[1], factoryOptions);
    if (maxWaitSeconds) {
      const waitForJob = backend.waitForJob.bind(backend);
      backend.waitForJob = (blockTimeout: number) => waitForJob(Math.min(blockTimeout, maxWaitSeconds));
    }
    return backend;
  });
}
