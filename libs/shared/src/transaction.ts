/**
 * Runs work in one database transaction. Every repository call made inside `work` (in the same
 * async context) joins it; a nested `run` joins the outer transaction. Throwing rolls back.
 * Every transaction waits at most the configured lock timeout for a row lock (a connection
 * default, DATABASE_LOCK_TIMEOUT_MS). Port: implemented by the infrastructure lib.
 * @throws BusyError (503 `busy`) when a lock could not be taken in time.
 */
export abstract class TransactionRunner {
  abstract run<T>(work: () => Promise<T>): Promise<T>;
}
