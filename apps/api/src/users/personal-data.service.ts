import { Injectable } from '@nestjs/common';
import {
  ALL_ACADEMIES,
  CoachProfilesRepository,
  ErasureGround,
  PersonalDataExport,
  PersonalDataRepository,
  SessionsRepository,
  UsersRepository,
} from '@app/persistence';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { SessionCancellation } from '../sessions/session-cancellation.service';
import { SessionNotifications } from '../sessions/session-notifications.service';
import { UserPolicy } from './user.policy';

export interface ErasureResult {
  id: string;
  /** False when the person had been erased already: nothing more was done. */
  erased: boolean;
  /** Their future sessions, cancelled (the other party is told). */
  cancelledSessionIds: string[];
}

/**
 * The data protection rights: a copy of everything held about the caller,
 * and erasure, by the person or by a coordinator of their academy. One
 * transaction cancels the person's future sessions (with notices to the
 * other party through the outbox), retires a coach's profile, and anonymises.
 */
@Injectable()
export class PersonalDataService {
  constructor(
    private readonly personalData: PersonalDataRepository,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly coachProfiles: CoachProfilesRepository,
    private readonly outbox: SessionNotifications,
    private readonly cancellation: SessionCancellation,
    private readonly clock: Clock,
  ) {}

  async exportOf(actor: Actor): Promise<PersonalDataExport & { exportedAt: string }> {
    return { exportedAt: this.clock.now().toISOString(), ...(await this.personalData.exportOf(actor.id)) };
  }

  eraseSelf(actor: Actor): Promise<ErasureResult> {
    return this.erase(actor.id, actor.id, 'own_request');
  }

  /** A coordinator erases a newcomer of their academy; an admin, a newcomer of any. */
  async eraseNewcomer(actor: Actor, id: string): Promise<ErasureResult> {
    const user = await this.users.findInScope(id, UserPolicy.scopeOf(actor));
    if (!user) throw new ApiException(ErrorCode.NotFound, 'No such account in your academy');
    UserPolicy.assertMayErase(user);
    return this.erase(id, actor.id, 'coordinator_request');
  }

  private async erase(userId: string, actorId: string, ground: ErasureGround): Promise<ErasureResult> {
    const { result, staleJobs } = await this.personalData.transaction(async (manager) => {
      const user = await this.personalData.lockForErasure(manager, userId);
      if (!user) return { result: { id: userId, erased: false, cancelledSessionIds: [] }, staleJobs: [] as string[] };
      const now = this.clock.now();
      const staleJobs: string[] = [];
      const cancelledSessionIds: string[] = [];
      if (user.role === 'coach') {
        // The profile lock is the one bookings take: none slips in after the sessions are read.
        const profile = await this.coachProfiles.lockStatus(manager, user.id, ALL_ACADEMIES);
        if (profile && profile.status !== 'retired') {
          await this.coachProfiles.setStatus(manager, user.id, profile.status, 'retired', {
            actorId,
            academyId: user.academyId,
            action: 'coach.status-changed',
          });
        }
      }
      if (user.role === 'coach' || user.role === 'newcomer') {
        for (const session of await this.sessions.lockFutureOf(manager, { kind: user.role, userId: user.id }, now)) {
          staleJobs.push(...(await this.cancellation.cancelAndNotify(manager, session, { actorId, reason: null }, now)).staleJobs);
          cancelledSessionIds.push(session.id);
        }
      }
      // Last: the notices just planned for the erased person are skipped with the rest.
      await this.personalData.anonymise(manager, user, actorId, ground);
      return { result: { id: user.id, erased: true, cancelledSessionIds }, staleJobs };
    });
    await this.outbox.removeStaleJobs(staleJobs);
    return result;
  }
}
