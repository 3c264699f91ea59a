import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Notifications1764000000003 implements MigrationInterface {
  name = 'Notifications1764000000003';

  async up(q: QueryRunner): Promise<void> {
    // The outbox: one row per intended message, written in the transaction that
    // changes the session. The worker relays pending rows to BullMQ; Redis may
    // lose its data, this table may not.
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES coaching_session(id) ON DELETE CASCADE,
        session_version int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('confirmation', 'reminder', 'reschedule', 'cancellation', 'follow_up')),
        offset_seconds int NOT NULL DEFAULT 0 CHECK (offset_seconds >= 0),
        recipient_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email')),
        due_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued', 'sent', 'skipped', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text NULL,
        queued_at timestamptz NULL,
        sent_at timestamptz NULL,
        provider_message_id text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'reminder') = (offset_seconds > 0)),
        CONSTRAINT notification_once UNIQUE (session_id, session_version, kind, offset_seconds, recipient_id)
      )`);
    // The relay reads pending rows, the reconciler queued ones: a partial index keeps both cheap
    // however many sent rows accumulate.
    await q.query(`CREATE INDEX "IDX_notification_open" ON notification (state, due_at) WHERE state IN ('pending', 'queued')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification`);
  }
}
