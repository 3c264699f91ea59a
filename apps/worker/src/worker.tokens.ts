/** Port of the worker's /health server; null turns it off (tests that boot several workers). */
export const WORKER_HEALTH_PORT = Symbol('WORKER_HEALTH_PORT');
