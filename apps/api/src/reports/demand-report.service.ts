import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AcademiesRepository, WaitingListRepository } from '@app/persistence';
import { Actor, assertOwnAcademy } from '../auth/actor';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { CSV_BOM, csvLine } from './csv';
import { AcademyDemandResponse, DemandReportQuery, DemandReportResponse } from './dto/demand-report.dto';

const MAX_DAYS = 366;

export const DEMAND_CSV_HEADER = [
  'academy_id',
  'section',
  'month',
  'language',
  'topic',
  'open',
  'median_wait_days',
  'longest_wait_days',
  'offers_made',
  'booked_within_7_days',
  'booked_within_30_days',
  'searches',
] as const;

/** Unmet demand: who waits for which language and topic, and how many searches found nobody. */
@Injectable()
export class DemandReportService {
  constructor(
    private readonly waitingList: WaitingListRepository,
    private readonly academies: AcademiesRepository,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, query: DemandReportQuery): Promise<DemandReportResponse> {
    assertOwnAcademy(actor, query.academyId);
    const all = await this.academies.list();
    const wanted = actor.role === 'admin' ? (query.academyId ?? null) : actor.academyId;
    const academies = wanted ? all.filter((a) => a.id === wanted) : all;
    if (academies.length === 0) throw ApiException.field(ErrorCode.UnknownAcademy, 'academyId', 'is not an academy');
    const now = this.clock.now();
    const result: AcademyDemandResponse[] = [];
    for (const academy of academies) {
      const zone = academy.timeZone;
      const last = query.to ? DateTime.fromISO(query.to, { zone }) : DateTime.fromJSDate(now, { zone }).startOf('day');
      const first = query.from ? DateTime.fromISO(query.from, { zone }) : last.minus({ days: MAX_DAYS - 2 });
      if (last < first) throw ApiException.field(ErrorCode.ValidationFailed, 'to', 'must not be before from');
      if (last.diff(first, 'days').days > MAX_DAYS)
        throw ApiException.field(ErrorCode.ValidationFailed, 'to', `must be at most ${MAX_DAYS} days after from`);
      const from = first.toJSDate();
      const to = last.plus({ days: 1 }).startOf('day').toJSDate();
      const needs = await this.waitingList.demand([academy.id], from, to, now);
      const unmet = await this.waitingList.unmetSearches([academy.id], from, to);
      result.push({
        academyId: academy.id,
        slug: academy.slug,
        timeZone: zone,
        from: first.toISODate()!,
        to: last.toISODate()!,
        needs: needs.map(({ academyId: _a, ...need }) => need),
        unmetSearches: unmet.map(({ academyId: _a, ...row }) => row),
      });
    }
    return { academies: result };
  }

  /** The same figures as the JSON, one record per need and per month of unmet searches. */
  async csv(actor: Actor, query: DemandReportQuery): Promise<string> {
    const report = await this.report(actor, query);
    const lines = [CSV_BOM + csvLine(DEMAND_CSV_HEADER)];
    for (const a of report.academies) {
      for (const n of a.needs) {
        lines.push(
          csvLine([
            a.academyId,
            'need',
            null,
            n.language,
            n.topic,
            n.open,
            n.medianWaitDays,
            n.longestWaitDays,
            n.offersMade,
            n.bookedWithin7Days,
            n.bookedWithin30Days,
            null,
          ]),
        );
      }
      for (const u of a.unmetSearches) {
        lines.push(csvLine([a.academyId, 'unmet_search', u.month, u.language, u.topic, null, null, null, null, null, null, u.searches]));
      }
    }
    return lines.join('');
  }
}
