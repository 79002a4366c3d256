/** The four roles of docs/api.md. Self-registration always yields `customer`. */
export enum Role {
  Admin = 'admin',
  Scanner = 'scanner',
  Viewer = 'viewer',
  Customer = 'customer',
}

export const ALL_ROLES: readonly Role[] = [Role.Admin, Role.Scanner, Role.Viewer, Role.Customer];

/** Roles that read back-office data (everything staff can read). */
export const STAFF_READ_ROLES: readonly Role[] = [Role.Admin, Role.Viewer];
