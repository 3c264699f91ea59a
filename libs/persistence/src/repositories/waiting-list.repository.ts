import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type AcademyScope } from './academy-scope';
import { AuditLogRepository, type AuditEntry } from './audit-log.repository';
import { queryOneById } from './query-one';

export const WAITING_LIST_STATUSES = ['waiting', 'offered', 'booked', 'withdrawn', 'expired'] as const;
export type WaitingListStatus = (typeof WAITING_LIST_STATUSES)[number];
export type WaitingListOutboxKind = 'coach_changed' | 'offer' | 'expiry_notice';

export interface PreferredWindow {
  weekday: number;
  start: string;
  end: string;
}

export interface WaitingListEntry {
  id: string;
  newcomerId: string;
  academyId: string;
  languages: string[];
  topics: string[];
  timeZone: string;
  preferredWindows: PreferredWindow[];
  status: WaitingListStatus;
  createdAt: Date;
  expiresAt: Date;
  lastOfferedAt: Date | null;
}

export interface WaitingListRequest {
  newcomerId: string;
  academyId: string;
  languages: readonly string[];
  topics: readonly string[];
  timeZone: string;
  preferredWindows: readonly PreferredWindow[];
}

export interface WaitingListFilter {
  newcomerId?: string;
  status?: WaitingListStatus;
  language?: string;
  topic?: string;
}

/** One row of the demand report: entries asking for one language and one topic. */
export interface DemandRow {
  academyId: string;
  language: string;
  topic: string;
  open: number;
  medianWaitDays: number | null;
  longestWaitDays: number | null;
  offersMade: number;
  bookedWithin7Days: number;
  bookedWithin30Days: number;
}

export interface CoachSummary {
  coachId: string;
  /** Active and not disabled: offered to newcomers. */
  active: boolean;
  academyId: string;
  displayName: string;
  languages: string[];
  topics: string[];
}

export interface UnmetSearchRow {
  academyId: string;
  month: string;
  language: string;
  topic: string;
  searches: number;
}

/** What the worker reads to mail one offer or one expiry notice. */
export interface WaitingListMessage {
  id: string;
  kind: WaitingListOutboxKind;
  state: string;
  coachId: string | null;
  periodEndsAt: Date | null;
  nonce: Buffer | null;
  entry: WaitingListEntry;
  newcomer: { email: string; displayName: string; locale: string; erased: boolean; disabled: boolean };
}

interface EntrySqlRow {
  id: string;
  newcomer_id: string;
  academy_id: string;
  languages: string[];
  topics: string[];
  time_zone: string;
  preferred_windows: PreferredWindow[];
  status: WaitingListStatus;
  created_at: Date;
  expires_at: Date;
  last_offered_at: Date | null;
}

const OPEN = `('waiting', 'offered')`;
/** An open entry whose time ran out reads as expired even before the worker's sweep marks it. */
const STATUS_AT = (now: string) => `CASE WHEN e.status IN ${OPEN} AND e.expires_at <= ${now} THEN 'expired' ELSE e.status END`;
const ENTRY_COLUMNS = (now: string) =>
  `e.id, e.newcomer_id, e.academy_id, e.languages, e.topics, e.time_zone, e.preferred_windows, ${STATUS_AT(now)} AS status,
   e.created_at, e.expires_at, e.last_offered_at`;

function toEntry(r: EntrySqlRow): WaitingListEntry {
  return {
    id: r.id,
    newcomerId: r.newcomer_id,
    academyId: r.academy_id,
    languages: r.languages,
    topics: r.topics,
    timeZone: r.time_zone,
    preferredWindows: r.preferred_windows,
    status: r.status,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastOfferedAt: r.last_offered_at,
  };
}

const OFFER_INTERVAL = `interval '24 hours'`;
const NOTICE_BEFORE = `interval '7 days'`;

/**
 * The waiting list, its outbox (coach changes to match against it, offers,
 * expiry notices) and the anonymous counts of searches that found no coach.
 * Reads take an academy scope, applied in the SQL.
 */
