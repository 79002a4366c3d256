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

// SQLSTATE classes and codes that mean "the database is not there right now", not "the query is wrong"
// (https://www.postgresql.org/docs/current/errcodes-appendix.html): 08 connection exception,
// 57P01-57P03 shutdown or start-up, 53300 too many connections.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
// Socket errors of node's net module, as pg passes them on.
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres and pg-pool raise these as plain Errors without a code; TypeORM says "Driver not
// Connected" once its data source is closed (the embedded database shut down).
const UNAVAILABLE_MESSAGES =
  /^(timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end|Driver not Connected)/i;

/**
 * True when `error` says the database cannot be reached or is going away (connection refused or
 * cut, server shutting down or starting, pool wait timed out, too many connections), so the
 * request may succeed later: the API answers `503 database_unavailable` with Retry-After instead
 * of a 500. Looks through TypeORM's QueryFailedError to the driver's error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const candidate of [error, error instanceof QueryFailedError ? error.driverError : undefined]) {
    if (!candidate || typeof candidate !== 'object') continue;
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return false;
}
