import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist backs the EXCLUDE constraints that forbid overlapping sessions.
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE academy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,40}$'),
        name text NOT NULL,
        time_zone text NOT NULL,
        default_locale text NOT NULL,
        reminder_offsets_minutes int[] NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('newcomer', 'coach', 'coordinator', 'admin')),
        academy_id uuid NULL REFERENCES academy(id) ON DELETE RESTRICT,
        display_name text NOT NULL,
        locale text NOT NULL,
        time_zone text NOT NULL,
        languages text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_academy_required CHECK (role = 'admin' OR academy_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX "UQ_app_user_email_lower" ON app_user (lower(email))`);
    await q.query(`CREATE INDEX "IDX_app_user_academy_role" ON app_user (academy_id, role)`);

    await q.query(`
      CREATE TABLE audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        actor_id uuid NULL,
        academy_id uuid NULL REFERENCES academy(id) ON DELETE RESTRICT,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        changes jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_audit_log_academy_created" ON audit_log (academy_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE academy`);
  }
}
