import type { DataSource } from 'typeorm';

/**
 * Runs a statement that selects at most one row by the id in $1 and maps it, or answers null when there is no such
 * row: the outbox readers load what the worker needs to send one message this way.
 */
export async function queryOneById<Row, Result>(
  dataSource: DataSource,
  sql: string,
  id: string,
  map: (row: Row) => Result,
): Promise<Result | null> {
  const [row]: Array<Row | undefined> = await dataSource.query(sql, [id]);
  return row ? map(row) : null;
}
