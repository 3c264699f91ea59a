import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CalendarSession } from '@app/notifications';
import { Role } from '../entities';

/** Personal calendar feeds: the nonce a feed's secret is derived from, its hash, and the sessions it lists. */
@Injectable()
export class CalendarFeedsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async nonceOf(userId: string): Promise<Buffer | null> {
    const [row] = await this.dataSource.query(`SELECT calendar_feed_nonce FROM app_user WHERE id = $1`, [userId]);
    return row?.calendar_feed_nonce ?? null;
  }

  /** Sets the feed's nonce and hash; `onlyIfUnset` keeps a feed two concurrent first requests would both create. */
  async setFeed(userId: string, nonce: Buffer, hash: Buffer, onlyIfUnset: boolean): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE app_user SET calendar_feed_nonce = $2, calendar_feed_hash = $3 WHERE id = $1 ${onlyIfUnset ? 'AND calendar_feed_nonce IS NULL' : ''}`,
      [userId, nonce, hash],
    );
    return Number(count) > 0;
  }

  /** The live account a feed's secret belongs to: disabled and erased accounts have no feed. */
  async ownerOf(hash: Buffer): Promise<{ id: string; role: Role; locale: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT id, role, locale FROM app_user WHERE calendar_feed_hash = $1 AND erased_at IS NULL AND disabled_at IS NULL`,
      [hash],
    );
    return row ?? null;
  }

  /** The person's sessions, as coach or newcomer, ending from `from` on: cancelled ones stay, so calendars remove them. */
  async sessionsOf(userId: string, from: Date, limit: number): Promise<Array<Omit<CalendarSession, 'joinUrl'>>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT s.id, s.version, s.topic, s.start_at, s.end_at, s.status, c.display_name AS coach_name, n.display_name AS newcomer_name
         FROM coaching_session s JOIN app_user c ON c.id = s.coach_id JOIN app_user n ON n.id = s.newcomer_id
        WHERE (s.coach_id = $1 OR s.newcomer_id = $1) AND s.end_at >= $2
        ORDER BY s.start_at LIMIT $3`,
      [userId, from, limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      version: r.version as number,
      topic: r.topic as string,
      startAt: r.start_at as Date,
      endAt: r.end_at as Date,
      cancelled: r.status === 'cancelled',
      coachName: r.coach_name as string,
      newcomerName: r.newcomer_name as string,
    }));
  }
}
