import { type Actor } from '../auth/actor';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';

/**
 * Who may have a calendar feed, in one place: the people who have sessions
 * of their own, coaches and newcomers. Each reads and rotates only their own
 * feed (the service knows no other); the feed itself is read by its secret.
 */
export const CalendarFeedPolicy = {
  assertMayHaveFeed(actor: Actor): void {
    if (actor.role !== 'coach' && actor.role !== 'newcomer')
      throw new ApiException(ErrorCode.Forbidden, 'Calendar feeds are for coaches and newcomers');
  },
};
