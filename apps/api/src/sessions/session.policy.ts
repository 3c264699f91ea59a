import { type SessionScope } from '@app/persistence';
import { type Actor, assertMayBook, scopeOf } from '../auth/actor';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';

/**
 * Who may do what to which coaching session, in one place. `@Roles` on a
 * route is the first gate (by role alone); these are the rules about the
 * record, which the session services ask before they act:
 *
 * - see: a newcomer and a coach their own sessions, a coordinator their
 *   academy's, an admin all (`scopeOf`, applied in the query: another's
 *   session is not found);
 * - book: a newcomer for themselves (with a verified address), a coordinator
 *   or admin for a newcomer of their scope (`assertMayBookFor`); never a coach;
 * - read a session's notices: coordinators and admins;
 * - see the coach's notes: all but the newcomer; the newcomer's id and who
 *   booked: all but the coach, who sees the newcomer's display name only;
 * - record the outcome: the coach, a coordinator or an admin, never the newcomer;
 * - join the room: the session's coach and newcomer only (staff get 403; others' sessions are not found);
 * - set a session's meeting URL (MEETING_PROVIDER=url): its coach, a coordinator of its academy or an admin.
 */
export const SessionPolicy = {
  scopeOf(actor: Actor): SessionScope {
    switch (actor.role) {
      case 'newcomer':
        return { kind: 'newcomer', userId: actor.id };
      case 'coach':
        return { kind: 'coach', userId: actor.id };
      default:
        return scopeOf(actor);
    }
  },

  /** `newcomerId` as sent in the booking; returns whether the actor books for themselves. */
  assertMayBookFor(actor: Actor, newcomerId: string | undefined): { forSelf: boolean } {
    if (actor.role === 'newcomer') {
      if (newcomerId && newcomerId !== actor.id) throw ApiException.field(ErrorCode.Forbidden, 'newcomerId', 'may only be your own id');
      assertMayBook(actor);
      return { forSelf: true };
    }
    if (actor.role === 'coach') throw new ApiException(ErrorCode.Forbidden, 'Coaches do not book sessions');
    return { forSelf: false };
  },

  assertMayReadNotifications(actor: Actor): void {
    if (actor.role !== 'coordinator' && actor.role !== 'admin') {
      throw new ApiException(ErrorCode.Forbidden, 'Only coordinators and admins see a session’s notifications');
    }
  },

  maySeeCoachNotes(viewer: Actor): boolean {
    return viewer.role !== 'newcomer';
  },

  maySeeNewcomerId(viewer: Actor): boolean {
    return viewer.role !== 'coach';
  },

  assertMayJoin(actor: Actor): void {
    if (actor.role !== 'coach' && actor.role !== 'newcomer') {
      throw new ApiException(ErrorCode.Forbidden, 'Only the session’s coach and newcomer enter its room');
    }
  },

  assertMaySetMeetingUrl(actor: Actor): void {
    if (actor.role === 'newcomer') throw new ApiException(ErrorCode.Forbidden, 'The coach or a coordinator sets the meeting URL');
  },

  assertMayRecordAttendance(actor: Actor): void {
    if (actor.role === 'newcomer') throw new ApiException(ErrorCode.Forbidden, 'The coach or a coordinator records attendance');
  },
};
