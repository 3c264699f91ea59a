/** What other apps may use of the API: how to build it. The one-process start (apps/all-in-one) imports this, nothing deeper. */
export { createApiApp, type ApiAppOptions } from './api-app';
