import { type AcademyScope } from '@app/persistence';
import { type Actor, assertOwnAcademy, scopeOf } from '../auth/actor';

/**
 * Whose audit entries a reader may see, in one place. `@Roles` keeps the log
 * to coordinators and admins; a coordinator reads their own academy's entries,
 * and naming another academy is refused; an admin reads all, or one academy's.
 * Ids of another academy's records in the filter are refused by `ForeignIds`.
 */
export const AuditPolicy = {
  scopeOf(actor: Actor, academyId: string | undefined): AcademyScope {
    assertOwnAcademy(actor, academyId);
    return academyId ? { kind: 'academy', academyId } : scopeOf(actor);
  },
};
