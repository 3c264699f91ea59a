import { type MigrationInterface, type QueryRunner } from 'typeorm';

const UUID = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

export class Hardening1764000000006 implements MigrationInterface {
  name = 'Hardening1764000000006';

  async up(q: QueryRunner): Promise<void> {
    // A coach's sessions by time: the booking path, the coach's list, erasure and the reports.
    await q.query(`CREATE INDEX "IDX_session_coach_start" ON coaching_session (coach_id, start_at)`);
    // Erasure skips a person's unsent messages; the foreign key alone has no index behind it.
    await q.query(`CREATE INDEX "IDX_notification_recipient" ON notification (recipient_id)`);
    // Retention deletes settled rows by age.
    await q.query(`CREATE INDEX "IDX_notification_settled" ON notification (updated_at) WHERE state IN ('sent', 'skipped', 'failed')`);

    // The parties of a stored booking response, as columns, so erasing one does not scan the JSON;
    // and an end of life, so a key is remembered for a while, not for ever.
    await q.query(
      `ALTER TABLE idempotency_key ADD COLUMN coach_id uuid NULL, ADD COLUMN newcomer_id uuid NULL, ADD COLUMN expires_at timestamptz NULL`,
    );
    await q.query(`
      UPDATE idempotency_key SET
        coach_id = CASE WHEN response_body -> 'coach' ->> 'id' ~ ${UUID} THEN (response_body -> 'coach' ->> 'id')::uuid END,
        newcomer_id = CASE WHEN response_body -> 'newcomer' ->> 'id' ~ ${UUID} THEN (response_body -> 'newcomer' ->> 'id')::uuid END,
        expires_at = created_at + interval '24 hours'`);
    await q.query(`ALTER TABLE idempotency_key ALTER COLUMN expires_at SET NOT NULL`);
    await q.query(`CREATE INDEX "IDX_idempotency_key_expires" ON idempotency_key (expires_at)`);
    await q.query(`CREATE INDEX "IDX_idempotency_key_coach" ON idempotency_key (coach_id) WHERE coach_id IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_idempotency_key_newcomer" ON idempotency_key (newcomer_id) WHERE newcomer_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_idempotency_key_newcomer"`);
    await q.query(`DROP INDEX "IDX_idempotency_key_coach"`);
    await q.query(`DROP INDEX "IDX_idempotency_key_expires"`);
    await q.query(`ALTER TABLE idempotency_key DROP COLUMN expires_at, DROP COLUMN newcomer_id, DROP COLUMN coach_id`);
    await q.query(`DROP INDEX "IDX_notification_settled"`);
    await q.query(`DROP INDEX "IDX_notification_recipient"`);
    await q.query(`DROP INDEX "IDX_session_coach_start"`);
  }
}
