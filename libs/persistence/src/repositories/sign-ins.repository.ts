import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../entities';

export type SignInEndReason =
  | 'sign_out'
  | 'sign_out_everywhere'
  | 'refresh_reuse'
  | 'password_changed'
  | 'password_reset'
  | 'disabled'
  | 'erased'
  | 'email_verified'
  | 'invitation_withdrawn';

/** What the auth guard needs of the caller, read in one query with the state of their sign-in. */
export interface AccessHolder {
  id: string;
  role: Role;
  academyId: string | null;
  timeZone: string;
  displayName: string;
  tokenVersion: number;
  disabled: boolean;
  erased: boolean;
  emailVerified: boolean;
  signInLive: boolean;
}

export type Rotation = { kind: 'rotated'; userId: string; signInId: string } | { kind: 'reused' } | { kind: 'invalid' };

/**
 * Sign-ins (one per device) and their rotating refresh tokens, stored as
 * sha256 hashes. A sign-in records the account's token version when it began:
 * raising the version ends it as surely as revoking it.
 */
@Injectable()
export class SignInsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `device` names the browser or app (for the person's sign-in history), never a token. */
  async start(userId: string, tokenVersion: number, refreshHash: Buffer, lifetimeSeconds: number, device: string | null): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO sign_in (user_id, token_version, expires_at, device) VALUES ($1, $2, now() + make_interval(secs => $3), $4) RETURNING id`,
        [userId, tokenVersion, lifetimeSeconds, device],
      );
      await manager.query(`INSERT INTO refresh_token (token_hash, sign_in_id) VALUES ($1, $2)`, [refreshHash, row.id]);
      return row.id as string;
    });
  }

  /**
   * Spends a refresh token and stores its successor, in one transaction. A
   * token already spent means a copy is in someone else's hands: the whole
   * sign-in (every token descended from it) ends. One exception: the same
   * device (`usedBy`, a hash of its address and browser) presenting the token
   * again within `graceSeconds` of spending it, while its successor is still
   * unspent, is a retry whose answer was lost (or two racing requests); it
   * gets the same successor (`newHash` is derived from the old token, so it
   * is the one stored) instead of losing its sign-in.
   */
  async rotate(oldHash: Buffer, newHash: Buffer, usedBy: Buffer, graceSeconds: number): Promise<Rotation> {
    return this.dataSource.transaction(async (manager) => {
      const [spent]: [Array<{ sign_in_id: string; user_id: string }>, number] = await manager.query(
        `UPDATE refresh_token r SET used_at = now(), successor_hash = $2, used_by = $3
           FROM sign_in s JOIN app_user u ON u.id = s.user_id
          WHERE r.token_hash = $1 AND r.used_at IS NULL AND s.id = r.sign_in_id
            AND s.revoked_at IS NULL AND s.expires_at > now()
            AND u.token_version = s.token_version AND u.disabled_at IS NULL AND u.erased_at IS NULL
        RETURNING r.sign_in_id, s.user_id`,
        [oldHash, newHash, usedBy],
      );
      if (spent.length === 1) {
        await manager.query(`INSERT INTO refresh_token (token_hash, sign_in_id) VALUES ($1, $2)`, [newHash, spent[0].sign_in_id]);
        return { kind: 'rotated', userId: spent[0].user_id, signInId: spent[0].sign_in_id };
      }
      // Read after the UPDATE above waited for any concurrent rotation of the same token to commit.
      const [known] = await manager.query(
        `SELECT r.sign_in_id, r.used_at, s.user_id,
                (r.used_at > now() - make_interval(secs => $4) AND r.used_by = $3 AND r.successor_hash = $2
                 AND next.used_at IS NULL AND s.revoked_at IS NULL AND s.expires_at > now()
                 AND u.token_version = s.token_version AND u.disabled_at IS NULL AND u.erased_at IS NULL) AS retry
           FROM refresh_token r JOIN sign_in s ON s.id = r.sign_in_id JOIN app_user u ON u.id = s.user_id
           LEFT JOIN refresh_token next ON next.token_hash = r.successor_hash
          WHERE r.token_hash = $1`,
        [oldHash, newHash, usedBy, graceSeconds],
      );
      if (!known?.used_at) return { kind: 'invalid' };
      if (known.retry === true) return { kind: 'rotated', userId: known.user_id, signInId: known.sign_in_id };
      await manager.query(`UPDATE sign_in SET revoked_at = now(), revoked_reason = 'refresh_reuse' WHERE id = $1 AND revoked_at IS NULL`, [
        known.sign_in_id,
      ]);
      return { kind: 'reused' };
    });
  }

  async findAccessHolder(userId: string, signInId: string): Promise<AccessHolder | null> {
    const [row] = await this.dataSource.query(
      `SELECT u.id, u.role, u.academy_id, u.time_zone, u.display_name, u.token_version,
              u.disabled_at IS NOT NULL AS disabled, u.erased_at IS NOT NULL AS erased, u.email_verified_at IS NOT NULL AS email_verified,
              (s.revoked_at IS NULL AND s.expires_at > now() AND s.token_version = u.token_version) AS live
         FROM app_user u JOIN sign_in s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2`,
      [userId, signInId],
    );
    if (!row) return null;
    return {
      id: row.id,
      role: row.role,
      academyId: row.academy_id,
      timeZone: row.time_zone,
      displayName: row.display_name,
      tokenVersion: row.token_version,
      disabled: row.disabled,
      erased: row.erased,
      emailVerified: row.email_verified,
      signInLive: row.live,
    };
  }

  /** Whether this sign-in began (by password, link or invitation) within the last `seconds`, by the database's clock. */
  async begunWithin(userId: string, signInId: string, seconds: number): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT created_at > now() - make_interval(secs => $3) AS recent FROM sign_in WHERE id = $2 AND user_id = $1`,
      [userId, signInId, seconds],
    );
    return row?.recent === true;
  }

  /** Ends one sign-in of this account (signing out on this device). */
  async end(userId: string, signInId: string, reason: SignInEndReason): Promise<void> {
    await this.dataSource.query(
      `UPDATE sign_in SET revoked_at = now(), revoked_reason = $3 WHERE id = $2 AND user_id = $1 AND revoked_at IS NULL`,
      [userId, signInId, reason],
    );
  }

  /** Ends a sign-in named by one of its refresh tokens, spent or not. */
  async endByRefreshToken(hash: Buffer, reason: SignInEndReason): Promise<void> {
    await this.dataSource.query(
      `UPDATE sign_in SET revoked_at = now(), revoked_reason = $2
        WHERE id = (SELECT sign_in_id FROM refresh_token WHERE token_hash = $1) AND revoked_at IS NULL`,
      [hash, reason],
    );
  }

  /**
   * Ends every sign-in of the account at once: the token version rises (so
   * access tokens already issued stop working), every device's refresh
   * tokens die, every open link (sign-in, reset, verification, invitation)
   * is revoked, and the calendar feed's URL stops working (a new one is made
   * when the person next asks for it). Inside the caller's transaction, with
   * the change that causes it.
   */
  async endEverywhere(manager: EntityManager, userId: string, reason: SignInEndReason): Promise<void> {
    await manager.query(
      `UPDATE app_user SET token_version = token_version + 1, calendar_feed_nonce = NULL, calendar_feed_hash = NULL, updated_at = now()
        WHERE id = $1`,
      [userId],
    );
    await manager.query(`UPDATE account_token SET revoked_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`, [
      userId,
    ]);
    await manager.query(`UPDATE sign_in SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
      reason,
    ]);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
