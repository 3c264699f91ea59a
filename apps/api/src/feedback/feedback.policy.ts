import { type Actor } from '../auth/actor';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { COACH_AVERAGE_MINIMUM } from './dto/feedback.dto';

/**
 * Who sees what of feedback and reports, in one place:
 * - a newcomer sees the answer they sent, nothing of the coach's report;
 * - a coach writes the report of their own sessions and sees their own average
 *   once it covers COACH_AVERAGE_MINIMUM answers, never an answer or a comment;
 * - coordinators see answers, comments, reports and flags of their academy; admins of both.
 * Which sessions each may name is SessionPolicy's scope, applied in the SQL.
 */
export const FeedbackPolicy = {
  assertMayReadAnswer(actor: Actor): void {
    if (actor.role === 'coach') throw new ApiException(ErrorCode.Forbidden, 'Coaches see their average, not single answers');
  },

  assertMayReadReport(actor: Actor): void {
    if (actor.role === 'newcomer') throw new ApiException(ErrorCode.Forbidden, 'The coach’s report is for the coach and coordinators');
  },

  assertMayWriteReport(actor: Actor): void {
    if (actor.role !== 'coach') throw new ApiException(ErrorCode.Forbidden, 'Only the session’s coach writes its report');
  },

  assertMayReadSummary(actor: Actor, coachId: string): void {
    if (actor.role === 'newcomer') throw new ApiException(ErrorCode.Forbidden, 'Newcomers do not see coaches’ scores');
    if (actor.role === 'coach' && actor.id !== coachId) throw new ApiException(ErrorCode.Forbidden, 'A coach sees only their own average');
  },

  /** The average the reader may see: staff always, the coach only from the minimum number of answers. */
  visibleAverage(actor: Actor, answers: number, average: number | null): number | null {
    if (average === null) return null;
    if (actor.role === 'coach' && answers < COACH_AVERAGE_MINIMUM) return null;
    return Math.round(average * 100) / 100;
  },
};
