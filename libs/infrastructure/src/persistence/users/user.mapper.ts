import { Role } from '@app/shared';
import { User } from '@app/users';
import type { UsersRow } from '../schema.js';

/** A `users` row as `SELECT *` returns it. */
export type UserRow = UsersRow;

/** The domain user of a `users` row (timestamps UTC). */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    roles: row.roles as Role[],
    disabled: row.disabled,
    passwordHash: row.password_hash,
    tokenVersion: row.token_version,
    emailVerifiedAt: row.email_verified_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
