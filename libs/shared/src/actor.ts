import { Role, STAFF_READ_ROLES } from './role.js';

/** A paired scanner device, acting through its device token (valid for one event's check-in routes). */
export interface DeviceIdentity {
  id: string;
  eventId: string;
  name: string;
  /** Every scan of the device is at this gate when set. */
  gate: string | null;
}

/**
 * Who performs an action: the signed-in user, as loaded from the database for this request; or a
 * scanner device (`device` set, `userId` and `email` empty, no roles), which the access guard lets
 * through to the check-in routes of its event only.
 */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  roles: readonly Role[];
  device?: DeviceIdentity;
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
