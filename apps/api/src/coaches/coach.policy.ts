import { type AcademyScope, type CoachStatus } from '@app/persistence';
import { type Actor, assertOwnAcademy, scopeOf } from '../auth/actor';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';

/** Newcomers and coaches book, or are booked with, coaches; they see only those taking sessions. */
const seesOnlyActive = (actor: Actor): boolean => actor.role === 'newcomer' || actor.role === 'coach';

/**
 * Who may do what to which coach profile, in one place. `@Roles` on a route
 * is the first gate (by role alone); these are the rules about the record,
 * which the coach services and controller ask before they act:
 *
 * - see: everyone the coaches of their academy, an admin all (`scopeOf`,
 *   applied in the query: another academy's coach is not found); newcomers
 *   and other coaches only active ones; a coach always their own profile;
 * - see the private fields: the coach themself, coordinators and admins;
 * - change the profile and availability: the coach themself, a coordinator
 *   of their academy or an admin; never a newcomer;
 * - change the status: coordinators and admins along the lifecycle; a coach
 *   only pauses their own profile or ends their own pause.
 */
export const CoachPolicy = {
  scopeOf(actor: Actor): AcademyScope {
    return scopeOf(actor);
  },

  /** For a list; a filter naming another academy is refused. */
  listsOnlyActive(actor: Actor, academyId: string | undefined): boolean {
    assertOwnAcademy(actor, academyId);
    return seesOnlyActive(actor);
  },

  seesOnlyActive(actor: Actor, coachId: string): boolean {
    return seesOnlyActive(actor) && actor.id !== coachId;
  },

  maySeePrivate(actor: Actor, coachId: string): boolean {
    return actor.role === 'coordinator' || actor.role === 'admin' || actor.id === coachId;
  },

  /** Before the profile is looked up: whether it is in the actor's academy is the query's answer (404). */
  assertMayEdit(actor: Actor, coachId: string): void {
    if (actor.role === 'newcomer' || (actor.role === 'coach' && actor.id !== coachId)) {
      throw new ApiException(ErrorCode.Forbidden, 'Only the coach or a coordinator of their academy may change this');
    }
  },

  assertMayChangeStatus(actor: Actor, coachId: string, status: CoachStatus): void {
    if (actor.role === 'coach' && (actor.id !== coachId || (status !== 'paused' && status !== 'active'))) {
      throw ApiException.field(ErrorCode.Forbidden, 'status', 'a coach may only pause their own profile or end their own pause');
    }
  },

  /** Training and activation are the coordinators' decision: a coach only ends a pause of their own. */
  assertMayChangeStatusFrom(actor: Actor, current: CoachStatus, status: CoachStatus): void {
    if (actor.role === 'coach' && status === 'active' && current !== 'paused') {
      throw ApiException.field(ErrorCode.Forbidden, 'status', 'only a coordinator makes a coach active');
    }
  },
};
