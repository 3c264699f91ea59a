/** The mapping lives in libs/persistence, so the worker's waiting-list offers read a schedule as the API does. */
export { bookingLimitsOf, toCoachSchedule } from '@app/persistence';

/** Rows loaded around an instant must cover a whole coach-local week on either side, for the weekly cap. */
export const SCHEDULE_MARGIN_MS = 8 * 86_400_000;

/** The longest range of days a slot search (GET /v1/slots, POST /v1/matches) may cover. */
export const MAX_RANGE_DAYS = 31;
