import { Injectable, Logger } from '@nestjs/common';
import { Actor, AuditLog, newId, Page, PageRequest, Role, TransactionRunner } from '@app/shared';
import { AuthUserCache } from './auth-user-cache.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { normalizeEmail } from './account-rules.js';
import { normalizeRoles, PublicUser, toPublicUser } from './user.js';
import { UserFilter, UserRepository } from './user.repository.js';
import { EmailTakenError, LastAdminError, UserNotFoundError } from './users.errors.js';

export interface CreateUserInput {
  email: string;
  password: string;
  name: string;
  /** E.164 (the HTTP layer normalises it). */
  phone?: string | null;
  roles: Role[];
}

export interface UpdateUserInput {
  name?: string;
  /** E.164; null removes it. */
  phone?: string | null;
  roles?: Role[];
  disabled?: boolean;
}

/** Back-office user management (admin writes, admin and viewer reads) and the first admin. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly authUsers: AuthUserCache,
  ) {}

  /** @throws UserNotFoundError (404) */
  async get(id: string): Promise<PublicUser> {
    const user = await this.users.findById(id);
    if (!user) throw new UserNotFoundError();
    return toPublicUser(user);
  }

  /** The user, or null when there is none (other libs' use cases: e-mail recipients, checks); joins the caller's transaction. */
  async find(id: string): Promise<PublicUser | null> {
    const user = await this.users.findById(id);
    return user ? toPublicUser(user) : null;
  }

  async list(filter: UserFilter, page: PageRequest): Promise<Page<PublicUser>> {
    const result = await this.users.list(filter, page);
    return { data: result.data.map(toPublicUser), nextCursor: result.nextCursor };
  }

  /**
   * Creates a user with the given roles (staff accounts); audited as `user.created`.
   * @throws EmailTakenError (409)
   */
  async create(actor: Actor | null, input: CreateUserInput): Promise<PublicUser> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.tx.run(async () => {
      const user = await this.users.create({
        id: newId(),
        email: normalizeEmail(input.email),
        name: input.name.trim(),
        phone: input.phone ?? null,
        roles: normalizeRoles(input.roles),
        disabled: false,
        passwordHash,
        // An admin creating the account (or the first-admin CLI) vouches for the address.
        emailVerifiedAt: new Date(),
      });
      await this.audit.record({
        action: 'user.created',
        actorId: actor?.userId ?? null,
        entityType: 'user',
        entityId: user.id,
        details: { email: user.email, roles: user.roles, ...(user.phone ? { phone: user.phone } : {}) },
      });
      return toPublicUser(user);
    });
  }

  /**
   * The account of a box-office buyer: the user with this e-mail if there is one (unchanged,
   * whatever name or phone staff typed), else a new `customer` with no password and an unverified
   * e-mail, audited as `user.created` (`source: box_office`). Safe against a concurrent creation of
   * the same e-mail (both get the one account). Joins the caller's transaction.
   *
   * The new account cannot sign in; its owner claims it by a password reset (`AuthService`), which
   * proves they receive mail at the address before any password is set, so nobody else can take
   * the account or see its tickets.
   */
  async findOrCreateCustomer(actor: Actor, input: { email: string; name: string; phone?: string | null }): Promise<{ user: PublicUser; created: boolean }> {
    return this.tx.run(async () => {
      const { user, created } = await this.users.createIfAbsent({
        id: newId(),
        email: normalizeEmail(input.email),
        name: input.name.trim(),
        phone: input.phone ?? null,
        roles: [Role.Customer],
        disabled: false,
        passwordHash: null,
        emailVerifiedAt: null,
      });
      if (created) {
        await this.audit.record({
          action: 'user.created',
          actorId: actor.userId,
          entityType: 'user',
          entityId: user.id,
          details: { email: user.email, roles: user.roles, source: 'box_office', passwordless: true, ...(user.phone ? { phone: user.phone } : {}) },
        });
      }
      return { user: toPublicUser(user), created };
    });
  }

  /**
   * Changes roles, name or the disabled flag; disabling signs the user out everywhere at once.
   * Audited as `user.updated` with the changes.
   * @throws UserNotFoundError (404), LastAdminError (409 `last_admin`)
   */
  async update(actor: Actor, id: string, input: UpdateUserInput): Promise<PublicUser> {
    const updated = await this.tx.run(async () => {
      const before = await this.users.findById(id);
      if (!before) throw new UserNotFoundError();
      const roles = input.roles ? normalizeRoles(input.roles) : undefined;
      const losesAdmin = before.roles.includes(Role.Admin) && !before.disabled && ((roles && !roles.includes(Role.Admin)) || input.disabled === true);
      if (losesAdmin) {
        const admins = await this.users.lockEnabledAdmins();
        if (admins.filter((adminId) => adminId !== id).length === 0) throw new LastAdminError();
      }
      const disabling = input.disabled === true && !before.disabled;
      const after = await this.users.update(id, { name: input.name?.trim(), phone: input.phone, roles, disabled: input.disabled, bumpTokenVersion: disabling });
      if (!after) throw new UserNotFoundError();
      if (disabling) await this.refreshTokens.revokeAllForUser(id);
      await this.audit.record({
        action: 'user.updated',
        actorId: actor.userId,
        entityType: 'user',
        entityId: id,
        details: { changes: diff(toPublicUser(before), toPublicUser(after)) },
      });
      return toPublicUser(after);
    });
    // Answer once every replica has heard of it (a disabled user is refused everywhere next).
    await this.authUsers.propagated(id);
    return updated;
  }

  /**
   * Creates the first admin from configuration when no admin exists yet; safe to call from several
   * processes at once (the unique e-mail makes one win). Returns what it did.
   */
  async ensureBootstrapAdmin(input: { email: string; password: string; name?: string }): Promise<'created' | 'exists' | 'email_in_use'> {
    if (await this.users.adminExists()) return 'exists';
    try {
      await this.create(null, { email: input.email, password: input.password, name: input.name ?? 'Administrator', roles: [Role.Admin] });
      this.logger.log(`Created the first admin ${normalizeEmail(input.email)} from ADMIN_EMAIL`);
      return 'created';
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      if (await this.users.adminExists()) return 'exists';
      this.logger.warn(`ADMIN_EMAIL ${normalizeEmail(input.email)} belongs to a non-admin account; no admin was created`);
      return 'email_in_use';
    }
  }
}

function diff(before: PublicUser, after: PublicUser): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ['name', 'phone', 'roles', 'disabled'] as const) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}
