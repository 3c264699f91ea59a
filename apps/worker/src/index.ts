/** What other apps may use of the worker: how to build it. The one-process start (apps/all-in-one) imports this, nothing deeper. */
export { createWorkerApp } from './worker-app';
export { type WorkerOptions } from './worker.module';
