import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type AcademyScope } from './academy-scope';

export const FEEDBACK_HAPPENED = ['yes', 'coach_absent', 'newcomer_absent'] as const;
export type FeedbackHappened = (typeof FEEDBACK_HAPPENED)[number];
export const REPORT_PROGRESS = ['none', 'some', 'good'] as const;
export type ReportProgress = (typeof REPORT_PROGRESS)[number];
export const CONCERN_LEVELS = ['none', 'concern', 'urgent'] as const;
export type ConcernLevel = (typeof CONCERN_LEVELS)[number];

/** Answers counted over a set of sessions: links sent, answers, the mean, and how many gave each score. */
export interface FeedbackFigures {
  requested: number;
  answered: number;
  average: number | null;
  /** Answers with score 1, 2, 3, 4 and 5. */
  distribution: [number, number, number, number, number];
}

export interface FeedbackAggregates {
  total: FeedbackFigures;
  byMonth: Array<{ month: string } & FeedbackFigures>;
  byTopic: Array<{ topic: string } & FeedbackFigures>;
  /** What newcomers said about whether it took place, against the attendance recorded. */
  happened: Array<{ happened: FeedbackHappened; status: string; sessions: number }>;
  progress: Record<ReportProgress, number>;
  flags: { raised: { concern: number; urgent: number }; closed: { concern: number; urgent: number } };
  /** Distinct newcomers with a session that took place, and those with two or more. */
  newcomers: { served: number; returning: number };
}

/** A newcomer's answer. `undefined` leaves a field as it was; `null` clears it. */
export interface FeedbackAnswer {
  score: number;
  happened?: FeedbackHappened | null;
  comment?: string | null;
}

export interface SessionFeedbackRow {
  sessionId: string;
  score: number | null;
  happened: FeedbackHappened | null;
  comment: string | null;
  answeredAt: Date | null;
  updatedAt: Date;
}

export interface CoachReportInput {
  sessionId: string;
  coachId: string;
  topics: string[];
  progress: ReportProgress;
  nextStep: string | null;
  concern: ConcernLevel;
  concernNote: string | null;
}

export interface CoachReportRow {
  sessionId: string;
  coachId: string;
  topics: string[];
  progress: ReportProgress;
  nextStep: string | null;
  concern: ConcernLevel;
  concernNote: string | null;
  flagRaisedAt: Date | null;
  flagClosedAt: Date | null;
  flagClosedBy: string | null;
  flagCloseNote: string | null;
  updatedAt: Date;
}

/** An open or closed flag as coordinators list it: the report's concern, its session and its people. */
export interface FlagRow extends CoachReportRow {
  academyId: string;
  start: Date;
  end: Date;
  topic: string;
  coachName: string;
  newcomerId: string;
  newcomerName: string;
}

interface FigureSqlRow {
  requested: number;
  answered: number;
  average: number | null;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
}

const REPORT_COLUMNS = `r.session_id AS "sessionId", r.coach_id AS "coachId", r.topics, r.progress, r.next_step AS "nextStep", r.concern,
  r.concern_note AS "concernNote", r.flag_raised_at AS "flagRaisedAt", r.flag_closed_at AS "flagClosedAt", r.flag_closed_by AS "flagClosedBy",
  r.flag_close_note AS "flagCloseNote", r.updated_at AS "updatedAt"`;

/** A report whose concern opens a new flag: there was none, or the closed one was of another level. */
const NEW_FLAG = `(r.concern = 'none' OR (r.flag_closed_at IS NOT NULL AND EXCLUDED.concern <> r.concern))`;

/** Urgent flags before concerns, then the oldest first: the order coordinators work through them. */
export const FLAG_ORDER = `CASE r.concern WHEN 'urgent' THEN 0 ELSE 1 END, r.flag_raised_at, r.session_id`;

/**
 * Newcomers' answers about sessions and coaches' reports after them. Every
 * read for staff is bound to an academy scope in its SQL.
 */
