import { Role, STAFF_READ_ROLES } from './role.js';

/** Who performs an action: the signed-in user, as loaded from the database for this request. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  roles: readonly Role[];
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** Admin or viewer: may read every user's resources. */
export function canReadAll(actor: Actor): boolean {
  return actor.roles.some((r) => STAFF_READ_ROLES.includes(r));
}

/** Admin, viewer or scanner. */
export function isStaff(actor: Actor): boolean {
  return hasRole(actor, Role.Admin, Role.Viewer, Role.Scanner);
}
