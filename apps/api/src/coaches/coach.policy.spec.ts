import { type Actor } from '../auth/actor';
import { ErrorCode } from '../common/errors/error-code';
import { CoachPolicy } from './coach.policy';

const actor = (role: Actor['role'], id = `${role}-1`): Actor => ({ id, role, academyId: 'academy-1', timeZone: 'UTC', displayName: role });
/** The problem a refusal answers with. */
const refusal = (code: ErrorCode) => expect.objectContaining({ code });

describe('CoachPolicy', () => {
  it('lets the coach, coordinators and admins edit a profile, and no newcomer or other coach', () => {
    expect(() => CoachPolicy.assertMayEdit(actor('coach', 'c1'), 'c1')).not.toThrow();
    expect(() => CoachPolicy.assertMayEdit(actor('coordinator'), 'c1')).not.toThrow();
    expect(() => CoachPolicy.assertMayEdit(actor('admin'), 'c1')).not.toThrow();
    expect(() => CoachPolicy.assertMayEdit(actor('coach', 'c2'), 'c1')).toThrow(refusal(ErrorCode.Forbidden));
    expect(() => CoachPolicy.assertMayEdit(actor('newcomer'), 'c1')).toThrow(refusal(ErrorCode.Forbidden));
  });

  it('shows newcomers and other coaches only active coaches, and a coach their own profile whatever its status', () => {
    expect(CoachPolicy.seesOnlyActive(actor('newcomer'), 'c1')).toBe(true);
    expect(CoachPolicy.seesOnlyActive(actor('coach', 'c2'), 'c1')).toBe(true);
    expect(CoachPolicy.seesOnlyActive(actor('coach', 'c1'), 'c1')).toBe(false);
    expect(CoachPolicy.seesOnlyActive(actor('coordinator'), 'c1')).toBe(false);
    expect(CoachPolicy.maySeePrivate(actor('coach', 'c2'), 'c1')).toBe(false);
    expect(CoachPolicy.maySeePrivate(actor('coach', 'c1'), 'c1')).toBe(true);
  });

  it('lets a coach only pause their own profile and end that pause', () => {
    const coach = actor('coach', 'c1');
    expect(() => CoachPolicy.assertMayChangeStatus(coach, 'c1', 'paused')).not.toThrow();
    expect(() => CoachPolicy.assertMayChangeStatus(coach, 'c1', 'retired')).toThrow(refusal(ErrorCode.Forbidden));
    expect(() => CoachPolicy.assertMayChangeStatus(coach, 'c2', 'paused')).toThrow(refusal(ErrorCode.Forbidden));
    expect(() => CoachPolicy.assertMayChangeStatusFrom(coach, 'paused', 'active')).not.toThrow();
    expect(() => CoachPolicy.assertMayChangeStatusFrom(coach, 'trained', 'active')).toThrow(refusal(ErrorCode.Forbidden));
    expect(() => CoachPolicy.assertMayChangeStatusFrom(actor('coordinator'), 'trained', 'active')).not.toThrow();
  });

  it('refuses a list filtered by another academy, except to an admin', () => {
    expect(() => CoachPolicy.listsOnlyActive(actor('coordinator'), 'academy-2')).toThrow(refusal(ErrorCode.AcademyForbidden));
    expect(CoachPolicy.listsOnlyActive(actor('admin'), 'academy-2')).toBe(false);
  });
});
