import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogRepository } from './audit-log.repository';

/** Why a person's data was erased, as the audit log records it. */
export type ErasureGround = 'own_request' | 'coordinator_request' | 'retention';

/** Everything held about one person, as JSON-ready rows. */
export interface PersonalDataExport {
  account: Record<string, unknown>;
  coachProfile: Record<string, unknown> | null;
  availability: { weekly: unknown[]; overrides: unknown[]; timeOff: unknown[] } | null;
  sessionsAsNewcomer: Array<Record<string, unknown>>;
  sessionsAsCoach: Array<Record<string, unknown>>;
  notifications: Array<Record<string, unknown>>;
  /** When they opened a session's room. */
  joins: Array<Record<string, unknown>>;
  auditEntries: Array<Record<string, unknown>>;
  /** One entry a sign-in (device): when it began, the browser or app, when and why it ended. Never a token. */
  signIns: Array<Record<string, unknown>>;
  /** A newcomer's answers about their sessions, comments included. */
  feedbackSent: Array<Record<string, unknown>>;
  /** A coach's reports after their sessions, private notes included. */
  coachReports: Array<Record<string, unknown>>;
  /** Flags a coordinator closed, with the note they wrote. */
  flagsClosed: Array<Record<string, unknown>>;
}

/**
 * Access to and erasure of one person's data. Erasure keeps the account row
 * and the sessions (the statistics count them) and removes what identifies
 * the person: email, name, password, languages, zone, free text they wrote
 * or that was written about them, and stored responses that quote them.
 */
