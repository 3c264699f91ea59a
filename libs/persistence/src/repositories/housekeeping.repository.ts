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

  private async inBatches(sql: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const [, affected] = (await this.dataSource.query(sql, params)) as [unknown, number];
      total += affected;
      if (affected < BATCH) return total;
    }
  }
}
