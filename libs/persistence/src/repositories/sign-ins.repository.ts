import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../entities';

export type SignInEndReason =
  'sign_out' | 'sign_out_everywhere' | 'refresh_reuse' | 'password_changed' | 'password_reset' | 'disabled' | 'erased';

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

  async start(userId: string, tokenVersion: number, refreshHash: Buffer, lifetimeSeconds: number): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO sign_in (user_id, token_version, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING id`,
        [userId, tokenVersion, lifetimeSeconds],
      );
      await manager.query(`INSERT INTO refresh_token (token_hash, sign_in_id) VALUES ($1, $2)`, [refreshHash, row.id]);
      return row.id as string;
    });
  }

  /**
   * Spends a refresh token and stores its successor, in one transaction. A
   * token already spent means a copy is in someone else's hands: the whole
   * sign-in (every token descended from it) ends.
   */
  async rotate(oldHash: Buffer, newHash: Buffer): Promise<Rotation> {
    return this.dataSource.transaction(async (manager) => {
      const [spent]: [Array<{ sign_in_id: string; user_id: string }>, number] = await manager.query(
        `UPDATE refresh_token r SET used_at = now()
           FROM sign_in s JOIN app_user u ON u.id = s.user_id
          WHERE r.token_hash = $1 AND r.used_at IS NULL AND s.id = r.sign_in_id
            AND s.revoked_at IS NULL AND s.expires_at > now()
            AND u.token_version = s.token_version AND u.disabled_at IS NULL AND u.erased_at IS NULL
        RETURNING r.sign_in_id, s.user_id`,
        [oldHash],
      );
      if (spent.length === 1) {
        await manager.query(`INSERT INTO refresh_token (token_hash, sign_in_id) VALUES ($1, $2)`, [newHash, spent[0].sign_in_id]);
        return { kind: 'rotated', userId: spent[0].user_id, signInId: spent[0].sign_in_id };
      }
      const [known] = await manager.query(`SELECT sign_in_id, used_at FROM refresh_token WHERE token_hash = $1`, [oldHash]);
      if (!known?.used_at) return { kind: 'invalid' };
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
   * access tokens already issued stop working) and every device's refresh
   * tokens die. Inside the caller's transaction, with the change that causes it.
   */
  async endEverywhere(manager: EntityManager, userId: string, reason: SignInEndReason): Promise<void> {
    await manager.query(`UPDATE app_user SET token_version = token_version + 1, updated_at = now() WHERE id = $1`, [userId]);
    await manager.query(`UPDATE sign_in SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
      reason,
    ]);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
