import type { Page, PageRequest, Role } from '@app/shared';
import type { User } from './user.js';

export type NewUser = Omit<User, 'createdAt' | 'updatedAt' | 'tokenVersion'>;

export interface UserPatch {
  name?: string;
  /** E.164; null removes it. */
  phone?: string | null;
  roles?: Role[];
  disabled?: boolean;
  passwordHash?: string;
  /** Increment `tokenVersion`, so every access token issued before dies at once. */
  bumpTokenVersion?: boolean;
}

export interface UserFilter {
  role?: Role;
  /** Case-insensitive substring of e-mail or name. */
  q?: string;
}

/** Port: persistence of users. Joins the current transaction when there is one. */
export abstract class UserRepository {
  /** @throws EmailTakenError when the e-mail is taken (unique constraint). */
  abstract create(user: NewUser): Promise<User>;
  /**
   * Creates the user unless one has the e-mail (`ON CONFLICT DO NOTHING`, so a concurrent creation
   * of the same e-mail waits for the other and then reads it, without aborting the transaction).
   * Returns the user and whether it was created now.
   */
  abstract createIfAbsent(user: NewUser): Promise<{ user: User; created: boolean }>;
  abstract findById(id: string): Promise<User | null>;
  abstract findByEmail(email: string): Promise<User | null>;
  /** Applies the patch atomically; null when the user does not exist. */
  abstract update(id: string, patch: UserPatch): Promise<User | null>;
  /**
   * Marks the e-mail verified, in one conditional statement, when the user has this id and e-mail,
   * is enabled and is not verified yet; returns the user then, else null (of two concurrent calls
   * exactly one gets the user).
   */
  abstract markEmailVerified(id: string, email: string): Promise<User | null>;
  /**
   * A password reset, in one conditional statement: sets the hash, marks the e-mail verified (the
   * reset link reached it) and bumps the token version, only when the user has this id, e-mail and
   * token version and is enabled; null otherwise. The bump makes the reset token single-use (it
   * carries the version it was issued for) and ends every session of the old password.
   */
  abstract resetPassword(id: string, email: string, tokenVersion: number, passwordHash: string): Promise<User | null>;
  /** Newest first. */
  abstract list(filter: UserFilter, page: PageRequest): Promise<Page<User>>;
  /** Ids of the enabled admins, locked `FOR UPDATE` until the transaction ends (last-admin rule). */
  abstract lockEnabledAdmins(): Promise<string[]>;
  abstract adminExists(): Promise<boolean>;
}
