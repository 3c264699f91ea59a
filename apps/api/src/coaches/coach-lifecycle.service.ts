import { Injectable } from '@nestjs/common';
import { CoachProfilesRepository, CoachStatus, SessionsRepository, SignInsRepository, UsersRepository } from '@app/persistence';
import { formatInZone } from '@app/scheduling';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { SessionCancellation } from '../sessions/session-cancellation.service';
import { SessionNotifications } from '../sessions/session-notifications.service';
import { CoachPolicy } from './coach.policy';
import { ChangeCoachStatusDto } from './dto/coach-profile.dto';
import { FutureSessionSummary } from './dto/coach.response';

/** invited → trained → active ⇄ paused; any status but retired → retired. */
const NEXT: Readonly<Record<CoachStatus, readonly CoachStatus[]>> = {
  invited: ['trained', 'retired'],
  trained: ['active', 'retired'],
  active: ['paused', 'retired'],
  paused: ['active', 'retired'],
  retired: [],
};

export interface StatusChange {
  cancelledSessionIds: string[];
  keptSessionIds: string[];
}

/**
 * Moves a coach through the lifecycle. Leaving `active` with sessions ahead
 * asks the caller what to do with them (409 listing them); the repeated call
 * says `cancel` or `keep`. The change, the cancellations and their messages
 * are one transaction, under the lock bookings for this coach also take.
 */
@Injectable()
export class CoachLifecycleService {
  constructor(
    private readonly profiles: CoachProfilesRepository,
    private readonly sessions: SessionsRepository,
    private readonly outbox: SessionNotifications,
    private readonly cancellation: SessionCancellation,
    private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly signIns: SignInsRepository,
  ) {}

  async change(actor: Actor, coachId: string, dto: ChangeCoachStatusDto): Promise<StatusChange> {
    CoachPolicy.assertMayChangeStatus(actor, coachId, dto.status);
    const { change, staleJobs } = await this.sessions.transaction(async (manager) => {
      const current = await this.profiles.lockStatus(manager, coachId, CoachPolicy.scopeOf(actor));
      if (!current) throw new ApiException(ErrorCode.NotFound, 'No such coach in your academy');
      CoachPolicy.assertMayChangeStatusFrom(actor, current.status, dto.status);
      if (!NEXT[current.status].includes(dto.status)) {
        const allowed = NEXT[current.status];
        throw ApiException.field(
          ErrorCode.InvalidTransition,
          'status',
          allowed.length
            ? `cannot go from ${current.status} to ${dto.status}; allowed: ${allowed.join(', ')}`
            : `cannot change: the coach is ${current.status}`,
        );
      }
      const now = this.clock.now();
      const ahead =
        dto.status === 'paused' || dto.status === 'retired'
          ? await this.sessions.lockFutureOf(manager, { kind: 'coach', userId: coachId }, now)
          : [];
      if (ahead.length > 0 && !dto.futureSessions) {
        const show = (date: Date) => formatInZone(date.getTime(), actor.timeZone);
        const futureSessions: FutureSessionSummary[] = ahead.map((s) => ({
          id: s.id,
          start: show(s.startAt),
          end: show(s.endAt),
          newcomerDisplayName: s.newcomer!.displayName,
        }));
        throw new ApiException(
          ErrorCode.FutureSessionsPending,
          `The coach has ${ahead.length} future session(s); repeat the request with futureSessions "cancel" or "keep"`,
          [{ field: 'futureSessions', message: 'is required: the coach has future sessions' }],
          undefined,
          { futureSessions },
        );
      }
      await this.profiles.setStatus(manager, coachId, current.status, dto.status, {
        actorId: actor.id,
        academyId: current.academyId,
        action: 'coach.status-changed',
      });
      if (dto.status === 'retired') {
        // A retired coach no longer signs in: the account is disabled and its tokens end with the change.
        await this.users.setDisabled(manager, coachId, true);
        await this.signIns.endEverywhere(manager, coachId, 'disabled');
      }
      const staleJobs: string[] = [];
      if (dto.futureSessions === 'cancel') {
        const reason = dto.reason?.trim() || null;
        for (const session of ahead) {
          staleJobs.push(...(await this.cancellation.cancelAndNotify(manager, session, { actorId: actor.id, reason }, now)).staleJobs);
        }
      }
      const ids = ahead.map((s) => s.id);
      return {
        change:
          dto.futureSessions === 'cancel'
            ? { cancelledSessionIds: ids, keptSessionIds: [] }
            : { cancelledSessionIds: [], keptSessionIds: ids },
        staleJobs,
      };
    });
    await this.outbox.removeStaleJobs(staleJobs);
    return change;
  }
}
