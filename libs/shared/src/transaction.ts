export interface TransactionOptions {
  /** Postgres `lock_timeout` for this transaction, in milliseconds; a timeout becomes `503 busy`. */
  lockTimeoutMs?: number;
}

/**
 * Runs work in one database transaction. Every repository call made inside `work` (in the same
 * async context) joins it; a nested `run` joins the outer transaction. Throwing rolls back.
 * Port: implemented by the infrastructure lib.
 * @throws BusyError when a lock could not be taken within `lockTimeoutMs`.
 */
export abstract class TransactionRunner {
  abstract run<T>(work: () => Promise<T>, options?: TransactionOptions): Promise<T>;
}
