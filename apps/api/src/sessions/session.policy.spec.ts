import { type Actor } from '../auth/actor';
import { SessionPolicy } from './session.policy';

const viewer = (role: Actor['role']): Actor => ({ id: `${role}-1`, role, academyId: 'academy-1', timeZone: 'UTC', displayName: role });

describe('SessionPolicy, what a viewer sees of a session', () => {
  it('hides the coach’s notes from the newcomer only', () => {
    expect(SessionPolicy.maySeeCoachNotes(viewer('newcomer'))).toBe(false);
    expect(SessionPolicy.maySeeCoachNotes(viewer('coach'))).toBe(true);
    expect(SessionPolicy.maySeeCoachNotes(viewer('coordinator'))).toBe(true);
    expect(SessionPolicy.maySeeCoachNotes(viewer('admin'))).toBe(true);
  });

  it('hides the newcomer’s id, and who booked, from the coach only', () => {
    expect(SessionPolicy.maySeeNewcomerId(viewer('coach'))).toBe(false);
    expect(SessionPolicy.maySeeNewcomerId(viewer('newcomer'))).toBe(true);
    expect(SessionPolicy.maySeeNewcomerId(viewer('coordinator'))).toBe(true);
    expect(SessionPolicy.maySeeNewcomerId(viewer('admin'))).toBe(true);
  });
});
