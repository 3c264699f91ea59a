import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { AcademiesRepository, ReportCoachRow, ReportPeriod, ReportsRepository, CoachSchedulesRepository } from '@app/persistence';
import { offeredMilliseconds } from '@app/scheduling';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { toCoachSchedule } from '../common/schedule/coach-schedule.mapper';
import { CSV_BOM, CsvCell, csvLine } from './csv';
import { ReportQuery } from './dto/report.dto';
import { ReportPolicy } from './report.policy';
import { buildSessionReport, SessionReport } from './session-report';

const MAX_DAYS = 366;
/** Session rows read and written at a time: memory holds one batch, whatever the period holds. */
const CSV_BATCH = 2_000;

/** Where a streamed CSV goes: `begin` once the report is known to exist, then chunks, each awaited (backpressure). */
export interface CsvSink {
  begin(): void;
  write(chunk: string): Promise<void>;
}

interface PreparedReport {
  period: ReportPeriod;
  query: ReportQuery;
  coaches: ReportCoachRow[];
  offered: Map<string, number>;
}

export const CSV_HEADER = [
  'section',
  'key',
  'label',
  'sessions',
  'booked',
  'cancelled',
  'completed',
  'newcomer_no_show',
  'coach_no_show',
  'booked_hours',
  'offered_hours',
  'utilisation',
  'value',
  'start',
  'end',
  'status',
  'topic',
  'language',
  'coach_id',
] as const;

@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly academies: AcademiesRepository,
    private readonly schedules: CoachSchedulesRepository,
    private readonly clock: Clock,
  ) {}

  async sessionReport(actor: Actor, query: ReportQuery): Promise<SessionReport> {
    const prepared = await this.prepare(actor, query);
    return this.reports.snapshot((manager) => this.build(manager, prepared));
  }

  /**
   * The same figures as the JSON report, then one row per session: coach,
   * topic, language, times and status, and nothing that names a newcomer.
   * Figures and rows come from one snapshot; rows are read and written in
   * batches, so memory stays flat however many sessions the period holds.
   * Refusals (bad period, other academy) are thrown before `sink.begin`.
   */
  async streamSessionReportCsv(actor: Actor, query: ReportQuery, sink: CsvSink): Promise<void> {
    const prepared = await this.prepare(actor, query);
    await this.reports.snapshot(async (manager) => {
      const report = await this.build(manager, prepared);
      // The coaches' names as CSV cells, by the rules of csv.ts; PostgreSQL writes the rest of each session's record.
      const nameCells = new Map(report.byCoach.map((c) => [c.coachId, csvLine([c.displayName]).slice(0, -2)]));
      sink.begin();
      await sink.write(CSV_BOM + csvLine(CSV_HEADER) + figureRows(report).map(csvLine).join(''));
      for await (const chunk of this.reports.sessionCsv(manager, prepared.period, nameCells, CSV_BATCH)) await sink.write(chunk);
    });
  }

  /** Checks the request and reads what does not depend on the snapshot: the coaches and the hours they offer. */
  private async prepare(actor: Actor, query: ReportQuery): Promise<PreparedReport> {
    const academyId = ReportPolicy.academyOf(actor, query.academyId);
    if (!academyId) throw ApiException.field(ErrorCode.ValidationFailed, 'academyId', 'is required: a report covers one academy');
    const academy = await this.academies.findById(academyId);
    if (!academy) throw ApiException.field(ErrorCode.UnknownAcademy, 'academyId', 'is not an academy');
    const first = DateTime.fromISO(query.from, { zone: academy.timeZone });
    const last = DateTime.fromISO(query.to, { zone: academy.timeZone });
    if (last < first) throw ApiException.field(ErrorCode.ValidationFailed, 'to', 'must not be before from');
    if (last.diff(first, 'days').days >= MAX_DAYS)
      throw ApiException.field(ErrorCode.ValidationFailed, 'to', `must be less than ${MAX_DAYS} days after from`);
    const from = first.startOf('day').toJSDate();
    const to = last.plus({ days: 1 }).startOf('day').toJSDate();

    const coaches = await this.reports.coaches(this.reports.manager, academyId);
    const active = coaches.filter((c) => c.status === 'active').map((c) => c.coachId);
    const offered = new Map<string, number>();
    for (const rows of await this.schedules.loadSchedules(active, from, to, { sessions: false })) {
      const schedule = toCoachSchedule(rows);
      offered.set(rows.profile.userId, schedule ? offeredMilliseconds(schedule, from.getTime(), to.getTime()) : 0);
    }
    return { period: { academyId, from, to, timeZone: academy.timeZone }, query, coaches, offered };
  }

  private async build(manager: EntityManager, { period, query, coaches, offered }: PreparedReport): Promise<SessionReport> {
    const counted = await this.reports.aggregate(manager, period, this.clock.now());
    return buildSessionReport({
      academyId: period.academyId,
      timeZone: period.timeZone,
      from: query.from,
      to: query.to,
      counted,
      coaches,
      offered,
    });
  }
}

type Counts = SessionReport['totals'];
type Column = (typeof CSV_HEADER)[number];

function row(
  section: string,
  key: string,
  label: string,
  cells: Partial<Record<Column, CsvCell>> = {},
  countCells: CsvCell[] = [],
): CsvCell[] {
  const values: Record<string, CsvCell> = { section, key, label, ...cells };
  countCells.forEach((value, i) => (values[CSV_HEADER[3 + i]] = value));
  return CSV_HEADER.map((column) => values[column] ?? null);
}

const counts = (c: Omit<Counts, 'bookedHours' | 'offeredHours' | 'utilisation'>): CsvCell[] => [
  c.sessions,
  c.booked,
  c.cancelled,
  c.completed,
  c.newcomerNoShow,
  c.coachNoShow,
];

const hoursCells = (h: Pick<Counts, 'bookedHours' | 'offeredHours' | 'utilisation'>) => ({
  booked_hours: h.bookedHours,
  offered_hours: h.offeredHours,
  utilisation: h.utilisation,
});

/** The report's figures as CSV records, before the session rows. */
function figureRows(report: SessionReport): CsvCell[][] {
  return [
    row('period', report.academyId, report.timeZone, { start: report.from, end: report.to }),
    row('total', 'all', 'All sessions', hoursCells(report.totals), counts(report.totals)),
    row('total', 'awaiting_outcome', 'Ended without an outcome', { value: report.awaitingOutcome }),
    row('rate', 'outcomes_recorded', 'Sessions with an outcome', { value: report.noShow.outcomesRecorded }),
    row('rate', 'newcomer_no_show', 'Newcomer no-show rate', { value: report.noShow.newcomerRate }),
    row('rate', 'coach_no_show', 'Coach no-show rate', { value: report.noShow.coachRate }),
    row('newcomers', 'served', 'Distinct newcomers served', { value: report.newcomers.served }),
    row('newcomers', 'returning', 'Newcomers with a second completed session', { value: report.newcomers.returning }),
    row('rate', 'returning_share', 'Share of newcomers served who came back', { value: report.newcomers.returningShare }),
    ...report.byCoach.map((c) => row('coach', c.coachId, c.displayName, hoursCells(c), counts(c))),
    ...report.byTopic.map((t) => row('topic', t.topic, t.topic, {}, counts(t))),
    ...report.byMonth.map((m) => row('month', m.month, m.month, {}, counts(m))),
  ];
}
