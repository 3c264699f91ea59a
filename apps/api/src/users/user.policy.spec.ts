import { type UserEntity } from '@app/persistence';
import { type Actor } from '../auth/actor';
import { ErrorCode } from '../common/errors/error-code';
import { UserPolicy } from './user.policy';

const actor = (role: Actor['role'], academyId: string | null = 'academy-1'): Actor => ({
  id: `${role}-1`,
  role,
  academyId,
  timeZone: 'UTC',
  displayName: role,
});
const user = (role: UserEntity['role'], id = 'u1') => ({ id, role, academyId: 'academy-1' }) as UserEntity;
/** The problem a refusal answers with. */
const refusal = (code: ErrorCode) => expect.objectContaining({ code });

describe('UserPolicy', () => {
  it('creates a coordinator’s invitee in their own academy, and an admin’s in the academy named', () => {
    expect(UserPolicy.academyForNewAccount(actor('coordinator'), undefined)).toBe('academy-1');
    expect(UserPolicy.academyForNewAccount(actor('coordinator'), 'academy-1')).toBe('academy-1');
    expect(() => UserPolicy.academyForNewAccount(actor('coordinator'), 'academy-2')).toThrow(refusal(ErrorCode.AcademyForbidden));
    expect(UserPolicy.academyForNewAccount(actor('admin', null), 'academy-2')).toBe('academy-2');
    expect(() => UserPolicy.academyForNewAccount(actor('admin', null), undefined)).toThrow(refusal(ErrorCode.ValidationFailed));
  });

  it('lets a coordinator manage staff only, an admin anyone, and nobody disable themself', () => {
    expect(() => UserPolicy.assertMayManage(actor('coordinator'), user('coach'))).not.toThrow();
    expect(() => UserPolicy.assertMayManage(actor('coordinator'), user('coordinator'))).not.toThrow();
    expect(() => UserPolicy.assertMayManage(actor('coordinator'), user('newcomer'))).toThrow(refusal(ErrorCode.Forbidden));
    expect(() => UserPolicy.assertMayManage(actor('coordinator'), user('admin'))).toThrow(refusal(ErrorCode.Forbidden));
    expect(() => UserPolicy.assertMayManage(actor('admin'), user('newcomer'))).not.toThrow();
    expect(() => UserPolicy.assertMayDisable(actor('admin'), user('admin', 'admin-1'))).toThrow(refusal(ErrorCode.Forbidden));
  });

  it('erases on request only newcomers', () => {
    expect(() => UserPolicy.assertMayErase(user('newcomer'))).not.toThrow();
    expect(() => UserPolicy.assertMayErase(user('coach'))).toThrow(refusal(ErrorCode.NotANewcomer));
  });
});
