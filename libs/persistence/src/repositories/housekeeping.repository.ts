import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Rows deleted per statement: each batch is a short transaction that holds few locks. */
const BATCH = 5_000;

/** Deletes what has outlived its use, in batches, comparing the rows' database stamps with the database's clock. */
@Injectable()
export class HousekeepingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  purgeExpiredIdempotencyKeys(): Promise<number> {
    return this.inBatches(
      `DELETE FROM idempotency_key WHERE ctid IN (SELECT ctid FROM idempotency_key WHERE expires_at <= now() LIMIT $1)`,
      [BATCH],
    );
  }

  purgeSettledNotifications(olderThanDays: number): Promise<number> {
    return this.inBatches(
      `DELETE FROM notification WHERE id IN (
         SELECT id FROM notification
          WHERE state IN ('sent', 'skipped', 'failed') AND updated_at < now() - make_interval(days => $2)
          LIMIT $1)`,
      [BATCH, olderThanDays],
    );
  }

  /** Account mails sent or skipped longer than `olderThanDays` ago; pending and queued ones stay, however old. */
  purgeSettledAccountMails(olderThanDays: number): Promise<number> {
    return this.inBatches(
      `DELETE FROM account_mail WHERE id IN (
         SELECT id FROM account_mail
          WHERE state IN ('sent', 'skipped') AND created_at < now() - make_interval(days => $2)
          LIMIT $1)`,
      [BATCH, olderThanDays],
    );
  }

  /**
   * Links spent, revoked or expired longer than `olderThanDays` ago (their
   * mails go with them, by the foreign key). A link whose mail is still on its
   * way stays until the mail is settled: the worker needs the row to send it.
   */
  purgeDeadAccountTokens(olderThanDays: number): Promise<number> {
    return this.inBatches(
      `DELETE FROM account_token WHERE id IN (
         SELECT t.id FROM account_token t
          WHERE coalesce(t.used_at, t.revoked_at, t.expires_at) < now() - make_interval(days => $2)
            AND (t.used_at IS NOT NULL OR t.revoked_at IS NOT NULL OR t.expires_at <= now())
            AND NOT EXISTS (SELECT 1 FROM account_mail m WHERE m.token_id = t.id AND m.state IN ('pending', 'queued'))
          LIMIT $1)`,
      [BATCH, olderThanDays],
    );
  }

  /** Sign-ins ended or expired longer than `olderThanDays` ago, with all their refresh tokens (by the foreign key). */
  purgeEndedSignIns(olderThanDays: number): Promise<number> {
    return this.inBatches(
      `DELETE FROM sign_in WHERE id IN (
         SELECT id FROM sign_in
          WHERE least(coalesce(revoked_at, 'infinity'), expires_at) < now() - make_interval(days => $2)
          LIMIT $1)`,
      [BATCH, olderThanDays],
    );
  }

  /**
   * Spent refresh tokens of sign-ins still live (one row per refresh),
   * spent longer than `olderThanDays` ago. Presenting one that old again
   * is then refused as unknown rather than ending the sign-in.
   */
  purgeSpentRefreshTokens(olderThanDays: number): Promise<number> {
    return this.inBatches(
      `DELETE FROM refresh_token WHERE token_hash IN (
         SELECT token_hash FROM refresh_token WHERE used_at < now() - make_interval(days => $2) LIMIT $1)`,
      [BATCH, olderThanDays],
    );
  }

  private async inBatches(sql: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const [, affected] = (await this.dataSource.query(sql, params)) as [unknown, number];
      total += affected;
      if (affected < BATCH) return total;
    }
  }
}
