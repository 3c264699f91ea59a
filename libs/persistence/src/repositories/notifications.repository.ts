import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationEntity, NotificationKind, SessionStatus } from '../entities';
import { queryOneById } from './query-one';

/** The channel the relay listens on; a NOTIFY inside a transaction is delivered at commit. */
export const OUTBOX_CHANNEL = 'notification_outbox';

export interface NewNotification {
  sessionId: string;
  sessionVersion: number;
  kind: NotificationKind;
  offsetSeconds: number;
  recipientId: string;
  dueAt: Date;
  state: 'pending' | 'skipped';
  reason: string | null;
}

/** Everything the worker needs to decide on and render one message, read in one statement. */
export interface NotificationDelivery {
  id: string;
  kind: NotificationKind;
  state: NotificationEntity['state'];
  sessionVersion: number;
  offsetSeconds: number;
  dueAt: Date;
  session: {
    id: string;
    version: number;
    status: SessionStatus;
    startAt: Date;
    endAt: Date;
    topic: string;
    coachId: string;
  };
  recipient: { id: string; email: string; displayName: string; locale: string; timeZone: string };
  other: { displayName: string };
}

/** The row `loadForDelivery` reads, as PostgreSQL names its columns. */
interface DeliverySqlRow {
  id: string;
  kind: NotificationKind;
  state: NotificationEntity['state'];
  session_version: number;
  offset_seconds: number;
  due_at: Date;
  s_id: string;
  s_version: number;
  s_status: SessionStatus;
  start_at: Date;
  end_at: Date;
  topic: string;
  coach_id: string;
  r_id: string;
  r_email: string;
  r_name: string;
  r_locale: string;
  r_zone: string;
  o_name: string;
}

const ERROR_TEXT_LIMIT = 1000;

/**
 * Open notification rows by state. Only pending and queued rows are counted, through their
 * partial index: the settled ones are most of the table, and a scrape must not read it all.
 */
export const OPEN_NOTIFICATIONS_SQL = `SELECT state, count(*)::int AS count FROM notification WHERE state IN ('pending', 'queued') GROUP BY state`;

