import { type Actor } from '../auth/actor';
import { ErrorCode } from '../common/errors/error-code';
import { MatchPolicy } from './match.policy';

const actor = (role: Actor['role'], academyId: string | null = 'academy-1'): Actor => ({
  id: `${role}-1`,
  role,
  academyId,
  timeZone: 'UTC',
  displayName: '',
});
/** The problem a refusal answers with. */
const refusal = (code: ErrorCode) => expect.objectContaining({ code });

describe('MatchPolicy', () => {
  it('matches for newcomers and the staff who help them, never for a coach', () => {
    expect(() => MatchPolicy.assertMayMatch(actor('coach'))).toThrow(refusal(ErrorCode.Forbidden));
    expect(() => MatchPolicy.assertMayMatch(actor('newcomer'))).not.toThrow();
    expect(MatchPolicy.assertMayMatchFor(actor('newcomer'), undefined)).toEqual({ forSelf: true });
    expect(MatchPolicy.assertMayMatchFor(actor('newcomer'), 'newcomer-1')).toEqual({ forSelf: true });
    expect(() => MatchPolicy.assertMayMatchFor(actor('newcomer'), 'someone-else')).toThrow(refusal(ErrorCode.Forbidden));
    expect(MatchPolicy.assertMayMatchFor(actor('coordinator'), 'n1')).toEqual({ forSelf: false });
  });

  it('searches across academies for admins only, and a coordinator only their own academy', () => {
    expect(() => MatchPolicy.assertMayMatchAcrossAcademies(actor('coordinator'))).toThrow(refusal(ErrorCode.AcademyForbidden));
    expect(() => MatchPolicy.assertMayMatchAcrossAcademies(actor('admin', null))).not.toThrow();
    expect(MatchPolicy.academyOf(actor('coordinator'), undefined, 'academy-9')).toBe('academy-1');
    expect(() => MatchPolicy.academyOf(actor('coordinator'), 'academy-2', null)).toThrow(refusal(ErrorCode.AcademyForbidden));
    expect(MatchPolicy.academyOf(actor('admin', null), undefined, 'academy-9')).toBe('academy-9');
    expect(MatchPolicy.academyOf(actor('admin', null), 'academy-2', 'academy-9')).toBe('academy-2');
  });
});
