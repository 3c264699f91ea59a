import { QueryFailedError } from 'typeorm';

/** PostgreSQL SQLSTATE codes the application reacts to. */
export const SqlState = {
  UniqueViolation: '23505',
  ExclusionViolation: '23P01',
  ForeignKeyViolation: '23503',
} as const;

export function hasSqlState(error: unknown, code: string, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  return driverError?.code === code && (constraint === undefined || driverError.constraint === constraint);
}
