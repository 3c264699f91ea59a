import { QueryFailedError } from 'typeorm';

/** PostgreSQL SQLSTATE codes the application reacts to. */
export const SqlState = {
  UniqueViolation: '23505',
  ExclusionViolation: '23P01',
  ForeignKeyViolation: '23503',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
  LockNotAvailable: '55P03',
  QueryCanceled: '57014',
} as const;

/**
 * Failures that say "busy now", not "wrong": a deadlock victim, a serialization
 * failure, a lock not granted within lock_timeout, a statement cut by
 * statement_timeout, or no pool connection free in time. The transaction rolled
 * back whole, so the same request may simply be sent again.
 */
export function isRetryableDatabaseError(error: unknown): boolean {
  if (error instanceof QueryFailedError) {
    const code = (error.driverError as { code?: string } | undefined)?.code;
    return (
      code === SqlState.SerializationFailure ||
      code === SqlState.DeadlockDetected ||
      code === SqlState.LockNotAvailable ||
      code === SqlState.QueryCanceled
    );
  }
  // pg-pool's own error when no connection frees up within connectionTimeoutMillis.
  return error instanceof Error && error.message === 'timeout exceeded when trying to connect';
}

export function hasSqlState(error: unknown, code: string, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  return driverError?.code === code && (constraint === undefined || driverError.constraint === constraint);
}
