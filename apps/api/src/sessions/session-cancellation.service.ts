import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CoachingSessionEntity, SessionsRepository } from '@app/persistence';
import { SessionNotifications } from './session-notifications.service';

/**
 * The one way a booked session is cancelled: by its newcomer, coach or
 * coordinator, by a coach's pause or retirement, or by an erasure. The session
 * changes and the messages that tell both people are planned in the caller's
 * transaction, so either both happen or neither does.
 */
@Injectable()
export class SessionCancellation {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly outbox: SessionNotifications,
  ) {}

  /**
   * Cancels `session` (already locked by the caller) and plans its messages. Returns the cancelled session and the
   * ids of queued jobs the change made stale; the caller removes those after its transaction commits.
   */
  async cancelAndNotify(
    manager: EntityManager,
    session: CoachingSessionEntity,
    by: { actorId: string; reason: string | null },
    at: Date,
  ): Promise<{ session: CoachingSessionEntity; staleJobs: string[] }> {
    const cancelled = await this.sessions.cancel(manager, session, by.actorId, by.reason, at);
    return { session: cancelled, staleJobs: await this.outbox.record(manager, 'cancelled', cancelled) };
  }
}
