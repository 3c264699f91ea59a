import { type MigrationInterface, type QueryRunner } from 'typeorm';

const OLD_REASONS = `'sign_out', 'sign_out_everywhere', 'refresh_reuse', 'password_changed', 'password_reset', 'disabled', 'erased'`;

export class AccountLinksDie1765100000000 implements MigrationInterface {
  name = 'AccountLinksDie1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // A link remembers the account's token version when it was sent: ending every sign-in ends it too.
    // Links sent before this migration carry none and are still revoked row by row.
    await q.query(`ALTER TABLE account_token ADD COLUMN token_version integer NULL`);
    // Spent and revoked links are deleted by age; their mails go with them.
    await q.query(`CREATE INDEX "IDX_account_token_created" ON account_token (created_at)`);
    await q.query(`CREATE INDEX "IDX_account_mail_created" ON account_mail (created_at) WHERE state IN ('sent', 'skipped')`);

    // A retried refresh: the successor's hash, and who spent the token (a hash of the client address and browser).
    await q.query(`ALTER TABLE refresh_token ADD COLUMN successor_hash bytea NULL, ADD COLUMN used_by bytea NULL`);

    // Sign-in history, for the export: which browser or app began the sign-in (never a token).
    await q.query(`ALTER TABLE sign_in ADD COLUMN device text NULL CHECK (char_length(device) <= 200)`);
    await q.query(`CREATE INDEX "IDX_sign_in_created" ON sign_in (created_at)`);
    await q.query(`ALTER TABLE sign_in DROP CONSTRAINT sign_in_revoked_reason_check`);
    await q.query(
      `ALTER TABLE sign_in ADD CONSTRAINT sign_in_revoked_reason_check CHECK (revoked_reason IN (${OLD_REASONS}, 'email_verified', 'invitation_withdrawn'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sign_in DROP CONSTRAINT sign_in_revoked_reason_check`);
    await q.query(
      `UPDATE sign_in SET revoked_reason = 'sign_out_everywhere' WHERE revoked_reason IN ('email_verified', 'invitation_withdrawn')`,
    );
    await q.query(`ALTER TABLE sign_in ADD CONSTRAINT sign_in_revoked_reason_check CHECK (revoked_reason IN (${OLD_REASONS}))`);
    await q.query(`DROP INDEX "IDX_sign_in_created"`);
    await q.query(`ALTER TABLE sign_in DROP COLUMN device`);
    await q.query(`ALTER TABLE refresh_token DROP COLUMN used_by, DROP COLUMN successor_hash`);
    await q.query(`DROP INDEX "IDX_account_mail_created"`);
    await q.query(`DROP INDEX "IDX_account_token_created"`);
    await q.query(`ALTER TABLE account_token DROP COLUMN token_version`);
  }
}
