/**
 * The SQL that defines the words the domain uses about a coaching session,
 * written once. `alias` is the session table's alias in the query (none for a
 * query on coaching_session alone).
 */
const column = (alias: string | undefined, name: string) => (alias ? `${alias}.${name}` : name);

/**
 * An active session: any status but cancelled (booked, completed or a no-show). It holds its time on the coach's and the
 * newcomer's calendars (the two exclusion constraints use this predicate) and counts towards a coach's load.
 */
export const activeSession = (alias?: string) => `${column(alias, 'status')} <> 'cancelled'`;

/** A booked session that has not started by the named parameter: the one a pause, an erasure or a cancellation still affects. */
export const upcomingBooked = (alias: string | undefined, nowParameter: string) =>
  `${column(alias, 'status')} = 'booked' AND ${column(alias, 'start_at')} > ${nowParameter}`;

/**
 * The time a session keeps from other bookings of its coach, buffers included, as a range. The coach's exclusion
 * constraint (coaching_session_no_coach_overlap) is a GiST index on this expression, so a query written with it
 * reads that index.
 */
export const blockedRange = (alias?: string) => `tstzrange(${column(alias, 'blocked_start')}, ${column(alias, 'blocked_end')}, '[)')`;

/**
 * A session whose blocked time overlaps [from, to): blocked_end > from AND blocked_start < to, written so that the
 * coach's overlap index answers it and a coach's past sessions are not visited. `to` may be NULL: no end.
 */
export const blockedOverlaps = (alias: string | undefined, fromParameter: string, toParameter: string) =>
  `${blockedRange(alias)} && tstzrange(${fromParameter}, ${toParameter}, '[)')`;

/**
 * A coach's load, as a scalar subquery: their active sessions starting from the named parameter on, the count matching
 * weighs against the coach's weekly cap. `coachId` is the SQL expression for the coach's id in the outer query.
 */
export const coachLoad = (coachId: string, fromParameter: string) =>
  `(SELECT count(*) FROM coaching_session s WHERE s.coach_id = ${coachId} AND ${activeSession('s')} AND s.start_at >= ${fromParameter}
      -- Implied by the start above (a session's blocked time ends after its start): it lets the coach's overlap
      -- index skip the coach's past sessions instead of reading them all.
      AND ${blockedOverlaps('s', fromParameter, 'NULL')})::int`;