@Injectable()
export class WaitingListRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogRepository,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * The newcomer's open entry, made or updated with what they asked for now; `created` says which. An expired one
   * still marked open is closed first, so the new request starts a new entry. Both run under the newcomer's row lock.
   */
  async join(
    request: WaitingListRequest,
    now: Date,
    expiresAt: Date,
    audit?: Omit<AuditEntry, 'entityId'>,
  ): Promise<{ entry: WaitingListEntry; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM app_user WHERE id = $1 FOR NO KEY UPDATE`, [request.newcomerId]);
      await manager.query(
        `UPDATE waiting_list_entry SET status = 'expired', closed_at = expires_at, updated_at = $2
          WHERE newcomer_id = $1 AND status IN ${OPEN} AND expires_at <= $2`,
        [request.newcomerId, now],
      );
      const params = [
        request.newcomerId,
        request.academyId,
        request.languages,
        request.topics,
        request.timeZone,
        JSON.stringify(request.preferredWindows),
        now,
        expiresAt,
      ];
      const [updated]: EntrySqlRow[] = await manager
        .query(
          `UPDATE waiting_list_entry e SET academy_id = $2, languages = $3, topics = $4, time_zone = $5, preferred_windows = $6,
                updated_at = $7, expires_at = $8
          WHERE e.newcomer_id = $1 AND e.status IN ${OPEN}
        RETURNING ${ENTRY_COLUMNS('$7')}`,
          params,
        )
        .then(([rows]: [EntrySqlRow[]]) => rows);
      const row =
        updated ??
        (
          await manager.query(
            `INSERT INTO waiting_list_entry AS e (newcomer_id, academy_id, languages, topics, time_zone, preferred_windows, created_at, updated_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)
            RETURNING ${ENTRY_COLUMNS('$7')}`,
            params,
          )
        )[0];
      // What was asked stays out of the log: the entry holds it, and erasure removes the entry.
      if (audit) await this.auditLog.append(manager, { ...audit, entityId: row.id, changes: { created: !updated } });
      return { entry: toEntry(row), created: !updated };
    });
  }

  async list(
    scope: AcademyScope,
    filter: WaitingListFilter,
    page: { limit: number; offset: number },
    now: Date,
  ): Promise<{ items: WaitingListEntry[]; total: number }> {
    const where = [
      `($1::uuid IS NULL OR e.academy_id = $1::uuid)`,
      `($2::uuid IS NULL OR e.newcomer_id = $2::uuid)`,
      `($3::text IS NULL OR ${STATUS_AT('$6')} = $3::text)`,
      `($4::text IS NULL OR $4::text = ANY(e.languages))`,
      `($5::text IS NULL OR $5::text = ANY(e.topics))`,
    ].join(' AND ');
    const params = [
      scope.kind === 'academy' ? scope.academyId : null,
      filter.newcomerId ?? null,
      filter.status ?? null,
      filter.language ?? null,
      filter.topic ?? null,
      now,
    ];
    const rows: EntrySqlRow[] = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS('$6')} FROM waiting_list_entry e WHERE ${where} ORDER BY e.created_at DESC, e.id LIMIT $7 OFFSET $8`,
      [...params, page.limit, page.offset],
    );
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM waiting_list_entry e WHERE ${where}`,
      params,
    );
    return { items: rows.map(toEntry), total };
  }

  /**
   * Closes an open entry in the scope (and the newcomer's own, when `newcomerId` is given). Null when there is no such
   * entry; `closed: false` when it exists but is no longer open.
   */
  async withdraw(
    manager: EntityManager,
    id: string,
    scope: AcademyScope,
    newcomerId: string | null,
    now: Date,
  ): Promise<{ academyId: string; closed: boolean } | null> {
    const [found]: Array<{ academy_id: string; open: boolean }> = await manager.query(
      `SELECT e.academy_id, (e.status IN ${OPEN} AND e.expires_at > $4) AS open FROM waiting_list_entry e
        WHERE e.id = $1 AND ($2::uuid IS NULL OR e.academy_id = $2::uuid) AND ($3::uuid IS NULL OR e.newcomer_id = $3::uuid)
        FOR UPDATE`,
      [id, scope.kind === 'academy' ? scope.academyId : null, newcomerId, now],
    );
    if (!found) return null;
    if (!found.open) return { academyId: found.academy_id, closed: false };
    await manager.query(`UPDATE waiting_list_entry SET status = 'withdrawn', closed_at = $2, updated_at = $2 WHERE id = $1`, [id, now]);
    return { academyId: found.academy_id, closed: true };
  }

  /**
   * In the booking's transaction: the newcomer's open entry is booked when the coach fits it, that is shares one
   * of its languages and covers one of its topics.
   */
  async markBooked(manager: EntityManager, newcomerId: string, coachId: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE waiting_list_entry e SET status = 'booked', closed_at = $3, updated_at = $3
         FROM coach_profile p JOIN app_user c ON c.id = p.user_id
        WHERE e.newcomer_id = $1 AND e.status IN ${OPEN} AND e.expires_at > $3
          AND p.user_id = $2 AND c.languages && e.languages AND p.topics && e.topics`,
      [newcomerId, coachId, now],
    );
  }

  /**
   * Spends a renewal link: the entry its notice warned about stays open for another period. Null when the token is
   * unknown, used, or the entry is no longer open.
   */
  async renew(tokenHash: Buffer, now: Date, days: number): Promise<WaitingListEntry | null> {
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [Array<{ entry_id: string }>] = await manager.query(
        `UPDATE waiting_list_outbox o SET used_at = $2
           FROM waiting_list_entry e
          WHERE o.token_hash = $1 AND o.kind = 'expiry_notice' AND o.used_at IS NULL
            AND e.id = o.entry_id AND e.status IN ${OPEN} AND e.expires_at > $2
        RETURNING o.entry_id`,
        [tokenHash, now],
      );
      if (!rows[0]) return null;
      const [[entry]]: [EntrySqlRow[]] = await manager.query(
        `UPDATE waiting_list_entry e SET expires_at = $2::timestamptz + make_interval(days => $3), updated_at = $2
          WHERE e.id = $1 RETURNING ${ENTRY_COLUMNS('$2')}`,
        [rows[0].entry_id, now, days],
      );
      return toEntry(entry);
    });
  }

  /** Counts a search that found no coach, once per language and topic asked for; nothing about who searched. */
  async countUnmetSearch(academyId: string, at: Date, languages: readonly string[], topics: readonly string[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO unmet_search_count AS c (academy_id, month, language, topic, searches)
       SELECT $1, date_trunc('month', $2::timestamptz AT TIME ZONE 'UTC')::date, l, t, 1
         FROM unnest($3::text[]) AS l, unnest($4::text[]) AS t
       ON CONFLICT (academy_id, month, language, topic) DO UPDATE SET searches = c.searches + 1`,
      [academyId, at, languages, topics],
    );
  }

  /**
   * Entries created in [from, to) by academy, language and topic (an entry asking for two languages counts under
   * each): how many are still open at `now`, their median and longest wait so far, offers made, and how many were
   * booked within 7 and 30 days of joining.
   */
  async demand(academyIds: readonly string[], from: Date, to: Date, now: Date): Promise<DemandRow[]> {
    const rows: Array<{
      academy_id: string;
      language: string;
      topic: string;
      open: number;
      median: number | null;
      longest: number | null;
      offers: number;
      booked7: number;
      booked30: number;
    }> = await this.dataSource.query(
      `WITH e AS (
         SELECT e.*, ${STATUS_AT('$4')} AS now_status,
                (SELECT count(*) FROM waiting_list_outbox o WHERE o.entry_id = e.id AND o.kind = 'offer')::int AS offers
           FROM waiting_list_entry e
          WHERE e.academy_id = ANY($1::uuid[]) AND e.created_at >= $2 AND e.created_at < $3
       ), pairs AS (
         SELECT e.*, l AS language, t AS topic FROM e, unnest(e.languages) AS l, unnest(e.topics) AS t
       )
       SELECT academy_id, language, topic,
              count(*) FILTER (WHERE now_status IN ${OPEN})::int AS open,
              floor(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM $4 - created_at) / 86400)
                    FILTER (WHERE now_status IN ${OPEN}))::int AS median,
              floor(max(extract(epoch FROM $4 - created_at) / 86400) FILTER (WHERE now_status IN ${OPEN}))::int AS longest,
              sum(offers)::int AS offers,
              count(*) FILTER (WHERE status = 'booked' AND closed_at <= created_at + interval '7 days')::int AS booked7,
              count(*) FILTER (WHERE status = 'booked' AND closed_at <= created_at + interval '30 days')::int AS booked30
         FROM pairs GROUP BY academy_id, language, topic
        ORDER BY open DESC, longest DESC NULLS LAST, language, topic`,
      [academyIds, from, to, now],
    );
    return rows.map((r) => ({
      academyId: r.academy_id,
      language: r.language,
      topic: r.topic,
      open: r.open,
      medianWaitDays: r.median,
      longestWaitDays: r.longest,
      offersMade: r.offers,
      bookedWithin7Days: r.booked7,
      bookedWithin30Days: r.booked30,
    }));
  }

  /** Searches that found no coach, per month (YYYY-MM) overlapping [from, to), by academy, language and topic. */
  async unmetSearches(academyIds: readonly string[], from: Date, to: Date): Promise<UnmetSearchRow[]> {
    const rows: Array<{ academy_id: string; month: string; language: string; topic: string; searches: number }> =
      await this.dataSource.query(
        `SELECT academy_id, to_char(month, 'YYYY-MM') AS month, language, topic, searches FROM unmet_search_count
        WHERE academy_id = ANY($1::uuid[]) AND month >= date_trunc('month', $2::timestamptz AT TIME ZONE 'UTC')::date AND month < $3
        ORDER BY month, searches DESC, language, topic`,
        [academyIds, from, to],
      );
    return rows.map((r) => ({ academyId: r.academy_id, month: r.month, language: r.language, topic: r.topic, searches: r.searches }));
  }

  // ---- The worker's side -------------------------------------------------------------------------------------

  /** Pending outbox rows, locked for this relay; other relays skip them. */
  async claimPending(manager: EntityManager, limit: number): Promise<Array<{ id: string; kind: WaitingListOutboxKind }>> {
    return manager.query(
      `SELECT id, kind FROM waiting_list_outbox WHERE state = 'pending' ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markQueued(manager: EntityManager, ids: readonly string[]): Promise<void> {
    await manager.query(`UPDATE waiting_list_outbox SET state = 'queued', queued_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async requeue(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const [, count] = await this.dataSource.query(
      `UPDATE waiting_list_outbox SET state = 'pending', queued_at = NULL WHERE id = ANY($1::uuid[]) AND state = 'queued'`,
      [ids],
    );
    return Number(count);
  }

  async queuedAfter(after: string | null, limit: number): Promise<Array<{ id: string; kind: WaitingListOutboxKind }>> {
    return this.dataSource.query(
      `SELECT id, kind FROM waiting_list_outbox WHERE state = 'queued' AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [after, limit],
    );
  }

  async settle(id: string, state: 'done' | 'skipped', providerMessageId: string | null = null): Promise<void> {
    await this.dataSource.query(
      `UPDATE waiting_list_outbox SET state = $2, done_at = now(), provider_message_id = coalesce($3, provider_message_id)
        WHERE id = $1 AND state NOT IN ('done', 'skipped')`,
      [id, state, providerMessageId],
    );
  }

  /** A coach_changed row's coach id and state; null when the row is gone. */
  async changedCoach(outboxId: string): Promise<{ state: string; coachId: string } | null> {
    return queryOneById(
      this.dataSource,
      `SELECT state, coach_id FROM waiting_list_outbox WHERE id = $1 AND kind = 'coach_changed'`,
      outboxId,
      (r: { state: string; coach_id: string }) => ({ state: r.state, coachId: r.coach_id }),
    );
  }

  /** What matching and the offer mail need of a coach; null when the account is gone. */
  async coach(coachId: string): Promise<CoachSummary | null> {
    return queryOneById(
      this.dataSource,
      `SELECT p.user_id, p.active, u.academy_id, u.display_name, u.languages, p.topics, u.disabled_at IS NOT NULL AS disabled
         FROM coach_profile p JOIN app_user u ON u.id = p.user_id WHERE p.user_id = $1 AND u.role = 'coach'`,
      coachId,
      (r: {
        user_id: string;
        active: boolean;
        academy_id: string;
        display_name: string;
        languages: string[];
        topics: string[];
        disabled: boolean;
      }) => ({
        coachId: r.user_id,
        active: r.active && !r.disabled,
        academyId: r.academy_id,
        displayName: r.display_name,
        languages: r.languages,
        topics: r.topics,
      }),
    );
  }

  /**
   * Open entries of the academy that the coach fits on language and topic, oldest first, which have had no offer
   * from this coach, and none at all in the 24 hours before `now`.
   */
  async offerable(
    coach: { coachId: string; academyId: string; languages: string[]; topics: string[] },
    now: Date,
    limit: number,
  ): Promise<WaitingListEntry[]> {
    const rows: EntrySqlRow[] = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS('$5')} FROM waiting_list_entry e JOIN app_user n ON n.id = e.newcomer_id
        WHERE e.academy_id = $1 AND e.status IN ${OPEN} AND e.expires_at > $5 AND n.erased_at IS NULL AND n.disabled_at IS NULL
          AND e.languages && $2::text[] AND e.topics && $3::text[]
          AND (e.last_offered_at IS NULL OR e.last_offered_at <= $5::timestamptz - ${OFFER_INTERVAL})
          AND NOT EXISTS (SELECT 1 FROM waiting_list_outbox o WHERE o.entry_id = e.id AND o.coach_id = $4 AND o.kind = 'offer')
        ORDER BY e.created_at, e.id LIMIT $6`,
      [coach.academyId, coach.languages, coach.topics, coach.coachId, now, limit],
    );
    return rows.map(toEntry);
  }

  /**
   * Writes the offer rows and marks their entries offered, in one transaction, each entry only if it is still open
   * and still without an offer in the last 24 hours: of two coaches matched at once, one offers. Returns the new rows.
   */
  async recordOffers(coachId: string, entryIds: readonly string[], now: Date): Promise<string[]> {
    if (entryIds.length === 0) return [];
    return this.dataSource.transaction(async (manager) => {
      const [marked]: [Array<{ id: string }>] = await manager.query(
        `UPDATE waiting_list_entry e SET status = 'offered', last_offered_at = $2, updated_at = $2
          WHERE e.id = ANY($1::uuid[]) AND e.status IN ${OPEN} AND e.expires_at > $2
            AND (e.last_offered_at IS NULL OR e.last_offered_at <= $2::timestamptz - ${OFFER_INTERVAL})
            AND NOT EXISTS (SELECT 1 FROM waiting_list_outbox o WHERE o.entry_id = e.id AND o.coach_id = $3 AND o.kind = 'offer')
        RETURNING e.id`,
        [entryIds, now, coachId],
      );
      if (marked.length === 0) return [];
      const inserted: Array<{ id: string }> = await manager.query(
        `INSERT INTO waiting_list_outbox (kind, coach_id, entry_id) SELECT 'offer', $1, unnest($2::uuid[])
         ON CONFLICT DO NOTHING RETURNING id`,
        [coachId, marked.map((m) => m.id)],
      );
      return inserted.map((r) => r.id);
    });
  }

  /** An offer or expiry notice with its entry and recipient, read when the worker sends it. */
  async message(id: string, now: Date): Promise<WaitingListMessage | null> {
    const [r]: Array<
      EntrySqlRow & {
        outbox_id: string;
        kind: WaitingListOutboxKind;
        state: string;
        coach_id: string | null;
        period_ends_at: Date | null;
        nonce: Buffer | null;
        email: string;
        display_name: string;
        locale: string;
        erased: boolean;
        disabled: boolean;
      }
    > = await this.dataSource.query(
      `SELECT o.id AS outbox_id, o.kind, o.state, o.coach_id, o.period_ends_at, o.nonce, ${ENTRY_COLUMNS('$2')},
              n.email, n.display_name, n.locale, n.erased_at IS NOT NULL AS erased, n.disabled_at IS NOT NULL AS disabled
         FROM waiting_list_outbox o JOIN waiting_list_entry e ON e.id = o.entry_id JOIN app_user n ON n.id = e.newcomer_id
        WHERE o.id = $1 AND o.kind <> 'coach_changed'`,
      [id, now],
    );
    if (!r) return null;
    return {
      id: r.outbox_id,
      kind: r.kind,
      state: r.state,
      coachId: r.coach_id,
      periodEndsAt: r.period_ends_at,
      nonce: r.nonce,
      entry: toEntry(r),
      newcomer: { email: r.email, displayName: r.display_name, locale: r.locale, erased: r.erased, disabled: r.disabled },
    };
  }

  /**
   * Marks entries whose time ran out as expired, and writes an expiry notice (with its renewal token's nonce and
   * hash, made by `tokenFor`) for each open entry within 7 days of its end that has none for this period.
   */
  async sweep(
    now: Date,
    tokenFor: (outboxId: string, nonce: Buffer) => Buffer,
    newNonce: () => Buffer,
    limit: number,
  ): Promise<{ expired: number; notices: number }> {
    const [, expired] = await this.dataSource.query(
      `UPDATE waiting_list_entry SET status = 'expired', closed_at = expires_at, updated_at = $1 WHERE status IN ${OPEN} AND expires_at <= $1`,
      [now],
    );
    const due: Array<{ id: string; expires_at: Date }> = await this.dataSource.query(
      `SELECT e.id, e.expires_at FROM waiting_list_entry e
        WHERE e.status IN ${OPEN} AND e.expires_at > $1 AND e.expires_at <= $1::timestamptz + ${NOTICE_BEFORE}
          AND NOT EXISTS (SELECT 1 FROM waiting_list_outbox o WHERE o.entry_id = e.id AND o.kind = 'expiry_notice' AND o.period_ends_at = e.expires_at)
        ORDER BY e.expires_at LIMIT $2`,
      [now, limit],
    );
    let notices = 0;
    for (const entry of due) {
      const [{ id }]: Array<{ id: string }> = await this.dataSource.query(`SELECT gen_random_uuid() AS id`);
      const nonce = newNonce();
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO waiting_list_outbox (id, kind, entry_id, period_ends_at, nonce, token_hash) VALUES ($1, 'expiry_notice', $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING id`,
        [id, entry.id, entry.expires_at, nonce, tokenFor(id, nonce)],
      );
      notices += inserted.length;
    }
    return { expired: Number(expired), notices };
  }
}
