import { type AcademyScope } from '@app/persistence';
import { type Actor, assertOwnAcademy, scopeOf } from '../auth/actor';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';

/**
 * Who may do what with the waiting list, in one place:
 *
 * - join: a newcomer for themselves; a coordinator or admin for a newcomer of their scope, with the newcomer's
 *   consent (as when booking on their behalf); never a coach;
 * - list: a newcomer their own entries, a coordinator their academy's, an admin every academy's;
 * - withdraw: a newcomer their own entry, staff an entry of their scope (the reason goes to the audit log).
 */
export const WaitingListPolicy = {
  assertMayUse(actor: Actor): void {
    if (actor.role === 'coach')
      throw new ApiException(ErrorCode.Forbidden, 'The waiting list is for newcomers and the staff who help them');
  },

  /** `newcomerId` as sent; returns whether the actor acts for themselves. */
  assertMayJoinFor(actor: Actor, newcomerId: string | undefined): { forSelf: boolean } {
    WaitingListPolicy.assertMayUse(actor);
    if (actor.role !== 'newcomer') return { forSelf: false };
    if (newcomerId && newcomerId !== actor.id) throw ApiException.field(ErrorCode.Forbidden, 'newcomerId', 'may only be your own id');
    return { forSelf: true };
  },

  /** The scope a list or a withdrawal reads in, and the only newcomer whose entries it may touch (null: any). */
  readScope(actor: Actor, academyId?: string): { scope: AcademyScope; newcomerId: string | null } {
    WaitingListPolicy.assertMayUse(actor);
    assertOwnAcademy(actor, academyId);
    if (actor.role === 'newcomer') return { scope: scopeOf(actor), newcomerId: actor.id };
    if (actor.role === 'admin' && academyId) return { scope: { kind: 'academy', academyId }, newcomerId: null };
    return { scope: scopeOf(actor), newcomerId: null };
  },
};
