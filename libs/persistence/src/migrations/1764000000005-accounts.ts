import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Accounts1764000000005 implements MigrationInterface {
  name = 'Accounts1764000000005';

  async up(q: QueryRunner): Promise<void> {
    // An invited account has no password until the invitee sets one.
    await q.query(`ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL`);
    // Every access token carries the version it was issued under; raising it ends them all at once.
    await q.query(`ALTER TABLE app_user ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE app_user ADD COLUMN disabled_at timestamptz NULL`);
    await q.query(`ALTER TABLE app_user ADD COLUMN email_verified_at timestamptz NULL`);
    // Accounts made before verification existed keep booking: nobody is locked out by the upgrade.
    await q.query(`UPDATE app_user SET email_verified_at = created_at`);
    // The personal calendar feed's secret is derived from this nonce (so the URL can be shown again) and found by its sha256.
    await q.query(`ALTER TABLE app_user ADD COLUMN calendar_feed_nonce bytea NULL`);
    await q.query(`ALTER TABLE app_user ADD COLUMN calendar_feed_hash bytea NULL`);
    await q.query(`CREATE UNIQUE INDEX "UQ_app_user_calendar_feed" ON app_user (calendar_feed_hash) WHERE calendar_feed_hash IS NOT NULL`);

    // One row per signed-in device: the family its rotating refresh tokens belong to.
    await q.query(`
      CREATE TABLE sign_in (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz NULL,
        revoked_reason text NULL CHECK (revoked_reason IN ('sign_out', 'sign_out_everywhere', 'refresh_reuse', 'password_changed', 'password_reset',
                                                            'disabled', 'erased'))
      )`);
    await q.query(`CREATE INDEX "IDX_sign_in_user_live" ON sign_in (user_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE refresh_token (
        token_hash bytea PRIMARY KEY,
        sign_in_id uuid NOT NULL REFERENCES sign_in(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz NULL
      )`);
    // At most one unused refresh token per device: of two concurrent rotations, one fails.
    await q.query(`CREATE UNIQUE INDEX "UQ_refresh_token_live" ON refresh_token (sign_in_id) WHERE used_at IS NULL`);

    // Tokens sent in links. Only their hash is stored; the nonce lets the worker derive the token again (see link-token.ts).
    await q.query(`
      CREATE TABLE account_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('invitation', 'password_reset', 'sign_in', 'email_verification')),
        nonce bytea NOT NULL CHECK (octet_length(nonce) = 16),
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        revoked_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX "IDX_account_token_open" ON account_token (user_id, purpose) WHERE used_at IS NULL AND revoked_at IS NULL`);

    // The outbox of account mails: written with the account change, relayed to the queue by the worker.
    await q.query(`
      CREATE TABLE account_mail (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('invitation', 'password_reset', 'sign_in_link', 'email_verification', 'account_exists')),
        token_id uuid NOT NULL REFERENCES account_token(id) ON DELETE CASCADE,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued', 'sent', 'skipped')),
        created_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz NULL,
        sent_at timestamptz NULL,
        provider_message_id text NULL
      )`);
    await q.query(`CREATE INDEX "IDX_account_mail_pending" ON account_mail (created_at) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX "IDX_account_mail_user" ON account_mail (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_mail`);
    await q.query(`DROP TABLE account_token`);
    await q.query(`DROP TABLE refresh_token`);
    await q.query(`DROP TABLE sign_in`);
    await q.query(`DROP INDEX "UQ_app_user_calendar_feed"`);
    await q.query(`ALTER TABLE app_user DROP COLUMN calendar_feed_hash`);
    await q.query(`ALTER TABLE app_user DROP COLUMN calendar_feed_nonce`);
    await q.query(`ALTER TABLE app_user DROP COLUMN email_verified_at`);
    await q.query(`ALTER TABLE app_user DROP COLUMN disabled_at`);
    await q.query(`ALTER TABLE app_user DROP COLUMN token_version`);
    await q.query(`UPDATE app_user SET password_hash = '!' WHERE password_hash IS NULL`);
    await q.query(`ALTER TABLE app_user ALTER COLUMN password_hash SET NOT NULL`);
  }
}
