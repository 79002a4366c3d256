/** What happened when a request claimed its idempotency key. */
export type IdempotencyClaim =
  /** First use (or the earlier claim expired or was abandoned): run the request; `token` names this claim. */
  | { state: 'started'; token: string }
  /** The same request already completed: answer its stored response again. */
  | { state: 'replay'; status: number; body: unknown }
  /** The same request is still running elsewhere. */
  | { state: 'in_progress' }
  /** The key was used for a different request (another body or route). */
  | { state: 'mismatch' };

/**
 * Port: storage of `Idempotency-Key`s, per user, for 24 h (the docs/api.md convention, after the IETF
 * draft "The Idempotency-Key HTTP Header Field" and Stripe's behaviour). `complete` joins the
 * current transaction, so a request's effect and its stored response commit together.
 */
export abstract class IdempotencyStore {
  /**
   * Atomically claims `(userId, key)` for a request with this fingerprint (a hash of method, path
   * and body). A claim still in progress after `leaseSeconds` counts as abandoned (its process died).
   */
  abstract claim(userId: string, key: string, fingerprint: string, ttlSeconds: number, leaseSeconds: number): Promise<IdempotencyClaim>;
  /**
   * Stores the final response of the claim named by `token`. False when that claim is no longer
   * held (its lease ran out and another request took the key over): the caller must not let its
   * effects stand when it can still undo them.
   */
  abstract complete(userId: string, key: string, token: string, status: number, body: unknown): Promise<boolean>;
  /** Gives the key back (the request failed in a way that should not be replayed), if the claim `token` still holds it. */
  abstract abandon(userId: string, key: string, token: string): Promise<void>;
  /** Deletes expired keys; returns how many. */
  abstract purgeExpired(): Promise<number>;
}
