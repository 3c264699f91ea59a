import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AcademiesRepository, CoachesRepository, ReportSessionRow, ReportsRepository } from '@app/persistence';
import { formatInZone, offeredMilliseconds } from '@app/scheduling';
import { Actor, assertOwnAcademy } from '../auth/actor';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { toCoachSchedule } from '../slots/coach-schedule.mapper';
import { CsvCell, toCsv } from './csv';
import { ReportQuery } from './dto/report.dto';
import { buildSessionReport, hours, SessionReport } from './session-report';

const MAX_DAYS = 366;

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
    private readonly coaches: CoachesRepository,
    private readonly clock: Clock,
  ) {}

  async sessionReport(actor: Actor, query: ReportQuery): Promise<SessionReport> {
    return (await this.load(actor, query)).report;
  }

  /**
   * The same figures as the JSON report, then one row per session: coach,
   * topic, language, times and status, and nothing that names a newcomer.
   */
  async sessionReportCsv(actor: Actor, query: ReportQuery): Promise<string> {
    const { report, sessions } = await this.load(actor, query);
    const names = new Map(report.byCoach.map((c) => [c.coachId, c.displayName]));
    const show = (date: Date) => formatInZone(date.getTime(), report.timeZone);
    type Counts = SessionReport['totals'];
    const counts = (c: Omit<Counts, 'bookedHours' | 'offeredHours' | 'utilisation'>): CsvCell[] => [
      c.sessions,
      c.booked,
      c.cancelled,
      c.completed,
      c.newcomerNoShow,
      c.coachNoShow,
    ];
    const row = (section: string, key: string, label: string, cells: Partial<Record<(typeof CSV_HEADER)[number], CsvCell>> = {}, countCells: CsvCell[] = []) => {
      const values: Record<string, CsvCell> = { section, key, label, ...cells };
      countCells.forEach((value, i) => (values[CSV_HEADER[3 + i]] = value));
      return CSV_HEADER.map((column) => values[column] ?? null);
    };
    const hoursCells = (h: Pick<Counts, 'bookedHours' | 'offeredHours' | 'utilisation'>) => ({
      booked_hours: h.bookedHours,
      offered_hours: h.offeredHours,
      utilisation: h.utilisation,
    });
    const rows: CsvCell[][] = [
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
      ...sessions.map((s) =>
        row('session', s.id, names.get(s.coachId) ?? '', {
          booked_hours: hours(s.endAt.getTime() - s.startAt.getTime()),
          start: show(s.startAt),
          end: show(s.endAt),
          status: s.status,
          topic: s.topic,
          language: s.language,
          coach_id: s.coachId,
        }),
      ),
    ];
    return toCsv(CSV_HEADER, rows);
  }

  private async load(actor: Actor, query: ReportQuery): Promise<{ report: SessionReport; sessions: ReportSessionRow[] }> {
    assertOwnAcademy(actor, query.academyId);
    const academyId = query.academyId ?? actor.academyId;
    if (!academyId) throw ApiException.field(ErrorCode.ValidationFailed, 'academyId', 'is required: a report covers one academy');
    const academy = await this.academies.findById(academyId);
    if (!academy) throw ApiException.field(ErrorCode.UnknownAcademy, 'academyId', 'is not an academy');
    const first = DateTime.fromISO(query.from, { zone: academy.timeZone });
    const last = DateTime.fromISO(query.to, { zone: academy.timeZone });
    if (last < first) throw ApiException.field(ErrorCode.ValidationFailed, 'to', 'must not be before from');
    if (last.diff(first, 'days').days >= MAX_DAYS) throw ApiException.field(ErrorCode.ValidationFailed, 'to', `must be less than ${MAX_DAYS} days after from`);
    const from = first.startOf('day').toJSDate();
    const to = last.plus({ days: 1 }).startOf('day').toJSDate();

    const [sessions, coaches] = await Promise.all([this.reports.sessions(academyId, from, to), this.reports.coaches(academyId)]);
    const active = coaches.filter((c) => c.status === 'active').map((c) => c.coachId);
    const offered = new Map<string, number>();
    for (const rows of await this.coaches.loadSchedules(active, from, to)) {
      const schedule = toCoachSchedule(rows);
      offered.set(rows.profile.userId, schedule ? offeredMilliseconds(schedule, from.getTime(), to.getTime()) : 0);
    }
    const report = buildSessionReport({ academyId, timeZone: academy.timeZone, from: query.from, to: query.to, now: this.clock.now(), sessions, coaches, offered });
    return { report, sessions };
  }
}
