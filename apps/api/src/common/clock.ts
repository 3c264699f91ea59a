export { Clock, FixedClock, SystemClock } from '@app/clock';
