import type { EntityManager } from 'typeorm';

/**
 * The lock bookings, reschedules, every change to what a coach offers (weekly hours, overrides, time off, policy)
 * and status changes take first, so they queue in one order. Held until the caller's transaction ends.
 */
export async function lockCoachProfile(manager: EntityManager, coachId: string): Promise<void> {
  await manager.query('SELECT 1 FROM coach_profile WHERE user_id = $1 FOR UPDATE', [coachId]);
}
