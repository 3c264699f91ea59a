import { type AcademyScope, type UserEntity } from '@app/persistence';
import { type Actor, assertOwnAcademy, scopeOf } from '../auth/actor';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';

/** Roles a coordinator may disable, enable and re-invite: the staff of their own academy. */
const STAFF: ReadonlySet<string> = new Set(['coach', 'coordinator']);

/**
 * Who may do what to which account, in one place. `@Roles` on a route is the
 * first gate (by role alone); these are the rules about the record, which the
 * account services ask before they act:
 *
 * - see: a coordinator their academy's accounts, an admin all (`scopeOf`,
 *   applied in the query: another academy's account is not found); a filter
 *   naming another academy is refused;
 * - invite: a coordinator into their own academy, an admin into any (naming it);
 * - manage (re-invite, disable, enable): an admin any account, a coordinator
 *   the coaches and coordinators of their academy; nobody their own account;
 * - erase on request: a newcomer only; staff erase their own accounts.
 */
export const UserPolicy = {
  scopeOf(actor: Actor): AcademyScope {
    return scopeOf(actor);
  },

  assertMayList(actor: Actor, academyId: string | undefined): void {
    assertOwnAcademy(actor, academyId);
  },

  /** The academy a new account is created in: an admin names it, a coordinator's is their own. */
  academyForNewAccount(actor: Actor, academyId: string | undefined): string {
    if (actor.role === 'admin') {
      if (!academyId) throw ApiException.field(ErrorCode.ValidationFailed, 'academyId', 'is required when an admin creates an account');
      return academyId;
    }
    if (academyId && academyId !== actor.academyId) {
      throw new ApiException(ErrorCode.AcademyForbidden, 'Coordinators create accounts only in their own academy', [
        { field: 'academyId', message: 'must be your own academy' },
      ]);
    }
    return actor.academyId!;
  },

  /** `user` as found in the actor's scope; another academy's account has already been a 404. */
  assertMayManage(actor: Actor, user: UserEntity): void {
    if (actor.role !== 'admin' && !STAFF.has(user.role))
      throw new ApiException(ErrorCode.Forbidden, 'Coordinators manage only the coaches and coordinators of their academy');
  },

  assertMayDisable(actor: Actor, user: UserEntity): void {
    if (user.id === actor.id) throw new ApiException(ErrorCode.Forbidden, 'You cannot disable or enable your own account');
  },

  /** `user` as found in the actor's scope. */
  assertMayErase(user: UserEntity): void {
    if (user.role !== 'newcomer')
      throw ApiException.field(ErrorCode.NotANewcomer, 'id', 'is not a newcomer: staff erase their own accounts');
  },
};
