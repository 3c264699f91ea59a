import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class WaitingList1765400000000 implements MigrationInterface {
  name = 'WaitingList1765400000000';

  async up(q: QueryRunner): Promise<void> {
    // What a newcomer asked for when no coach fitted: no more than the match request held.
    await q.query(`
      CREATE TABLE waiting_list_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        newcomer_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        academy_id uuid NOT NULL REFERENCES academy(id),
        languages text[] NOT NULL CHECK (cardinality(languages) BETWEEN 1 AND 10),
        topics text[] NOT NULL CHECK (cardinality(topics) BETWEEN 1 AND 10),
        time_zone text NOT NULL,
        preferred_windows jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'booked', 'withdrawn', 'expired')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        last_offered_at timestamptz NULL,
        closed_at timestamptz NULL
      )`);
    // At most one open entry per newcomer: of two concurrent joins, one updates the other's row.
    await q.query(
      `CREATE UNIQUE INDEX "UQ_waiting_list_entry_open" ON waiting_list_entry (newcomer_id) WHERE status IN ('waiting', 'offered')`,
    );
    await q.query(`CREATE INDEX "IDX_waiting_list_entry_academy" ON waiting_list_entry (academy_id, created_at)`);
    await q.query(
      `CREATE INDEX "IDX_waiting_list_entry_open_expiry" ON waiting_list_entry (expires_at) WHERE status IN ('waiting', 'offered')`,
    );

    // The waiting list's outbox, written with the change that calls for it and relayed to BullMQ by the worker:
    // a coach whose offer changed (to be matched against the list), an offer mail, an expiry notice.
    await q.query(`
      CREATE TABLE waiting_list_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('coach_changed', 'offer', 'expiry_notice')),
        coach_id uuid NULL REFERENCES app_user(id) ON DELETE CASCADE,
        entry_id uuid NULL REFERENCES waiting_list_entry(id) ON DELETE CASCADE,
        -- expiry_notice: the end of the period it warns about; a renewal starts a new period and a new notice.
        period_ends_at timestamptz NULL,
        -- expiry_notice: the renewal link's token is derived from id and nonce; only its sha256 is kept.
        nonce bytea NULL CHECK (nonce IS NULL OR octet_length(nonce) = 16),
        token_hash bytea NULL UNIQUE,
        used_at timestamptz NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued', 'done', 'skipped')),
        created_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz NULL,
        done_at timestamptz NULL,
        provider_message_id text NULL,
        CHECK ((kind = 'coach_changed') = (entry_id IS NULL)),
        CHECK (kind = 'expiry_notice' OR coach_id IS NOT NULL)
      )`);
    // An offer is never made twice for the same coach and entry.
    await q.query(`CREATE UNIQUE INDEX "UQ_waiting_list_offer" ON waiting_list_outbox (entry_id, coach_id) WHERE kind = 'offer'`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_waiting_list_notice" ON waiting_list_outbox (entry_id, period_ends_at) WHERE kind = 'expiry_notice'`,
    );
    await q.query(`CREATE INDEX "IDX_waiting_list_outbox_pending" ON waiting_list_outbox (created_at) WHERE state = 'pending'`);

    // Searches that found no coach, counted per academy, month, language and topic; who searched is not recorded.
    await q.query(`
      CREATE TABLE unmet_search_count (
        academy_id uuid NOT NULL REFERENCES academy(id),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        language text NOT NULL,
        topic text NOT NULL,
        searches integer NOT NULL CHECK (searches > 0),
        PRIMARY KEY (academy_id, month, language, topic)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unmet_search_count`);
    await q.query(`DROP TABLE waiting_list_outbox`);
    await q.query(`DROP TABLE waiting_list_entry`);
  }
}