/** What TypeORM's `query` gives for an UPDATE on PostgreSQL: the RETURNING rows and the affected count. */
type UpdateResult<T> = [T[], number];

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The academy's own reminder offsets in minutes, or null when it uses the installation's. */
  async academyReminderOffsets(manager: EntityManager, academyId: string): Promise<number[] | null> {
    const [row]: Array<{ minutes: number[] | null }> = await manager.query(
      'SELECT reminder_offsets_minutes AS minutes FROM academy WHERE id = $1',
      [academyId],
    );
    return row?.minutes ?? null;
  }

  /**
   * Writes planned rows inside the caller's transaction and wakes the relay
   * when it commits. Planning the same change twice writes nothing new.
   */
  async insertPlanned(manager: EntityManager, rows: readonly NewNotification[]): Promise<void> {
    if (rows.length === 0) return;
    const values: unknown[] = [];
    const tuples = rows.map((row, i) => {
      values.push(row.sessionId, row.sessionVersion, row.kind, row.offsetSeconds, row.recipientId, row.dueAt, row.state, row.reason);
      const p = i * 8;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8})`;
    });
    values.push(OUTBOX_CHANNEL, rows[0].sessionId);
    // One round trip: the insert, and the NOTIFY that PostgreSQL delivers at commit.
    await manager.query(
      `WITH inserted AS (
         INSERT INTO notification (session_id, session_version, kind, offset_seconds, recipient_id, due_at, state, last_error)
         VALUES ${tuples.join(', ')} ON CONFLICT ON CONSTRAINT notification_once DO NOTHING RETURNING 1)
       SELECT pg_notify($${values.length - 1}, $${values.length})`,
      values,
    );
  }

  /**
   * Marks every open row of older versions skipped, in the transaction that
   * changed the session. Returns their ids: any of them may have a job by now
   * (a relay may have queued it a moment ago), and removing a missing job is harmless.
   */
  async supersede(manager: EntityManager, sessionId: string, version: number): Promise<string[]> {
    const result: UpdateResult<{ id: string }> = await manager.query(
      `UPDATE notification SET state = 'skipped', last_error = $3, updated_at = now()
       WHERE session_id = $1 AND session_version < $2 AND state IN ('pending', 'queued')
       RETURNING id`,
      [sessionId, version, `superseded by version ${version} of the session`],
    );
    return result[0].map((r) => r.id);
  }

  listForSession(sessionId: string): Promise<NotificationEntity[]> {
    return this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.session_id = :sessionId', { sessionId })
      .orderBy('n.session_version', 'ASC')
      .addOrderBy('n.due_at', 'ASC')
      .addOrderBy('n.kind', 'ASC')
      .addOrderBy('n.recipient_id', 'ASC')
      .getMany();
  }

  /** Pending rows, locked for this relay; other relays skip them. Oldest due first. */
  async claimPending(manager: EntityManager, limit: number): Promise<Array<{ id: string; dueAt: Date }>> {
    const rows: Array<{ id: string; due_at: Date }> = await manager.query(
      `SELECT id, due_at FROM notification WHERE state = 'pending' ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, dueAt: r.due_at }));
  }

  async markQueued(manager: EntityManager, ids: readonly string[]): Promise<void> {
    await manager.query(
      `UPDATE notification SET state = 'queued', queued_at = now(), updated_at = now() WHERE id = ANY($1::uuid[]) AND state = 'pending'`,
      [ids],
    );
  }

  loadForDelivery(id: string): Promise<NotificationDelivery | null> {
    return queryOneById<DeliverySqlRow, NotificationDelivery>(
      this.dataSource,
      `SELECT n.id, n.kind, n.state, n.session_version, n.offset_seconds, n.due_at,
              s.id AS s_id, s.version AS s_version, s.status AS s_status, s.start_at, s.end_at, s.topic, s.coach_id,
              r.id AS r_id, r.email AS r_email, r.display_name AS r_name, r.locale AS r_locale, r.time_zone AS r_zone,
              o.display_name AS o_name
         FROM notification n
         JOIN coaching_session s ON s.id = n.session_id
         JOIN app_user r ON r.id = n.recipient_id
         JOIN app_user o ON o.id = CASE WHEN n.recipient_id = s.coach_id THEN s.newcomer_id ELSE s.coach_id END
        WHERE n.id = $1`,
      id,
      (row) => ({
        id: row.id,
        kind: row.kind,
        state: row.state,
        sessionVersion: row.session_version,
        offsetSeconds: row.offset_seconds,
        dueAt: row.due_at,
        session: {
          id: row.s_id,
          version: row.s_version,
          status: row.s_status,
          startAt: row.start_at,
          endAt: row.end_at,
          topic: row.topic,
          coachId: row.coach_id,
        },
        recipient: { id: row.r_id, email: row.r_email, displayName: row.r_name, locale: row.r_locale, timeZone: row.r_zone },
        other: { displayName: row.o_name },
      }),
    );
  }

  /** How many rows are pending and how many queued, both always present. */
  async openCountsByState(): Promise<Record<'pending' | 'queued', number>> {
    const rows: Array<{ state: 'pending' | 'queued'; count: number }> = await this.dataSource.query(OPEN_NOTIFICATIONS_SQL);
    return { pending: rows.find((r) => r.state === 'pending')?.count ?? 0, queued: rows.find((r) => r.state === 'queued')?.count ?? 0 };
  }

  /** Only an open row changes: a row already sent, skipped or failed keeps its outcome. */
  async markSent(id: string, providerMessageId: string, attempt: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification SET state = 'sent', sent_at = now(), provider_message_id = $2, attempts = $3, last_error = NULL, updated_at = now()
        WHERE id = $1 AND state IN ('pending', 'queued')`,
      [id, providerMessageId.slice(0, ERROR_TEXT_LIMIT), attempt],
    );
  }

  async markSkipped(id: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification SET state = 'skipped', last_error = $2, updated_at = now() WHERE id = $1 AND state IN ('pending', 'queued')`,
      [id, reason],
    );
  }

  /** Records a failed attempt; the last one turns the row `failed`. */
  async recordFailure(id: string, error: string, attempt: number, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification SET attempts = $3, last_error = $2, state = CASE WHEN $4 THEN 'failed' ELSE state END, updated_at = now()
        WHERE id = $1 AND state IN ('pending', 'queued')`,
      [id, error.slice(0, ERROR_TEXT_LIMIT), attempt, final],
    );
  }

  /** One page of queued rows, in id order, for the reconciler. */
  async queuedAfter(afterId: string | null, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM notification WHERE state = 'queued' AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Hands queued rows back to the relay (their jobs are gone) and wakes it. */
  async requeue(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const [, count]: UpdateResult<unknown> = await manager.query(
        `UPDATE notification SET state = 'pending', queued_at = NULL, updated_at = now() WHERE id = ANY($1::uuid[]) AND state = 'queued'`,
        [ids],
      );
      await manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, 'reconciler']);
      return count;
    });
  }
}
