import { QueryFailedError } from 'typeorm';

/** PostgreSQL error codes we act on (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export const PgErrorCode = {
  UniqueViolation: '23505',
  LockNotAvailable: '55P03',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
} as const;

interface PgDriverError {
  code?: string;
  constraint?: string;
}

function driverError(error: unknown): PgDriverError | undefined {
  if (error instanceof QueryFailedError) return error.driverError as PgDriverError;
  if (error && typeof error === 'object' && 'code' in error) return error as PgDriverError;
  return undefined;
}

/** The SQLSTATE of a database error, if it is one. */
export function pgErrorCode(error: unknown): string | undefined {
  return driverError(error)?.code;
}

/** True when `error` violated the named constraint (any constraint when `constraint` is omitted). */
export function isConstraintViolation(error: unknown, code: string, constraint?: string): boolean {
  const e = driverError(error);
  return e?.code === code && (constraint === undefined || e.constraint === constraint);
}
