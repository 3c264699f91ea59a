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
