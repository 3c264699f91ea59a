import { DateTime } from 'luxon';
import { ReportCoachRow, ReportSessionRow, SessionStatus } from '@app/persistence';

export interface StatusCounts {
  sessions: number;
  booked: number;
  cancelled: number;
  completed: number;
  newcomerNoShow: number;
  coachNoShow: number;
}

export interface Hours {
  /** Hours of sessions that were not cancelled. */
  bookedHours: number;
  /** Hours the coach offered over the period; null for coaches not active now (see `utilisationBasis`). */
  offeredHours: number | null;
  /** bookedHours / offeredHours, or null when nothing was offered. */
  utilisation: number | null;
}

export interface SessionReport {
  academyId: string;
  timeZone: string;
  from: string;
  to: string;
  totals: StatusCounts & Hours;
  /** Booked sessions that have ended without an outcome: the figures below are provisional until they get one. */
  awaitingOutcome: number;
  noShow: { outcomesRecorded: number; newcomerRate: number | null; coachRate: number | null };
  newcomers: { served: number; returning: number; returningShare: number | null };
  byCoach: Array<{ coachId: string; displayName: string } & StatusCounts & Hours>;
  byTopic: Array<{ topic: string } & StatusCounts>;
  byMonth: Array<{ month: string } & StatusCounts>;
  utilisationBasis: string;
}

export interface ReportInput {
  academyId: string;
  timeZone: string;
  from: string;
  to: string;
  now: Date;
  sessions: readonly ReportSessionRow[];
  coaches: readonly ReportCoachRow[];
  /** Offered milliseconds over the period, for the coaches active now. */
  offered: ReadonlyMap<string, number>;
}

export const UTILISATION_BASIS =
  'Offered hours come from the current weekly hours, date overrides and time off of each coach who is active now, over the period. ' +
  'Coaches not active now count no offered hours, and their booked hours are left out of the total utilisation.';

const HOUR = 3_600_000;
/** Milliseconds as hours, to two decimals. */
export const hours = (ms: number) => Math.round((ms / HOUR) * 100) / 100;
const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

const COUNTER: Record<SessionStatus, keyof StatusCounts> = {
  booked: 'booked',
  cancelled: 'cancelled',
  completed: 'completed',
  newcomer_no_show: 'newcomerNoShow',
  coach_no_show: 'coachNoShow',
};

const noCounts = (): StatusCounts => ({ sessions: 0, booked: 0, cancelled: 0, completed: 0, newcomerNoShow: 0, coachNoShow: 0 });

function count(counts: StatusCounts, status: SessionStatus): void {
  counts.sessions++;
  counts[COUNTER[status]]++;
}

function hoursOf(bookedMs: number, offeredMs: number | undefined): Hours {
  return {
    bookedHours: hours(bookedMs),
    offeredHours: offeredMs === undefined ? null : hours(offeredMs),
    utilisation: offeredMs === undefined ? null : ratio(bookedMs, offeredMs),
  };
}

/**
 * Figures for one academy and period, from its sessions (counted by their
 * start) and the hours its coaches offered. Pure: the same rows give the same report.
 */
export function buildSessionReport(input: ReportInput): SessionReport {
  const totals = noCounts();
  const byCoach = new Map<string, { counts: StatusCounts; bookedMs: number }>();
  const byTopic = new Map<string, StatusCounts>();
  const byMonth = new Map<string, StatusCounts>();
  const completedBy = new Map<string, number>();
  let awaitingOutcome = 0;
  for (const session of input.sessions) {
    count(totals, session.status);
    const coach = byCoach.get(session.coachId) ?? { counts: noCounts(), bookedMs: 0 };
    byCoach.set(session.coachId, coach);
    count(coach.counts, session.status);
    if (session.status !== 'cancelled') coach.bookedMs += session.endAt.getTime() - session.startAt.getTime();
    const topic = byTopic.get(session.topic) ?? noCounts();
    byTopic.set(session.topic, topic);
    count(topic, session.status);
    const monthKey = DateTime.fromJSDate(session.startAt, { zone: input.timeZone }).toFormat('yyyy-MM');
    const month = byMonth.get(monthKey) ?? noCounts();
    byMonth.set(monthKey, month);
    count(month, session.status);
    if (session.status === 'completed') completedBy.set(session.newcomerId, (completedBy.get(session.newcomerId) ?? 0) + 1);
    if (session.status === 'booked' && session.endAt.getTime() <= input.now.getTime()) awaitingOutcome++;
  }

  const names = new Map(input.coaches.map((c) => [c.coachId, c.displayName]));
  const coachIds = [...new Set([...byCoach.keys(), ...input.offered.keys()])];
  const coachRows = coachIds
    .map((coachId) => {
      const seen = byCoach.get(coachId) ?? { counts: noCounts(), bookedMs: 0 };
      return { coachId, displayName: names.get(coachId) ?? '', ...seen.counts, ...hoursOf(seen.bookedMs, input.offered.get(coachId)) };
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.coachId.localeCompare(b.coachId));

  let bookedMs = 0;
  let offeredMs = 0;
  for (const [coachId, offered] of input.offered) {
    offeredMs += offered;
    bookedMs += byCoach.get(coachId)?.bookedMs ?? 0;
  }
  const outcomes = totals.completed + totals.newcomerNoShow + totals.coachNoShow;
  const served = completedBy.size;
  const returning = [...completedBy.values()].filter((n) => n >= 2).length;
  const allBookedMs = [...byCoach.values()].reduce((sum, c) => sum + c.bookedMs, 0);

  return {
    academyId: input.academyId,
    timeZone: input.timeZone,
    from: input.from,
    to: input.to,
    totals: {
      ...totals,
      bookedHours: hours(allBookedMs),
      offeredHours: hours(offeredMs),
      utilisation: ratio(bookedMs, offeredMs),
    },
    awaitingOutcome,
    noShow: { outcomesRecorded: outcomes, newcomerRate: ratio(totals.newcomerNoShow, outcomes), coachRate: ratio(totals.coachNoShow, outcomes) },
    newcomers: { served, returning, returningShare: ratio(returning, served) },
    byCoach: coachRows,
    byTopic: [...byTopic].sort(([a], [b]) => a.localeCompare(b)).map(([topic, counts]) => ({ topic, ...counts })),
    byMonth: [...byMonth].sort(([a], [b]) => a.localeCompare(b)).map(([month, counts]) => ({ month, ...counts })),
    utilisationBasis: UTILISATION_BASIS,
  };
}
