import { type ReportAggregates, type ReportCoachRow, type ReportStatusCounts } from '@app/persistence';

export type StatusCounts = ReportStatusCounts;

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
  /** The period's sessions, counted by the database. */
  counted: ReportAggregates;
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

const noCounts = (): StatusCounts => ({ sessions: 0, booked: 0, cancelled: 0, completed: 0, newcomerNoShow: 0, coachNoShow: 0 });

const countsOf = (c: StatusCounts): StatusCounts => ({
  sessions: c.sessions,
  booked: c.booked,
  cancelled: c.cancelled,
  completed: c.completed,
  newcomerNoShow: c.newcomerNoShow,
  coachNoShow: c.coachNoShow,
});

function hoursOf(bookedMs: number, offeredMs: number | undefined): Hours {
  return {
    bookedHours: hours(bookedMs),
    offeredHours: offeredMs === undefined ? null : hours(offeredMs),
    utilisation: offeredMs === undefined ? null : ratio(bookedMs, offeredMs),
  };
}

/**
 * Figures for one academy and period, from its sessions as the database
 * counted them (by their start) and the hours its coaches offered. Pure: the
 * same counts give the same report.
 */
export function buildSessionReport(input: ReportInput): SessionReport {
  const { counted } = input;
  const totals = noCounts();
  const byCoach = new Map<string, { counts: StatusCounts; bookedMs: number }>();
  for (const coach of counted.byCoach) {
    byCoach.set(coach.coachId, { counts: countsOf(coach), bookedMs: coach.bookedMs });
    for (const key of Object.keys(totals) as Array<keyof StatusCounts>) totals[key] += coach[key];
  }
  const awaitingOutcome = counted.awaitingOutcome;

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
  const served = counted.served;
  const returning = counted.returning;
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
    noShow: {
      outcomesRecorded: outcomes,
      newcomerRate: ratio(totals.newcomerNoShow, outcomes),
      coachRate: ratio(totals.coachNoShow, outcomes),
    },
    newcomers: { served, returning, returningShare: ratio(returning, served) },
    byCoach: coachRows,
    byTopic: [...counted.byTopic].sort((a, b) => a.topic.localeCompare(b.topic)).map((t) => ({ topic: t.topic, ...countsOf(t) })),
    byMonth: [...counted.byMonth].sort((a, b) => a.month.localeCompare(b.month)).map((m) => ({ month: m.month, ...countsOf(m) })),
    utilisationBasis: UTILISATION_BASIS,
  };
}
