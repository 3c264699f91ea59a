import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AcademiesRepository, FeedbackFigures, FeedbackRepository, ReportsRepository } from '@app/persistence';
import { Actor } from '../auth/actor';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { CsvCell, toCsv } from './csv';
import { ReportQuery } from './dto/report.dto';
import { FeedbackFiguresResponse, FeedbackReportResponse } from './dto/feedback-report.dto';
import { ReportPolicy } from './report.policy';

const MAX_DAYS = 366;

export const FEEDBACK_CSV_HEADER = [
  'section',
  'key',
  'requested',
  'answered',
  'answer_rate',
  'average',
  'score_1',
  'score_2',
  'score_3',
  'score_4',
  'score_5',
  'count',
] as const;

/** The impact figures: newcomers' answers, coaches' reports and flags of one academy's period, in its zone. */
@Injectable()
export class FeedbackReportService {
  constructor(
    private readonly feedback: FeedbackRepository,
    private readonly reports: ReportsRepository,
    private readonly academies: AcademiesRepository,
  ) {}

  async report(actor: Actor, query: ReportQuery): Promise<FeedbackReportResponse> {
    const academyId = ReportPolicy.academyOf(actor, query.academyId);
    if (!academyId) throw ApiException.field(ErrorCode.ValidationFailed, 'academyId', 'is required: a report covers one academy');
    const academy = await this.academies.findById(academyId);
    if (!academy) throw ApiException.field(ErrorCode.UnknownAcademy, 'academyId', 'is not an academy');
    const first = DateTime.fromISO(query.from, { zone: academy.timeZone });
    const last = DateTime.fromISO(query.to, { zone: academy.timeZone });
    if (last < first) throw ApiException.field(ErrorCode.ValidationFailed, 'to', 'must not be before from');
    if (last.diff(first, 'days').days >= MAX_DAYS)
      throw ApiException.field(ErrorCode.ValidationFailed, 'to', `must be less than ${MAX_DAYS} days after from`);
    const period = {
      academyId,
      timeZone: academy.timeZone,
      from: first.startOf('day').toJSDate(),
      to: last.plus({ days: 1 }).startOf('day').toJSDate(),
    };
    const counted = await this.reports.snapshot((manager) => this.feedback.aggregate(manager, period));
    const byMonth = new Map(counted.byMonth.map((m) => [m.month, m]));
    const months: string[] = [];
    for (let m = first.startOf('month'); m <= last; m = m.plus({ months: 1 })) months.push(m.toFormat('yyyy-MM'));
    return {
      academyId,
      timeZone: academy.timeZone,
      from: query.from,
      to: query.to,
      totals: shape(counted.total),
      byMonth: months.map((month) => ({ month, ...shape(byMonth.get(month)) })),
      byTopic: counted.byTopic.map((t) => ({ topic: t.topic, ...shape(t) })),
      happened: counted.happened,
      progress: counted.progress,
      flags: counted.flags,
      newcomers: counted.newcomers,
    };
  }

  /** The same figures as the JSON, one record per figure set or count. */
  async csv(actor: Actor, query: ReportQuery): Promise<string> {
    const report = await this.report(actor, query);
    const rows: CsvCell[][] = [];
    const figureRow = (section: string, key: string, f: FeedbackFiguresResponse): CsvCell[] => [
      section,
      key,
      f.requested,
      f.answered,
      f.answerRate,
      f.average,
      ...f.distribution,
      null,
    ];
    const countRow = (section: string, key: string, count: number): CsvCell[] => [section, key, ...Array<CsvCell>(9).fill(null), count];
    rows.push(figureRow('total', 'all', report.totals));
    for (const m of report.byMonth) rows.push(figureRow('month', m.month, m));
    for (const t of report.byTopic) rows.push(figureRow('topic', t.topic, t));
    for (const h of report.happened) rows.push(countRow('happened', `${h.happened}:${h.status}`, h.sessions));
    for (const [level, count] of Object.entries(report.progress)) rows.push(countRow('progress', level, count));
    for (const state of ['raised', 'closed'] as const)
      for (const level of ['concern', 'urgent'] as const) rows.push(countRow('flags', `${state}:${level}`, report.flags[state][level]));
    for (const [key, count] of Object.entries(report.newcomers)) rows.push(countRow('newcomers', key, count));
    return toCsv(FEEDBACK_CSV_HEADER, rows);
  }
}

function shape(f: FeedbackFigures | undefined): FeedbackFiguresResponse {
  const requested = f?.requested ?? 0;
  const answered = f?.answered ?? 0;
  return {
    requested,
    answered,
    answerRate: requested > 0 ? Math.round((answered / requested) * 1000) / 1000 : null,
    average: f?.average == null ? null : Math.round(f.average * 100) / 100,
    distribution: f ? [...f.distribution] : [0, 0, 0, 0, 0],
  };
}
