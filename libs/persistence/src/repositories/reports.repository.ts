import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type CoachStatus } from '../entities';
import { activeSession } from '../session-predicates';

export interface ReportCoachRow {
  coachId: string;
  displayName: string;
  status: CoachStatus;
}

export interface ReportStatusCounts {
  sessions: number;
  booked: number;
  cancelled: number;
  completed: number;
  newcomerNoShow: number;
  coachNoShow: number;
}

/** A period's sessions counted by the database: by coach (with the milliseconds not cancelled), by topic, by month. */
export interface ReportAggregates {
  byCoach: Array<{ coachId: string; bookedMs: number } & ReportStatusCounts>;
  byTopic: Array<{ topic: string } & ReportStatusCounts>;
  byMonth: Array<{ month: string } & ReportStatusCounts>;
  /** Booked sessions that had ended by `now`. */
  awaitingOutcome: number;
  /** Distinct newcomers with a completed session, and those with two or more. */
  served: number;
  returning: number;
}

/** A period of one academy: sessions starting in [from, to); months are read in `timeZone`. */
export interface ReportPeriod {
  academyId: string;
  from: Date;
  to: Date;
  timeZone: string;
}

const PERIOD = `academy_id = $1 AND start_at >= $2 AND start_at < $3`;

const COUNTS = `count(*)::int AS sessions,
  count(*) FILTER (WHERE status = 'booked')::int AS booked,
  count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
  count(*) FILTER (WHERE status = 'completed')::int AS completed,
  count(*) FILTER (WHERE status = 'newcomer_no_show')::int AS "newcomerNoShow",
  count(*) FILTER (WHERE status = 'coach_no_show')::int AS "coachNoShow"`;

