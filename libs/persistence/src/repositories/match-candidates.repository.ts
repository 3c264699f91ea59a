import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AcademyScope } from './academy-scope';
import { coachLoad } from '../session-predicates';

export interface MatchCandidateSearch {
  languages: readonly string[];
  /** When given, only coaches who cover one of these: a session is booked for one topic the coach covers. */
  topics?: readonly string[];
  newcomerId?: string | null;
  loadFrom: Date;
  limit: number;
  /** Only when the newcomer asks for it. */
  gender?: string | null;
}

export interface MatchCandidateRow {
  coachId: string;
  displayName: string;
  academyId: string;
  languages: string[];
  topics: string[];
  maxSessionsPerWeek: number | null;
  sessionLengths: number[];
  load: number;
  completedWithNewcomer: number;
}

/** A match candidate as PostgreSQL returns it. */
interface MatchCandidateSqlRow {
  user_id: string;
  display_name: string;
  academy_id: string;
  languages: string[];
  topics: string[];
  max_sessions_per_week: number | null;
  session_lengths: number[];
  load: number;
  completed: number;
}

/** The coaches matching may propose, read for one request: who speaks the newcomer's languages, and how loaded they are. */
@Injectable()
export class MatchCandidatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Active coaches who speak one of the languages, in the scope, with what
   * matching scores them on: their load from `loadFrom` on (not cancelled)
   * and how many sessions they completed with the newcomer. Of `gender` only
   * when one is asked for: the filter is applied here, and no row carries it.
   * Only those who cover one of `topics`, when some are given. At most
   * `limit`: the least loaded first, then by id.
   */
  async matchCandidates(scope: AcademyScope, search: MatchCandidateSearch): Promise<MatchCandidateRow[]> {
    const { languages, topics = [], newcomerId = null, loadFrom, limit, gender = null } = search;
    const rows: MatchCandidateSqlRow[] = await this.dataSource.query(
      `SELECT p.user_id, u.display_name, u.academy_id, u.languages, p.topics, p.max_sessions_per_week, p.session_lengths,
              ${coachLoad('p.user_id', '$3')} AS load,
              (SELECT count(*) FROM coaching_session s WHERE s.coach_id = p.user_id AND s.newcomer_id = $4 AND s.status = 'completed')::int AS completed
         FROM coach_profile p JOIN app_user u ON u.id = p.user_id
        WHERE p.active AND u.languages && $1::text[] AND ($2::uuid IS NULL OR u.academy_id = $2::uuid) AND ($6::text IS NULL OR p.gender = $6::text)
          AND (cardinality($7::text[]) = 0 OR p.topics && $7::text[])
        ORDER BY load, p.user_id LIMIT $5`,
      [languages, scope.kind === 'academy' ? scope.academyId : null, loadFrom, newcomerId, limit, gender, topics],
    );
    return rows.map((r) => ({
      coachId: r.user_id,
      displayName: r.display_name,
      academyId: r.academy_id,
      languages: r.languages,
      topics: r.topics,
      maxSessionsPerWeek: r.max_sessions_per_week,
      sessionLengths: r.session_lengths,
      load: r.load,
      completedWithNewcomer: r.completed,
    }));
  }

  /** The languages active coaches in the scope speak, for a newcomer nobody can coach yet. */
  async coveredLanguages(scope: AcademyScope): Promise<string[]> {
    const rows: Array<{ language: string }> = await this.dataSource.query(
      `SELECT DISTINCT unnest(u.languages) AS language FROM coach_profile p JOIN app_user u ON u.id = p.user_id
        WHERE p.active AND ($1::uuid IS NULL OR u.academy_id = $1::uuid) ORDER BY 1`,
      [scope.kind === 'academy' ? scope.academyId : null],
    );
    return rows.map((r) => r.language);
  }

  /** The topics active coaches in the scope who speak one of `languages` cover, for a newcomer nobody can help with theirs. */
  async coveredTopics(scope: AcademyScope, languages: readonly string[]): Promise<string[]> {
    const rows: Array<{ topic: string }> = await this.dataSource.query(
      `SELECT DISTINCT unnest(p.topics) AS topic FROM coach_profile p JOIN app_user u ON u.id = p.user_id
        WHERE p.active AND u.languages && $2::text[] AND ($1::uuid IS NULL OR u.academy_id = $1::uuid) ORDER BY 1`,
      [scope.kind === 'academy' ? scope.academyId : null, languages],
    );
    return rows.map((r) => r.topic);
  }

  /**
   * The newcomer's own sessions (not cancelled) overlapping [from, to): times
   * their exclusion constraint refuses whatever the coach, so never offered to them.
   */
  async newcomerBusy(newcomerId: string, from: Date, to: Date): Promise<Array<{ start: number; end: number }>> {
    const rows: Array<{ start_at: Date; end_at: Date }> = await this.dataSource.query(
      `SELECT start_at, end_at FROM coaching_session
        WHERE newcomer_id = $1 AND status <> 'cancelled' AND start_at < $3 AND end_at > $2 ORDER BY start_at`,
      [newcomerId, from, to],
    );
    return rows.map((r) => ({ start: r.start_at.getTime(), end: r.end_at.getTime() }));
  }
}
