import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryOneById } from './query-one';

export type AccountTokenPurpose = 'invitation' | 'password_reset' | 'sign_in' | 'email_verification';
export type AccountMailKind = 'invitation' | 'password_reset' | 'sign_in_link' | 'email_verification' | 'account_exists';

export interface NewAccountToken {
  /** Chosen by the caller: the token is derived from it before the row exists. */
  id: string;
  userId: string;
  purpose: AccountTokenPurpose;
  nonce: Buffer;
  tokenHash: Buffer;
  expiresAt: Date;
}

/** Everything the worker needs to render one account mail, read when it sends. */
export interface AccountMailToSend {
  id: string;
  kind: AccountMailKind;
  state: string;
  userId: string;
  email: string;
  displayName: string;
  locale: string;
  erased: boolean;
  disabled: boolean;
  token: { id: string; purpose: AccountTokenPurpose; nonce: Buffer; expiresAt: Date; open: boolean };
}

/** The row `findMail` reads, as PostgreSQL names its columns. */
interface AccountMailSqlRow {
  id: string;
  kind: AccountMailKind;
  state: string;
  user_id: string;
  email: string;
  display_name: string;
  locale: string;
  erased: boolean;
  disabled: boolean;
  token_id: string;
  purpose: AccountTokenPurpose;
  nonce: Buffer;
  expires_at: Date;
  open: boolean;
}

/**
 * A link sent under an older token version is dead: ending every sign-in
 * (password change or reset, signing out everywhere, disabling, a withdrawn
 * invitation) raises the version, so no link sent before survives it, even
 * one a revocation missed. Rows from before the column existed carry none.
 */
const SAME_VERSION = `(account_token.token_version IS NULL
  OR account_token.token_version = (SELECT u.token_version FROM app_user u WHERE u.id = account_token.user_id))`;

/**
 * Link tokens (stored as hashes; see libs/notifications link-token.ts) and
 * the outbox of account mails. A mail row is written in the transaction that
 * makes the token, so neither exists without the other, and a Redis outage
 * delays the mail without losing it.
 */
@Injectable()
export class AccountTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** One open link per account and purpose: a new one replaces those sent before. */
  async issue(manager: EntityManager, token: NewAccountToken): Promise<string> {
    await this.revokeOpen(manager, token.userId, token.purpose);
    const [row] = await manager.query(
      `INSERT INTO account_token (id, user_id, purpose, nonce, token_hash, expires_at, token_version)
       SELECT $1, $2, $3, $4, $5, $6, token_version FROM app_user WHERE id = $2 RETURNING id`,
      [token.id, token.userId, token.purpose, token.nonce, token.tokenHash, token.expiresAt],
    );
    return row.id as string;
  }

  /**
   * Whether the account was invited and has not accepted: it has an
   * invitation link (open, withdrawn or expired) and none was ever used.
   * Such an account takes no other link, so withdrawing an invitation keeps
   * the invitee out for good.
   */
  async invitationPending(userId: string, manager: EntityManager | DataSource = this.dataSource): Promise<boolean> {
    const [row] = await manager.query(
      `SELECT bool_or(purpose = 'invitation') AND NOT bool_or(purpose = 'invitation' AND used_at IS NOT NULL) AS pending
         FROM account_token WHERE user_id = $1`,
      [userId],
    );
    return row?.pending === true;
  }

  async revokeOpen(manager: EntityManager, userId: string, purpose: AccountTokenPurpose): Promise<number> {
    const [, count] = await manager.query(
      `UPDATE account_token SET revoked_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL AND revoked_at IS NULL`,
      [userId, purpose],
    );
    return Number(count);
  }

  /**
   * Single use, atomically: of two requests with the same token, one gets the
   * row and the other nothing. `now` is the API's clock.
   */
  async consume(
    manager: EntityManager,
    tokenHash: Buffer,
    purpose: AccountTokenPurpose,
    now: Date,
  ): Promise<{ id: string; userId: string } | null> {
    const [rows] = await manager.query(
      `UPDATE account_token SET used_at = $3
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $3 AND ${SAME_VERSION}
      RETURNING id, user_id`,
      [tokenHash, purpose, now],
    );
    const row = (rows as Array<{ id: string; user_id: string }>)[0];
    return row ? { id: row.id, userId: row.user_id } : null;
  }

  /** Whether a token would be accepted now, without spending it: a cheap check before costly work. */
  async isOpen(tokenHash: Buffer, purpose: AccountTokenPurpose, now: Date): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM account_token WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $3 AND ${SAME_VERSION}`,
      [tokenHash, purpose, now],
    );
    return rows.length > 0;
  }

  async addMail(manager: EntityManager, userId: string, kind: AccountMailKind, tokenId: string): Promise<string> {
    const [row] = await manager.query(`INSERT INTO account_mail (user_id, kind, token_id) VALUES ($1, $2, $3) RETURNING id`, [
      userId,
      kind,
      tokenId,
    ]);
    return row.id as string;
  }

  /** Pending mails, locked for this relay; other relays skip them. */
  async claimPending(manager: EntityManager, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM account_mail WHERE state = 'pending' ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  async markQueued(manager: EntityManager, ids: readonly string[]): Promise<void> {
    await manager.query(`UPDATE account_mail SET state = 'queued', queued_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async requeue(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const [, count] = await this.dataSource.query(
      `UPDATE account_mail SET state = 'pending', queued_at = NULL WHERE id = ANY($1::uuid[]) AND state = 'queued'`,
      [ids],
    );
    return Number(count);
  }

  /** Mails handed to the queue and not yet sent or skipped, by id, a page at a time. */
  async queuedAfter(after: string | null, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM account_mail WHERE state = 'queued' AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }

  findMail(id: string): Promise<AccountMailToSend | null> {
    return queryOneById<AccountMailSqlRow, AccountMailToSend>(
      this.dataSource,
      `SELECT m.id, m.kind, m.state, u.id AS user_id, u.email, u.display_name, u.locale,
              u.erased_at IS NOT NULL AS erased, u.disabled_at IS NOT NULL AS disabled,
              t.id AS token_id, t.purpose, t.nonce, t.expires_at,
              (t.used_at IS NULL AND t.revoked_at IS NULL AND (t.token_version IS NULL OR t.token_version = u.token_version)) AS open
         FROM account_mail m JOIN app_user u ON u.id = m.user_id JOIN account_token t ON t.id = m.token_id
        WHERE m.id = $1`,
      id,
      (row) => ({
        id: row.id,
        kind: row.kind,
        state: row.state,
        userId: row.user_id,
        email: row.email,
        displayName: row.display_name,
        locale: row.locale,
        erased: row.erased,
        disabled: row.disabled,
        token: { id: row.token_id, purpose: row.purpose, nonce: row.nonce, expiresAt: row.expires_at, open: row.open },
      }),
    );
  }

  async markSent(id: string, providerMessageId: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE account_mail SET state = 'sent', sent_at = now(), provider_message_id = $2 WHERE id = $1`, [
      id,
      providerMessageId,
    ]);
  }

  async markSkipped(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE account_mail SET state = 'skipped' WHERE id = $1 AND state <> 'sent'`, [id]);
  }
}