/**
 * Read-only queries behind the coordinators' figures; every one is bound to
 * one academy. The figures are counted by PostgreSQL, and the rows of the CSV
 * are read in batches, so the API's memory does not grow with the period or
 * the number of sessions.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Outside a transaction: for reads that need no snapshot. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** One REPEATABLE READ transaction: the figures and the rows read by `work` come from one snapshot. */
  snapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  async aggregate(manager: EntityManager, period: ReportPeriod, now: Date): Promise<ReportAggregates> {
    const params = [period.academyId, period.from, period.to, period.timeZone];
    // One pass over the period's rows, three groupings; grouping() tells them apart (bit set = column aggregated away).
    const groups: Array<{ g: number; coach_id: string; topic: string; month: string; booked_ms: number } & ReportStatusCounts> =
      await manager.query(
        `SELECT grouping(coach_id, topic, month) AS g, coach_id, topic, month, ${COUNTS},
              coalesce(sum(extract(epoch FROM end_at) - extract(epoch FROM start_at)) FILTER (WHERE ${activeSession()}), 0)::float8 * 1000 AS booked_ms
         FROM (SELECT coach_id, topic, to_char(start_at AT TIME ZONE $4, 'YYYY-MM') AS month, status, start_at, end_at
                 FROM coaching_session WHERE ${PERIOD}) s
        GROUP BY GROUPING SETS ((coach_id), (topic), (month))`,
        params,
      );
    const counts = (r: ReportStatusCounts): ReportStatusCounts => ({
      sessions: r.sessions,
      booked: r.booked,
      cancelled: r.cancelled,
      completed: r.completed,
      newcomerNoShow: r.newcomerNoShow,
      coachNoShow: r.coachNoShow,
    });
    const [scalars]: Array<{ awaiting: number; served: number; returning: number }> = await manager.query(
      `SELECT (SELECT count(*) FROM coaching_session WHERE ${PERIOD} AND status = 'booked' AND end_at <= $4)::int AS awaiting,
              count(*)::int AS served, count(*) FILTER (WHERE completed >= 2)::int AS returning
         FROM (SELECT newcomer_id, count(*) AS completed FROM coaching_session WHERE ${PERIOD} AND status = 'completed' GROUP BY newcomer_id) n`,
      [period.academyId, period.from, period.to, now],
    );
    return {
      byCoach: groups.filter((r) => r.g === 3).map((r) => ({ coachId: r.coach_id, bookedMs: Math.round(r.booked_ms), ...counts(r) })),
      byTopic: groups.filter((r) => r.g === 5).map((r) => ({ topic: r.topic, ...counts(r) })),
      byMonth: groups.filter((r) => r.g === 6).map((r) => ({ month: r.month, ...counts(r) })),
      awaitingOutcome: scalars.awaiting,
      served: scalars.served,
      returning: scalars.returning,
    };
  }

  /**
   * The period's sessions, every status, in start order, as CSV records
   * written by PostgreSQL, `batchSize` records per chunk, through a cursor:
   * one scan of the academy-and-start index, read as the caller consumes.
   * Call inside `snapshot` (a cursor lives in a transaction).
   *
   * Each record is the report's `session` row (see the API's CSV_HEADER):
   * id, the coach's name as given in `nameCells` (already a CSV cell), the
   * length in hours to two decimals, start and end in the period's zone as ISO
   * 8601 with the offset, status, topic, language and coach id. Ids, times,
   * numbers and statuses need no quoting; topic and language follow the CSV
   * rules (formula characters defused, quotes doubled).
   */
  async *sessionCsv(
    manager: EntityManager,
    period: ReportPeriod,
    nameCells: ReadonlyMap<string, string>,
    batchSize: number,
  ): AsyncGenerator<string> {
    // The transaction's own zone, so to_char writes each time as the academy's wall clock and offset.
    await manager.query(`SELECT set_config('TimeZone', $1, true)`, [period.timeZone]);
    const utc = period.timeZone === 'UTC' || period.timeZone === 'Etc/UTC';
    const at = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS') || ${utc ? `'Z'` : `to_char(${column}, 'TZH:TZM')`}`;
    await manager.query(
      `DECLARE report_sessions NO SCROLL CURSOR FOR
         SELECT 'session,' || s.id || ',' || coalesce(n.cell, '') || ',,,,,,,' || round(extract(epoch FROM s.end_at - s.start_at) / 3600, 2)::float8
                || ',,,,' || ${at('s.start_at')} || ',' || ${at('s.end_at')} || ',' || s.status || ',' || ${csvCell('s.topic')}
                || ',' || ${csvCell('s.language')} || ',' || s.coach_id || E'\\r\\n' AS line
           FROM coaching_session s LEFT JOIN unnest($4::uuid[], $5::text[]) AS n(coach_id, cell) ON n.coach_id = s.coach_id
          WHERE s.academy_id = $1 AND s.start_at >= $2 AND s.start_at < $3 ORDER BY s.start_at, s.id`,
      [period.academyId, period.from, period.to, [...nameCells.keys()], [...nameCells.values()]],
    );
    try {
      for (;;) {
        const rows: Array<{ line: string }> = await manager.query(`FETCH FORWARD ${Math.trunc(batchSize)} FROM report_sessions`);
        if (rows.length > 0) yield rows.map((r) => r.line).join('');
        if (rows.length < batchSize) return;
      }
    } finally {
      await manager.query('CLOSE report_sessions').catch(() => undefined);
    }
  }

  /** The academy's coaches who have a profile, whatever their status. */
  async coaches(manager: EntityManager, academyId: string): Promise<ReportCoachRow[]> {
    const rows: Array<{ user_id: string; display_name: string; status: CoachStatus }> = await manager.query(
      `SELECT p.user_id, u.display_name, p.status FROM coach_profile p JOIN app_user u ON u.id = p.user_id
        WHERE u.academy_id = $1 AND u.role = 'coach' ORDER BY u.display_name, p.user_id`,
      [academyId],
    );
    return rows.map((r) => ({ coachId: r.user_id, displayName: r.display_name, status: r.status }));
  }
}

/**
 * A text column as an RFC 4180 cell, by the rules of the API's csv.ts: a
 * leading = + - @ tab or CR gets an apostrophe (spreadsheet formulas), and text
 * with a quote, comma or line break is quoted with its quotes doubled.
 */
function csvCell(column: string): string {
  const defused = `CASE WHEN ${column} ~ '^[=+\\-@\\t\\r]' THEN '''' || ${column} ELSE ${column} END`;
  return `CASE WHEN ${column} ~ '[",\\r\\n]' THEN '"' || replace(${defused}, '"', '""') || '"' ELSE ${defused} END`;
}