@Injectable()
export class PersonalDataRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogRepository,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * One REPEATABLE READ transaction: the statements run one after the other on
   * one connection and all read the snapshot of the first, so the export is
   * consistent, and one request holds one pool connection, not nine.
   */
  exportOf(userId: string): Promise<PersonalDataExport> {
    return this.dataSource.transaction('REPEATABLE READ', (manager) => this.readExport(manager, userId));
  }

  private async readExport(manager: EntityManager, userId: string): Promise<PersonalDataExport> {
    const q = <T = Record<string, unknown>>(sql: string) => manager.query(sql, [userId]) as Promise<T[]>;
    const statements = [
      `SELECT id, email, role, academy_id AS "academyId", display_name AS "displayName", locale, time_zone AS "timeZone", languages,
                created_at AS "createdAt", last_login_at AS "lastLoginAt" FROM app_user WHERE id = $1`,
      `SELECT topics, bio, gender, session_lengths AS "sessionLengths", slot_step_minutes AS "slotStepMinutes",
                minimum_notice_minutes AS "minimumNoticeMinutes", horizon_days AS "horizonDays", buffer_before_minutes AS "bufferBeforeMinutes",
                buffer_after_minutes AS "bufferAfterMinutes", max_sessions_per_day AS "maxSessionsPerDay", max_sessions_per_week AS "maxSessionsPerWeek",
                status, availability_time_zone AS "availabilityTimeZone", created_at AS "createdAt" FROM coach_profile WHERE user_id = $1`,
      `SELECT weekday, to_char(start_time, 'HH24:MI') AS start, to_char(end_time, 'HH24:MI') AS "end", time_zone AS "timeZone"
           FROM availability_rule WHERE coach_id = $1 ORDER BY weekday, start_time`,
      `SELECT to_char(local_date, 'YYYY-MM-DD') AS date, intervals FROM availability_override WHERE coach_id = $1 ORDER BY local_date`,
      `SELECT id, start_at AS start, end_at AS "end", reason FROM time_off WHERE coach_id = $1 ORDER BY start_at`,
      // The coach's private notes are the coach's own record about the session: the newcomer's export leaves them out.
      `SELECT s.id, s.coach_id AS "coachId", c.display_name AS "coachDisplayName", s.topic, s.language, s.start_at AS start, s.end_at AS "end",
                s.status, s.booked_by AS "bookedBy", s.consent_recorded_at AS "consentRecordedAt",
                s.cancellation_reason AS "cancellationReason", s.created_at AS "createdAt"
           FROM coaching_session s JOIN app_user c ON c.id = s.coach_id WHERE s.newcomer_id = $1 ORDER BY s.start_at`,
      // As a coach sees them: the newcomer is not the coach's data.
      `SELECT s.id, s.topic, s.language, s.start_at AS start, s.end_at AS "end", s.status,
                s.coach_notes AS "coachNotes", s.cancellation_reason AS "cancellationReason"
           FROM coaching_session s WHERE s.coach_id = $1 ORDER BY s.start_at`,
      `SELECT id, session_id AS "sessionId", kind, channel, due_at AS "dueAt", state, sent_at AS "sentAt"
           FROM notification WHERE recipient_id = $1 ORDER BY due_at`,
      `SELECT session_id AS "sessionId", joined_at AS "joinedAt" FROM session_join WHERE user_id = $1 ORDER BY joined_at`,
      // What they did to others is listed without the details, which are the others' data.
      `SELECT id, created_at AS at, actor_id AS "actorId", action, entity_type AS "entityType", entity_id AS "entityId",
                CASE WHEN entity_id = $1 THEN changes END AS changes
           FROM audit_log WHERE actor_id = $1 OR entity_id = $1 ORDER BY created_at`,
      // The sign-in history: when and on which device; the tokens stay out (only their hashes are held anyway).
      `SELECT created_at AS "signedInAt", device, expires_at AS "expiresAt", revoked_at AS "endedAt", revoked_reason AS "endedBecause"
           FROM sign_in WHERE user_id = $1 ORDER BY created_at`,
      `SELECT session_id AS "sessionId", score, happened, comment, answered_at AS "answeredAt", updated_at AS "updatedAt"
           FROM session_feedback WHERE newcomer_id = $1 AND score IS NOT NULL ORDER BY answered_at`,
      `SELECT session_id AS "sessionId", topics, progress, next_step AS "nextStep", concern, concern_note AS "concernNote",
                created_at AS "createdAt", updated_at AS "updatedAt" FROM coach_report WHERE coach_id = $1 ORDER BY created_at`,
      `SELECT session_id AS "sessionId", concern AS level, flag_closed_at AS "closedAt", flag_close_note AS "closeNote"
           FROM coach_report WHERE flag_closed_by = $1 ORDER BY flag_closed_at`,
    ];
    const results: Array<Array<Record<string, unknown>>> = [];
    for (const sql of statements) results.push(await q(sql));
    const [
      [account],
      [coachProfile],
      weekly,
      overrides,
      timeOff,
      sessionsAsNewcomer,
      sessionsAsCoach,
      notifications,
      joins,
      auditEntries,
      signIns,
      feedbackSent,
      coachReports,
      flagsClosed,
    ] = results;
    return {
      account,
      coachProfile: coachProfile ?? null,
      availability: coachProfile ? { weekly, overrides, timeOff } : null,
      sessionsAsNewcomer,
      sessionsAsCoach,
      notifications,
      joins,
      auditEntries,
      signIns,
      feedbackSent,
      coachReports,
      flagsClosed,
    };
  }

  /**
   * Locks the account for erasure; null if it does not exist or is already
   * erased. Taken first, so two erasures of one person take turns.
   */
  async lockForErasure(manager: EntityManager, userId: string): Promise<{ id: string; role: string; academyId: string | null } | null> {
    const [row]: Array<{ id: string; role: string; academy_id: string | null }> = await manager.query(
      `SELECT id, role, academy_id FROM app_user WHERE id = $1 AND erased_at IS NULL FOR NO KEY UPDATE`,
      [userId],
    );
    return row ? { id: row.id, role: row.role, academyId: row.academy_id } : null;
  }

  /** Erases inside the caller's transaction (which holds the lock from `lockForErasure`). */
  async anonymise(
    manager: EntityManager,
    user: { id: string; academyId: string | null },
    actorId: string | null,
    ground: ErasureGround,
  ): Promise<void> {
    const id = user.id;
    // The address stays unique, is no address at all (no "@", so no registration can take it first
    // and block the erasure), and never receives mail; a password hash no argon2 output can equal.
    await manager.query(
      `UPDATE app_user SET email = 'erased:' || id, display_name = 'Erased person', password_hash = '!erased',
              languages = '{}', locale = 'en', time_zone = 'UTC', last_login_at = NULL, erased_at = now(), updated_at = now(),
              token_version = token_version + 1, calendar_feed_nonce = NULL, calendar_feed_hash = NULL
        WHERE id = $1`,
      [id],
    );
    // Every sign-in ends, and no mailed link works any more.
    await manager.query(`UPDATE sign_in SET revoked_at = now(), revoked_reason = 'erased' WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
    await manager.query(`UPDATE sign_in SET device = NULL WHERE user_id = $1 AND device IS NOT NULL`, [id]);
    await manager.query(`UPDATE account_token SET revoked_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`, [id]);
    // Free text written about them, or by them.
    await manager.query(`UPDATE coaching_session SET coach_notes = NULL, cancellation_reason = NULL WHERE newcomer_id = $1`, [id]);
    await manager.query(`UPDATE coaching_session SET cancellation_reason = NULL WHERE cancelled_by = $1`, [id]);
    await manager.query(`UPDATE coaching_session SET coach_notes = NULL WHERE coach_id = $1 AND coach_notes IS NOT NULL`, [id]);
    await manager.query(`UPDATE coach_profile SET bio = '', gender = NULL WHERE user_id = $1`, [id]);
    await manager.query(`UPDATE time_off SET reason = NULL WHERE coach_id = $1`, [id]);
    // When they opened a room is theirs: attendance stays in the session's outcome.
    await manager.query(`DELETE FROM session_join WHERE user_id = $1`, [id]);
    // Their waiting-list entries go (with their offers and notices); the counts of unmet searches never named anyone.
    await manager.query(`DELETE FROM waiting_list_entry WHERE newcomer_id = $1`, [id]);
    // Feedback: the newcomer's comment goes, the score and "did it take place" stay in the figures without them.
    await manager.query(`UPDATE session_feedback SET comment = NULL WHERE newcomer_id = $1 AND comment IS NOT NULL`, [id]);
    // The coach's report: free text about the newcomer or by the coach goes; levels and progress stay counted.
    await manager.query(
      `UPDATE coach_report r SET next_step = NULL, concern_note = NULL
         FROM coaching_session s WHERE s.id = r.session_id AND (s.newcomer_id = $1 OR r.coach_id = $1)
          AND (r.next_step IS NOT NULL OR r.concern_note IS NOT NULL)`,
      [id],
    );
    await manager.query(`UPDATE coach_report SET flag_close_note = NULL WHERE flag_closed_by = $1 AND flag_close_note IS NOT NULL`, [id]);
    // Stored booking responses quote names; none of theirs is replayed again.
    await manager.query(`DELETE FROM idempotency_key WHERE actor_id = $1 OR newcomer_id = $1 OR coach_id = $1`, [id]);
    // Messages not yet sent to them are never sent.
    await manager.query(
      `UPDATE notification SET state = 'skipped', last_error = 'recipient erased', updated_at = now()
        WHERE recipient_id = $1 AND state IN ('pending', 'queued')`,
      [id],
    );
    // Audit entries keep what happened, not who the person was.
    await manager.query(
      `UPDATE audit_log SET changes = changes - 'languages' - 'timeZone' - 'locale' - 'gender' - 'availabilityTimeZone' #- '{availability,timeZone}'
        WHERE entity_id = $1 AND entity_type IN ('user', 'coach_profile')`,
      [id],
    );
    await this.auditLog.append(manager, {
      actorId,
      academyId: user.academyId,
      action: 'account.erased',
      entityType: 'user',
      entityId: id,
      changes: { ground },
    });
  }

  /**
   * Newcomers with no sign-in, registration or session for `months`, by the database's clock, and
   * nothing booked ahead: the retention job erases them. Locked, skipping rows
   * another worker holds, so concurrent runs split the work.
   */
  async lockInactiveNewcomers(
    manager: EntityManager,
    months: number,
    limit: number,
    excluding: readonly string[] = [],
  ): Promise<Array<{ id: string; academyId: string | null }>> {
    const rows: Array<{ id: string; academy_id: string | null }> = await manager.query(
      `WITH cutoff AS (SELECT now() - make_interval(months => $1) AS at)
       SELECT u.id, u.academy_id FROM app_user u, cutoff
        WHERE u.role = 'newcomer' AND u.erased_at IS NULL AND u.created_at < cutoff.at AND coalesce(u.last_login_at, u.created_at) < cutoff.at
          AND NOT EXISTS (SELECT 1 FROM coaching_session s WHERE s.newcomer_id = u.id AND s.end_at >= cutoff.at)
          AND u.id <> ALL($3::uuid[])
        ORDER BY u.created_at LIMIT $2 FOR UPDATE OF u SKIP LOCKED`,
      [months, limit, excluding],
    );
    return rows.map((r) => ({ id: r.id, academyId: r.academy_id }));
  }
}
