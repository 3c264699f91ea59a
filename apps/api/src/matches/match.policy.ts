import { type AcademyScope } from '@app/persistence';
import { type Actor, assertOwnAcademy, scopeOf } from '../auth/actor';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';

/**
 * Who may ask for a match, for whom and across which academies, in one
 * place; the matching service asks before it searches:
 *
 * - match: a newcomer for themselves, a coordinator or admin for a newcomer
 *   of their scope (`scopeOf`, applied in the query) or for none; never a coach;
 * - across academies (`anyAcademy`): admins only; an academy filter naming
 *   another academy is refused;
 * - book the best match: as for booking a session (`SessionPolicy`, `assertMayBook`).
 */
export const MatchPolicy = {
  scopeOf(actor: Actor): AcademyScope {
    return scopeOf(actor);
  },

  assertMayMatch(actor: Actor): void {
    if (actor.role === 'coach') throw new ApiException(ErrorCode.Forbidden, 'Matching is for newcomers and the coordinators who help them');
  },

  /** `newcomerId` as sent; returns whether the actor asks for themselves. */
  assertMayMatchFor(actor: Actor, newcomerId: string | undefined): { forSelf: boolean } {
    if (actor.role !== 'newcomer') return { forSelf: false };
    if (newcomerId && newcomerId !== actor.id) throw ApiException.field(ErrorCode.Forbidden, 'newcomerId', 'may only be your own id');
    return { forSelf: true };
  },

  assertMayMatchAcrossAcademies(actor: Actor): void {
    // Newcomers and coordinators see only their own academy's coaches; their search is scoped to it.
    if (actor.role !== 'admin') throw ApiException.field(ErrorCode.AcademyForbidden, 'anyAcademy', 'only admins match across academies');
  },

  /** The academy searched: an admin's choice (or the newcomer's), everyone else's own; null when an admin names neither. */
  academyOf(actor: Actor, academyId: string | undefined, newcomerAcademy: string | null): string | null {
    assertOwnAcademy(actor, academyId);
    return actor.role === 'admin' ? (academyId ?? newcomerAcademy) : actor.academyId;
  },
};
