import { type Actor, assertOwnAcademy } from '../auth/actor';

/**
 * Whose figures a reader may see, in one place. `@Roles` keeps reports to
 * coordinators and admins; a coordinator reads their own academy's report,
 * and naming another academy is refused; an admin names the academy.
 */
export const ReportPolicy = {
  /** The academy reported on; null when an admin named none. */
  academyOf(actor: Actor, academyId: string | undefined): string | null {
    assertOwnAcademy(actor, academyId);
    return academyId ?? actor.academyId;
  },
};
