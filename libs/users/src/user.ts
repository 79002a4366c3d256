import { ALL_ROLES, Role } from '@app/shared';

/** A user account. `passwordHash` never leaves the users lib's services (see {@link PublicUser}). */
export interface User {
  id: string;
  /** Lower-cased, trimmed; unique. */
  email: string;
  name: string;
  /** E.164 (`+2348012345678`), optional. */
  phone: string | null;
  /** At least one role. */
  roles: Role[];
  disabled: boolean;
  /**
   * argon2id; null for an account created for a box-office buyer who has none: it cannot sign in
   * until its owner sets a password through a password reset (which proves they own the e-mail).
   */
  passwordHash: string | null;
  /** Bumped on password change, disable and logout-everywhere; access tokens carry it and die when it moves. */
  tokenVersion: number;
  /**
   * When the owner proved they receive mail at `email` (UTC), or null: self-registered accounts
   * start unverified; accounts an admin creates are verified at creation.
   */
  emailVerifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the API shows of a user: never the password hash or token version. */
export type PublicUser = Pick<User, 'id' | 'email' | 'name' | 'phone' | 'roles' | 'disabled' | 'createdAt'> & {
  /** True once the owner proved they receive mail at `email`. */
  emailVerified: boolean;
};

export function toPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    phone: user.phone,
    roles: [...user.roles],
    disabled: user.disabled,
    emailVerified: user.emailVerifiedAt !== null,
    createdAt: user.createdAt,
  };
}

/** Sorted, de-duplicated, known roles; throws nothing: callers validate input first. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  return ALL_ROLES.filter((r) => roles.includes(r));
}
