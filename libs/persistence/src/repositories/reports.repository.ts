import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CoachStatus, SessionStatus } from '../entities';

/** One session as reports see it: no newcomer name, email or notes, only an id to count distinct people. */
export interface ReportSessionRow {
  id: string;
  coachId: string;
  newcomerId: string;
  topic: string;
  language: string;
  startAt: Date;
  endAt: Date;
  status: SessionStatus;
}

export interface ReportCoachRow {
  coachId: string;
  displayName: string;
  status: CoachStatus;
}

/** Read-only queries behind the coordinators' figures; every one is bound to one academy. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Sessions of the academy starting in [from, to), every status, in start order. */
  async sessions(academyId: string, from: Date, to: Date): Promise<ReportSessionRow[]> {
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT id, coach_id, newcomer_id, topic, language, start_at, end_at, status FROM coaching_session
        WHERE academy_id = $1 AND start_at >= $2 AND start_at < $3 ORDER BY start_at, id`,
      [academyId, from, to],
    );
    return rows.map((r) => ({
      id: r.id,
      coachId: r.coach_id,
      newcomerId: r.newcomer_id,
      topic: r.topic,
      language: r.language,
      startAt: r.start_at,
      endAt: r.end_at,
      status: r.status,
    }));
  }

  /** The academy's coaches who have a profile, whatever their status. */
  async coaches(academyId: string): Promise<ReportCoachRow[]> {
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT p.user_id, u.display_name, p.status FROM coach_profile p JOIN app_user u ON u.id = p.user_id
        WHERE u.academy_id = $1 AND u.role = 'coach' ORDER BY u.display_name, p.user_id`,
      [academyId],
    );
    return rows.map((r) => ({ coachId: r.user_id, displayName: r.display_name, status: r.status }));
  }
}
