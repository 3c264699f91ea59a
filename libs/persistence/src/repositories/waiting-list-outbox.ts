import { type EntityManager } from 'typeorm';

/**
 * Records, in the transaction of a change to what an active coach offers
 * (activation, a return from a pause, hours, a date's hours, time off taken
 * back, topics or languages), that the waiting list should be matched against
 * that coach. The worker relays the row to the queue, so a Redis outage
 * delays offers without losing them. Nothing is written for a coach who is not active.
 */
export async function noteCoachChanged(manager: EntityManager, coachId: string): Promise<void> {
  await manager.query(
    `INSERT INTO waiting_list_outbox (kind, coach_id)
     SELECT 'coach_changed', p.user_id FROM coach_profile p WHERE p.user_id = $1 AND p.status = 'active'`,
    [coachId],
  );
}
