import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Coordination1764000000004 implements MigrationInterface {
  name = 'Coordination1764000000004';

  async up(q: QueryRunner): Promise<void> {
    // The coach lifecycle replaces the bare active flag; `active` stays, derived, so
    // every reader that asks "may this coach be offered?" keeps asking one column.
    await q.query(`
      ALTER TABLE coach_profile ADD COLUMN status text NOT NULL DEFAULT 'invited'
        CHECK (status IN ('invited', 'trained', 'active', 'paused', 'retired'))`);
    await q.query(`UPDATE coach_profile SET status = CASE WHEN active THEN 'active' ELSE 'paused' END`);
    await q.query(`ALTER TABLE coach_profile DROP COLUMN active`);
    await q.query(`ALTER TABLE coach_profile ADD COLUMN active boolean GENERATED ALWAYS AS (status = 'active') STORED`);

    // A session booked on someone's behalf records that they consented. Rows booked before
    // this column existed have no such record, and are not given one after the fact.
    await q.query(`ALTER TABLE coaching_session ADD COLUMN consent_recorded_at timestamptz NULL`);
    await q.query(`
      ALTER TABLE coaching_session ADD CONSTRAINT coaching_session_on_behalf_consent
        CHECK (booked_by = newcomer_id OR consent_recorded_at IS NOT NULL) NOT VALID`);
    // The coordinators' "needs attention" list: booked sessions whose end has long passed.
    await q.query(`CREATE INDEX "IDX_session_booked_end" ON coaching_session (academy_id, end_at) WHERE status = 'booked'`);

    // Erasure keeps the row (sessions point at it, and the statistics count it) without the person.
    await q.query(`ALTER TABLE app_user ADD COLUMN erased_at timestamptz NULL`);
    // Retention counts inactivity from the last sign-in, session or registration, whichever is latest.
    await q.query(`ALTER TABLE app_user ADD COLUMN last_login_at timestamptz NULL`);
    await q.query(`CREATE INDEX "IDX_app_user_retention" ON app_user (created_at) WHERE role = 'newcomer' AND erased_at IS NULL`);
    // Sign-ins were not recorded before: inactivity of existing accounts counts from this upgrade, not from
    // their registration, so nobody who signs in regularly is erased by the first retention run.
    await q.query(`UPDATE app_user SET last_login_at = now() WHERE erased_at IS NULL`);
    await q.query(`CREATE INDEX "IDX_audit_log_created" ON audit_log (created_at)`);
    // Export and erasure look a person up in the audit log and in cancellations.
    await q.query(`CREATE INDEX "IDX_audit_log_entity" ON audit_log (entity_id)`);
    await q.query(`CREATE INDEX "IDX_audit_log_actor" ON audit_log (actor_id)`);
    await q.query(`CREATE INDEX "IDX_session_cancelled_by" ON coaching_session (cancelled_by) WHERE cancelled_by IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_session_cancelled_by"`);
    await q.query(`DROP INDEX "IDX_audit_log_actor"`);
    await q.query(`DROP INDEX "IDX_audit_log_entity"`);
    await q.query(`DROP INDEX "IDX_audit_log_created"`);
    await q.query(`DROP INDEX "IDX_app_user_retention"`);
    await q.query(`ALTER TABLE app_user DROP COLUMN last_login_at`);
    await q.query(`ALTER TABLE app_user DROP COLUMN erased_at`);
    await q.query(`DROP INDEX "IDX_session_booked_end"`);
    await q.query(`ALTER TABLE coaching_session DROP CONSTRAINT coaching_session_on_behalf_consent`);
    await q.query(`ALTER TABLE coaching_session DROP COLUMN consent_recorded_at`);
    await q.query(`ALTER TABLE coach_profile DROP COLUMN active`);
    await q.query(`ALTER TABLE coach_profile ADD COLUMN active boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE coach_profile SET active = (status = 'active')`);
    await q.query(`ALTER TABLE coach_profile DROP COLUMN status`);
  }
}