@Injectable()
export class FeedbackRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Written by the worker as it mails the request: the hash of the link's secret and
   * how long it works. A later version of the session (moved) mails the same secret
   * again and moves the end of its life.
   */
  async recordLink(sessionId: string, newcomerId: string, tokenHash: Buffer, expiresAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO session_feedback (session_id, newcomer_id, token_hash, link_expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (session_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, link_expires_at = EXCLUDED.link_expires_at, updated_at = now()`,
      [sessionId, newcomerId, tokenHash, expiresAt],
    );
  }

  /**
   * Records or updates the answer of a link still alive at `now`, of a session not
   * cancelled and a newcomer not erased. Null when the link is unknown or over.
   */
  async answer(tokenHash: Buffer, answer: FeedbackAnswer, now: Date): Promise<{ sessionId: string } | null> {
    const [rows]: [Array<{ session_id: string }>, number] = await this.dataSource.query(
      `UPDATE session_feedback f SET score = $2,
              happened = CASE WHEN $3::boolean THEN $4 ELSE f.happened END,
              comment = CASE WHEN $5::boolean THEN $6 ELSE f.comment END,
              answered_at = coalesce(f.answered_at, $7), updated_at = $7
         FROM coaching_session s, app_user u
        WHERE f.token_hash = $1 AND f.link_expires_at > $7
          AND s.id = f.session_id AND s.status <> 'cancelled'
          AND u.id = f.newcomer_id AND u.erased_at IS NULL
       RETURNING f.session_id`,
      [
        tokenHash,
        answer.score,
        answer.happened !== undefined,
        answer.happened ?? null,
        answer.comment !== undefined,
        answer.comment ?? null,
        now,
      ],
    );
    return rows[0] ? { sessionId: rows[0].session_id } : null;
  }

  async feedbackOf(sessionId: string): Promise<SessionFeedbackRow | null> {
    const [row]: SessionFeedbackRow[] = await this.dataSource.query(
      `SELECT session_id AS "sessionId", score, happened, comment, answered_at AS "answeredAt", updated_at AS "updatedAt"
         FROM session_feedback WHERE session_id = $1 AND score IS NOT NULL`,
      [sessionId],
    );
    return row ?? null;
  }

  /** How many answers a coach's sessions have, and their mean score. */
  async coachSummary(coachId: string): Promise<{ answers: number; average: number | null }> {
    const [row]: Array<{ answers: number; average: string | null }> = await this.dataSource.query(
      `SELECT count(*)::int AS answers, avg(f.score) AS average
         FROM session_feedback f JOIN coaching_session s ON s.id = f.session_id
        WHERE s.coach_id = $1 AND f.score IS NOT NULL`,
      [coachId],
    );
    return { answers: row.answers, average: row.average === null ? null : Number(row.average) };
  }

  async reportOf(manager: EntityManager | null, sessionId: string): Promise<CoachReportRow | null> {
    const [row]: CoachReportRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${REPORT_COLUMNS} FROM coach_report r WHERE r.session_id = $1`,
      [sessionId],
    );
    return row ?? null;
  }

  /**
   * Writes the coach's report inside the caller's transaction (which holds the
   * session's lock). A concern raised where there was none, or of another level
   * than the one a coordinator closed, opens a new flag; a concern taken back to
   * "none" withdraws it. Editing the rest of the report leaves the flag as it is.
   */
  async saveReport(manager: EntityManager, input: CoachReportInput, now: Date): Promise<CoachReportRow> {
    const [row]: CoachReportRow[] = await manager.query(
      `INSERT INTO coach_report AS r (session_id, coach_id, topics, progress, next_step, concern, concern_note, flag_raised_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $6 = 'none' THEN NULL ELSE $8::timestamptz END, $8, $8)
       ON CONFLICT (session_id) DO UPDATE SET
         topics = EXCLUDED.topics, progress = EXCLUDED.progress, next_step = EXCLUDED.next_step, concern = EXCLUDED.concern,
         concern_note = EXCLUDED.concern_note, updated_at = EXCLUDED.updated_at,
         flag_raised_at = CASE WHEN EXCLUDED.concern = 'none' THEN NULL WHEN ${NEW_FLAG} THEN EXCLUDED.updated_at ELSE r.flag_raised_at END,
         flag_closed_at = CASE WHEN EXCLUDED.concern = 'none' OR ${NEW_FLAG} THEN NULL ELSE r.flag_closed_at END,
         flag_closed_by = CASE WHEN EXCLUDED.concern = 'none' OR ${NEW_FLAG} THEN NULL ELSE r.flag_closed_by END,
         flag_close_note = CASE WHEN EXCLUDED.concern = 'none' OR ${NEW_FLAG} THEN NULL ELSE r.flag_close_note END
       RETURNING ${REPORT_COLUMNS}`,
      [input.sessionId, input.coachId, input.topics, input.progress, input.nextStep, input.concern, input.concernNote, now],
    );
    return row;
  }

  /** The active coordinators of an academy: who hears of an urgent concern. */
  async coordinatorsOf(manager: EntityManager, academyId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM app_user WHERE role = 'coordinator' AND academy_id = $1 AND erased_at IS NULL AND disabled_at IS NULL ORDER BY id`,
      [academyId],
    );
    return rows.map((r) => r.id);
  }

  /** Closes an open flag in the caller's transaction; false when there is none (never raised, withdrawn or closed). */
  async closeFlag(manager: EntityManager, sessionId: string, actorId: string, note: string, now: Date): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query(
      `UPDATE coach_report SET flag_closed_at = $3, flag_closed_by = $2, flag_close_note = $4, updated_at = $3
        WHERE session_id = $1 AND concern <> 'none' AND flag_closed_at IS NULL`,
      [sessionId, actorId, now, note],
    );
    return count > 0;
  }

  /** Flags of the scope: open ones (urgent first, oldest first) or closed ones (latest closed first). */
  async flags(
    scope: AcademyScope,
    state: 'open' | 'closed',
    academyId: string | undefined,
    limit: number,
    sessionId?: string,
  ): Promise<FlagRow[]> {
    const params: unknown[] = [limit];
    if (sessionId) params.push(sessionId);
    const where = [
      ...(sessionId ? ['r.session_id = $2'] : []),
      `r.concern <> 'none'`,
      state === 'open' ? 'r.flag_closed_at IS NULL' : 'r.flag_closed_at IS NOT NULL',
    ];
    if (scope.kind === 'academy') {
      params.push(scope.academyId);
      where.push(`s.academy_id = $${params.length}`);
    }
    if (academyId) {
      params.push(academyId);
      where.push(`s.academy_id = $${params.length}`);
    }
    return this.dataSource.query(
      `SELECT ${REPORT_COLUMNS}, s.academy_id AS "academyId", s.start_at AS start, s.end_at AS "end", s.topic,
              c.display_name AS "coachName", s.newcomer_id AS "newcomerId", n.display_name AS "newcomerName"
         FROM coach_report r JOIN coaching_session s ON s.id = r.session_id
         JOIN app_user c ON c.id = s.coach_id JOIN app_user n ON n.id = s.newcomer_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${state === 'open' ? FLAG_ORDER : 'r.flag_closed_at DESC, r.session_id'}
        LIMIT $1`,
      params,
    );
  }

  /**
   * The feedback figures of one academy's sessions starting in [from, to) and not
   * cancelled; months are read in `timeZone`. Counted by PostgreSQL.
   */
  async aggregate(
    manager: EntityManager,
    period: { academyId: string; from: Date; to: Date; timeZone: string },
  ): Promise<FeedbackAggregates> {
    const params = [period.academyId, period.from, period.to, period.timeZone];
    const sessions = `SELECT s.id, s.topic, s.status, s.newcomer_id, to_char(s.start_at AT TIME ZONE $4, 'YYYY-MM') AS month,
                             f.session_id IS NOT NULL AS requested, f.score, f.happened, r.progress, r.concern, r.flag_closed_at
                        FROM coaching_session s
                        LEFT JOIN session_feedback f ON f.session_id = s.id
                        LEFT JOIN coach_report r ON r.session_id = s.id
                       WHERE s.academy_id = $1 AND s.start_at >= $2 AND s.start_at < $3 AND s.status <> 'cancelled'`;
    const grouped: Array<{ by: 'total' | 'month' | 'topic'; month: string | null; topic: string | null } & FigureSqlRow> =
      await manager.query(
        `WITH p AS (${sessions})
       SELECT CASE WHEN grouping(month) = 0 THEN 'month' WHEN grouping(topic) = 0 THEN 'topic' ELSE 'total' END AS by, month, topic,
              count(*) FILTER (WHERE requested)::int AS requested, count(score)::int AS answered, avg(score)::float8 AS average,
              count(*) FILTER (WHERE score = 1)::int AS s1, count(*) FILTER (WHERE score = 2)::int AS s2, count(*) FILTER (WHERE score = 3)::int AS s3,
              count(*) FILTER (WHERE score = 4)::int AS s4, count(*) FILTER (WHERE score = 5)::int AS s5
         FROM p GROUP BY GROUPING SETS ((month), (topic), ()) ORDER BY by, month, topic`,
        params,
      );
    const happened: Array<{ happened: FeedbackHappened; status: string; sessions: number }> = await manager.query(
      `WITH p AS (${sessions}) SELECT happened, status, count(*)::int AS sessions FROM p WHERE happened IS NOT NULL GROUP BY happened, status ORDER BY happened, status`,
      params,
    );
    const [other]: Array<Record<string, number>> = await manager.query(
      `WITH p AS (${sessions})
       SELECT count(*) FILTER (WHERE progress = 'none')::int AS "progressNone", count(*) FILTER (WHERE progress = 'some')::int AS "progressSome",
              count(*) FILTER (WHERE progress = 'good')::int AS "progressGood",
              count(*) FILTER (WHERE concern = 'concern')::int AS "raisedConcern", count(*) FILTER (WHERE concern = 'urgent')::int AS "raisedUrgent",
              count(*) FILTER (WHERE concern = 'concern' AND flag_closed_at IS NOT NULL)::int AS "closedConcern",
              count(*) FILTER (WHERE concern = 'urgent' AND flag_closed_at IS NOT NULL)::int AS "closedUrgent",
              (SELECT count(*) FROM (SELECT newcomer_id FROM p WHERE status = 'completed' GROUP BY newcomer_id) x)::int AS served,
              (SELECT count(*) FROM (SELECT newcomer_id FROM p WHERE status = 'completed' GROUP BY newcomer_id HAVING count(*) >= 2) x)::int AS returning
         FROM p`,
      params,
    );
    const figures = (row: FigureSqlRow | undefined): FeedbackFigures => ({
      requested: row?.requested ?? 0,
      answered: row?.answered ?? 0,
      average: row?.average ?? null,
      distribution: [row?.s1 ?? 0, row?.s2 ?? 0, row?.s3 ?? 0, row?.s4 ?? 0, row?.s5 ?? 0],
    });
    return {
      total: figures(grouped.find((g) => g.by === 'total')),
      byMonth: grouped.filter((g) => g.by === 'month').map((g) => ({ month: g.month!, ...figures(g) })),
      byTopic: grouped.filter((g) => g.by === 'topic').map((g) => ({ topic: g.topic!, ...figures(g) })),
      happened,
      progress: { none: other.progressNone, some: other.progressSome, good: other.progressGood },
      flags: {
        raised: { concern: other.raisedConcern, urgent: other.raisedUrgent },
        closed: { concern: other.closedConcern, urgent: other.closedUrgent },
      },
      newcomers: { served: other.served, returning: other.returning },
    };
  }

  /** The open concern level of each of these sessions that has one. */
  async openFlagLevels(sessionIds: readonly string[]): Promise<Map<string, ConcernLevel>> {
    if (sessionIds.length === 0) return new Map();
    const rows: Array<{ session_id: string; concern: ConcernLevel }> = await this.dataSource.query(
      `SELECT session_id, concern FROM coach_report WHERE session_id = ANY($1::uuid[]) AND concern <> 'none' AND flag_closed_at IS NULL`,
      [sessionIds],
    );
    return new Map(rows.map((r) => [r.session_id, r.concern]));
  }
}
