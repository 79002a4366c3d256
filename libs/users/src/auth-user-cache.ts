import type { Role } from '@app/shared';

/** What the access-token check needs of a user, and what the request's actor carries. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  roles: readonly Role[];
  disabled: boolean;
  /** Compared with the token's `ver` claim: a password change, disable or logout-everywhere bumps it. */
  tokenVersion: number;
}

/**
 * Port: where {@link AuthService.resolveActor} gets the {@link AuthUser} of a token's subject.
 * `read` answers what `load` (the database) would answer now; an adapter may keep answers in
 * memory only if it learns of every change to a user before trusting a kept answer again (see
 * the infrastructure's `NotifiedAuthUserCache`: PostgreSQL `LISTEN/NOTIFY`).
 * `load` answers null for an unknown id; its errors propagate.
 */
export abstract class AuthUserCache {
  abstract read(id: string, load: (id: string) => Promise<AuthUser | null>): Promise<AuthUser | null>;
  /** Drops what is kept of `id` and reads it afresh (a token newer than the kept version proves it stale). */
  abstract refresh(id: string, load: (id: string) => Promise<AuthUser | null>): Promise<AuthUser | null>;
  /**
   * This process is changing `id` (called by the repository right after its statement, before the
   * commit): drop it now, so this replica's next request after the change reads it afresh without
   * waiting for the notification (which still follows the commit, for every replica).
   */
  abstract forget(id: string): void;
  /**
   * Called after the transaction of a change to `id` committed, before answering: resolves once
   * every replica that keeps users has dropped what it kept from before the commit (the adapter's
   * replicas acknowledge it), at once if this process made no such change or cannot tell, and after
   * a short bound (half a second by default) if an acknowledgement is missing. Never throws.
   */
  abstract propagated(id: string): Promise<void>;
}

/** No cache: every read goes to the database. */
export class UncachedAuthUsers extends AuthUserCache {
  read(id: string, load: (id: string) => Promise<AuthUser | null>): Promise<AuthUser | null> {
    return load(id);
  }

  refresh(id: string, load: (id: string) => Promise<AuthUser | null>): Promise<AuthUser | null> {
    return load(id);
  }

  forget(): void {
    // nothing kept
  }

  async propagated(): Promise<void> {
    // nothing kept: nothing to wait for
  }
}
