import { type DataSource } from 'typeorm';

/**
 * Row locks taken by the test itself, to stop a request at a chosen point:
 * the request waits on the lock until `release`.
 */
export async function holdLock(db: DataSource, sql: string, params: unknown[]): Promise<{ release: () => Promise<void> }> {
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query(sql, params);
  return {
    release: async () => {
      await runner.rollbackTransaction();
      await runner.release();
    },
  };
}

/** Resolves once `count` statements of this database wait on a lock; fails after about 5 s. */
export async function waitersOnLocks(db: DataSource, count: number): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never saw ${count} statements waiting on a lock`);
}

/** Sends a supertest request now, without awaiting its answer. */
export function inFlight<T extends { status: number }>(request: PromiseLike<T>): Promise<T> {
  return Promise.resolve(request);
}
