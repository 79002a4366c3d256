import { createHash, randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor, AuditLog, currentRequestContext, EmailOutbox, isUuid, linkWithParam, newId, Role, TransactionRunner } from '@app/shared';
import { AuthSettings } from './auth-settings.js';
import { AuthUser, AuthUserCache } from './auth-user-cache.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { normalizeEmail } from './account-rules.js';
import { PublicUser, toPublicUser, User } from './user.js';
import { UserRepository } from './user.repository.js';
import {
  CurrentPasswordIncorrectError,
  EmailAlreadyVerifiedError,
  InvalidAccessTokenError,
  InvalidCredentialsError,
  EmailTakenError,
  InvalidRefreshTokenError,
  InvalidResetTokenError,
  InvalidVerificationTokenError,
  RefreshTokenReusedError,
} from './users.errors.js';

/** What a successful register, login or refresh answers. */
export interface AuthSession {
  user: PublicUser;
  /** JWT (HS256); send as `Authorization: Bearer <accessToken>`. */
  accessToken: string;
  /** Opaque; rotated on every use. */
  refreshToken: string;
  tokenType: 'Bearer';
  /** Access-token lifetime in seconds. */
  expiresIn: number;
}

/** Claims of our access tokens (besides `exp`, `iat`, `iss`, `aud`). */
export interface AccessTokenClaims {
  sub: string;
  /** The user's token version when the token was issued. */
  ver: number;
  roles: Role[];
}

/**
 * Audience of e-mail verification tokens. They are HS256 JWTs with the access tokens' key and
 * issuer but this audience, so neither kind is accepted as the other.
 */
export const EMAIL_VERIFICATION_AUDIENCE = 'ticketing-api:verify-email';

/** Claims of an e-mail verification token (besides `exp`, `iat`, `iss`, `aud`): whose address, and which. */
interface EmailVerificationClaims {
  sub: string;
  email: string;
}

/**
 * Audience of password reset tokens (HS256 JWTs like the verification tokens, with their own
 * audience so that no other token is accepted as one).
 */
export const PASSWORD_RESET_AUDIENCE = 'ticketing-api:password-reset';

/** How long a password reset token works, in seconds. */
export const PASSWORD_RESET_TTL_SECONDS = 3600;

/** At most one reset e-mail per account in this many seconds (a dedupe key per window). */
export const PASSWORD_RESET_EMAIL_INTERVAL_SECONDS = 60;

/** Claims of a password reset token: whose account, its address, and its token version when issued (single use). */
interface PasswordResetClaims {
  sub: string;
  email: string;
  ver: number;
}

/**
 * What `register` did: signed a new account in, or (the e-mail belongs to an account made at the
 * box office, with no password yet) sent that address a password-reset message to claim it.
 */
export type RegisterOutcome = { kind: 'registered'; session: AuthSession } | { kind: 'claim_sent'; email: string };

/** SHA-256 hex of a refresh token: the only form in which refresh tokens are stored. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Sign-up, sign-in, refresh-token rotation, logout and password change.
 *
 * Refresh tokens are 256-bit random strings stored as SHA-256 hashes; each use rotates the token
 * (atomically, see {@link RefreshTokenRepository.rotate}); presenting an already rotated token
 * revokes its whole family and is audited (OAuth 2.0 Security BCP, RFC 9700 section 4.14.2).
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly settings: AuthSettings,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly outbox: EmailOutbox,
    private readonly authUsers: AuthUserCache,
  ) {}

  /**
   * Computes the dummy hash that unknown e-mails are checked against before the first request, so
   * that the first failed login of an unknown e-mail does not take twice as long (a hash, then a
   * verify) as a wrong password would.
   */
  async onModuleInit(): Promise<void> {
    await this.getDummyHash();
  }

  /**
   * Creates a `customer` account with an unverified e-mail and signs it in; the `verify-email`
   * message (see {@link verifyEmail}) is queued in the same transaction.
   *
   * The e-mail of an account with no password (made for a box-office buyer): the account is NOT
   * changed and nobody is signed in; a `password-reset` message (`claim: true`) goes to the address
   * instead, and whoever reads it sets the password ({@link resetPassword}). Setting the password
   * given here, or signing the registrant in, would let anyone who types someone else's e-mail
   * take over that person's tickets; the reset proves they own the address first.
   * @throws EmailTakenError (409 `email_taken`): the e-mail's account has a password
   */
  async register(input: { email: string; password: string; name: string; phone?: string | null }): Promise<RegisterOutcome> {
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return { kind: 'registered', session: await this.createAndSignIn(input, passwordHash) };
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      const existing = await this.users.findByEmail(normalizeEmail(input.email));
      if (!existing || existing.passwordHash !== null || existing.disabled) throw error;
      await this.sendPasswordReset(existing);
      return { kind: 'claim_sent', email: existing.email };
    }
  }

  /**
   * Queues a `password-reset` message to the account with this e-mail, if it exists and is
   * enabled (at most one every {@link PASSWORD_RESET_EMAIL_INTERVAL_SECONDS} s); answers the same
   * either way, so accounts cannot be probed. Audited `auth.password_reset_requested`.
   */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.users.findByEmail(normalizeEmail(email));
    if (!user || user.disabled) return;
    await this.tx.run(async () => {
      await this.sendPasswordReset(user);
      await this.audit.record({
        action: 'auth.password_reset_requested',
        actorId: null,
        entityType: 'user',
        entityId: user.id,
        details: { email: user.email },
      });
    });
  }

  /**
   * Sets a new password with the token of a `password-reset` message, marks the e-mail verified
   * (the message reached it), signs out every session and signs in anew. The token works once and
   * only while the account still has the address and token version it was issued for. Audited
   * `auth.password_reset` (`claimed: true` when the account had no password: a box-office buyer's).
   * @throws InvalidResetTokenError (400 `invalid_reset_token`)
   */
  async resetPassword(token: string, password: string): Promise<AuthSession> {
    let claims: PasswordResetClaims;
    try {
      claims = await this.jwt.verifyAsync<PasswordResetClaims>(token, { audience: PASSWORD_RESET_AUDIENCE });
    } catch {
      throw new InvalidResetTokenError();
    }
    if (!isUuid(claims.sub) || typeof claims.email !== 'string' || !Number.isInteger(claims.ver)) throw new InvalidResetTokenError();
    const passwordHash = await this.hasher.hash(password);
    const user = await this.tx.run(async () => {
      const before = await this.users.findById(claims.sub);
      const updated = await this.users.resetPassword(claims.sub, claims.email, claims.ver, passwordHash);
      if (!updated) throw new InvalidResetTokenError();
      await this.refreshTokens.revokeAllForUser(updated.id);
      await this.audit.record({
        action: 'auth.password_reset',
        actorId: updated.id,
        entityType: 'user',
        entityId: updated.id,
        details: { claimed: before?.passwordHash === null },
      });
      return updated;
    });
    await this.authUsers.propagated(user.id);
    return this.startSession(user);
  }

  private async createAndSignIn(input: { email: string; name: string; phone?: string | null }, passwordHash: string): Promise<AuthSession> {
    const user = await this.tx.run(async () => {
      const created = await this.users.create({
        id: newId(),
        email: normalizeEmail(input.email),
        name: input.name.trim(),
        phone: input.phone ?? null,
        roles: [Role.Customer],
        disabled: false,
        passwordHash,
        emailVerifiedAt: null,
      });
      await this.sendVerification(created);
      return created;
    });
    return this.startSession(user);
  }

  /**
   * Proves the owner receives mail at the account's address: checks the token (signature, audience,
   * expiry) and that the account still has the e-mail it was issued for, then marks it verified
   * (idempotent: a second use changes nothing). Audited as `auth.email_verified` the first time.
   * @returns the user, `emailVerified: true`
   * @throws InvalidVerificationTokenError (400 `invalid_verification_token`)
   */
  async verifyEmail(token: string): Promise<PublicUser> {
    let claims: EmailVerificationClaims;
    try {
      claims = await this.jwt.verifyAsync<EmailVerificationClaims>(token, { audience: EMAIL_VERIFICATION_AUDIENCE });
    } catch {
      throw new InvalidVerificationTokenError();
    }
    if (!isUuid(claims.sub) || typeof claims.email !== 'string') throw new InvalidVerificationTokenError();
    return this.tx.run(async () => {
      const verified = await this.users.markEmailVerified(claims.sub, claims.email);
      if (verified) {
        await this.audit.record({
          action: 'auth.email_verified',
          actorId: verified.id,
          entityType: 'user',
          entityId: verified.id,
          details: { email: verified.email },
        });
        return toPublicUser(verified);
      }
      // Already verified (this token used before, or a concurrent call won): answer the same, once more.
      const current = await this.users.findById(claims.sub);
      if (!current || current.disabled || current.email !== claims.email || !current.emailVerifiedAt) throw new InvalidVerificationTokenError();
      return toPublicUser(current);
    });
  }

  /**
   * Queues a new `verify-email` message for the actor's address (earlier tokens stay valid until
   * they expire).
   * @throws EmailAlreadyVerifiedError (409 `email_already_verified`)
   */
  async resendVerification(actor: Actor): Promise<void> {
    const user = await this.users.findById(actor.userId);
    if (!user) throw new InvalidAccessTokenError();
    if (user.emailVerifiedAt) throw new EmailAlreadyVerifiedError();
    await this.sendVerification(user);
  }

  /**
   * Checks the password (argon2id) and signs in. Unknown e-mail and wrong password give the same
   * error after the same work, and both are audited as `auth.login_failed`.
   * @throws InvalidCredentialsError (401 `invalid_credentials`)
   */
  async login(input: { email: string; password: string }): Promise<AuthSession> {
    const email = normalizeEmail(input.email);
    const user = await this.users.findByEmail(email);
    // An unknown e-mail and an account with no password (box office) do the same work as a wrong password.
    const ok = user?.passwordHash
      ? await this.hasher.verify(user.passwordHash, input.password)
      : await this.hasher.verify(await this.getDummyHash(), input.password).then(() => false);
    if (!user || !ok || user.disabled) {
      await this.audit.record({
        action: 'auth.login_failed',
        actorId: user?.id ?? null,
        entityType: user ? 'user' : undefined,
        entityId: user?.id,
        details: { email, reason: !user ? 'unknown_email' : !user.passwordHash ? 'no_password' : !ok ? 'wrong_password' : 'disabled' },
      });
      throw new InvalidCredentialsError();
    }
    if (user.roles.some((r) => r !== Role.Customer)) {
      await this.audit.record({ action: 'auth.login', actorId: user.id, entityType: 'user', entityId: user.id });
    }
    return this.startSession(user);
  }

  /**
   * Rotates a refresh token into a new pair.
   * @throws InvalidRefreshTokenError (401) for unknown, expired or revoked tokens
   * @throws RefreshTokenReusedError (401) for a token that was already rotated: the family is revoked
   */
  async refresh(refreshToken: string): Promise<AuthSession> {
    const tokenHash = hashRefreshToken(refreshToken);
    const next = this.newRefreshToken();
    const user = await this.tx.run(async () => {
      const rotated = await this.refreshTokens.rotate(tokenHash, next.record);
      if (!rotated) return null;
      const owner = await this.users.findById(rotated.userId);
      // Throwing rolls the rotation back: a disabled user's token stays unusable, not consumed.
      if (!owner || owner.disabled) throw new InvalidRefreshTokenError();
      return owner;
    });
    if (user) return this.session(user, next.token);

    const stored = await this.refreshTokens.findByHash(tokenHash);
    if (stored?.replacedById) {
      await this.tx.run(async () => {
        const revoked = await this.refreshTokens.revokeFamily(stored.familyId);
        await this.audit.record({
          action: 'auth.refresh_token_reused',
          actorId: stored.userId,
          entityType: 'user',
          entityId: stored.userId,
          details: { familyId: stored.familyId, revokedTokens: revoked },
        });
      });
      throw new RefreshTokenReusedError();
    }
    throw new InvalidRefreshTokenError();
  }

  /**
   * Revokes the session of `refreshToken` (its family) when it belongs to the actor; without a
   * token, signs the actor out everywhere (all refresh tokens and all access tokens). Idempotent.
   */
  async logout(actor: Actor, refreshToken?: string): Promise<void> {
    if (refreshToken) {
      const stored = await this.refreshTokens.findByHash(hashRefreshToken(refreshToken));
      if (stored && stored.userId === actor.userId) await this.refreshTokens.revokeFamily(stored.familyId);
      return;
    }
    await this.tx.run(async () => {
      await this.refreshTokens.revokeAllForUser(actor.userId);
      await this.users.update(actor.userId, { bumpTokenVersion: true });
    });
    await this.authUsers.propagated(actor.userId);
  }

  /**
   * Changes the actor's password; every refresh token and every access token issued before dies.
   * A wrong current password is audited as `auth.password_change_failed` (someone holding the
   * access token may be guessing it).
   * @throws CurrentPasswordIncorrectError (400 `current_password_incorrect`)
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findById(actor.userId);
    if (!user?.passwordHash || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.audit.record({ action: 'auth.password_change_failed', actorId: actor.userId, entityType: 'user', entityId: actor.userId });
      throw new CurrentPasswordIncorrectError();
    }
    const passwordHash = await this.hasher.hash(newPassword);
    await this.tx.run(async () => {
      await this.users.update(user.id, { passwordHash, bumpTokenVersion: true });
      await this.refreshTokens.revokeAllForUser(user.id);
      await this.audit.record({ action: 'auth.password_changed', actorId: user.id, entityType: 'user', entityId: user.id });
    });
    // Answer once every replica has heard of it, so the old token is refused everywhere next.
    await this.authUsers.propagated(user.id);
  }

  /**
   * Turns verified access-token claims into the current actor, from the user as it is now (through
   * {@link AuthUserCache}, which learns of every change to a user), so that a disabled user, or a
   * token issued before a password change, is refused at once.
   * @throws InvalidAccessTokenError (401 `invalid_token`)
   */
  async resolveActor(claims: AccessTokenClaims): Promise<Actor> {
    // A non-UUID `sub` is refused here, not by the database's uuid cast (a 500).
    if (!isUuid(claims.sub)) throw new InvalidAccessTokenError();
    let user = await this.authUsers.read(claims.sub, this.loadAuthUser);
    // A token newer than the kept version (signed after a change this process has not heard of
    // yet) proves the kept answer stale: read afresh rather than refuse a good token.
    if (user && claims.ver > user.tokenVersion) user = await this.authUsers.refresh(claims.sub, this.loadAuthUser);
    if (!user || user.disabled || user.tokenVersion !== claims.ver) throw new InvalidAccessTokenError();
    return { userId: user.id, email: user.email, name: user.name, roles: [...user.roles] };
  }

  private readonly loadAuthUser = async (id: string): Promise<AuthUser | null> => {
    const user = await this.users.findById(id);
    return user && { id: user.id, email: user.email, name: user.name, roles: user.roles, disabled: user.disabled, tokenVersion: user.tokenVersion };
  };

  /** Queues the `verify-email` message with a fresh token (in the caller's transaction, if any). */
  private async sendVerification(user: User): Promise<void> {
    const ttl = this.settings.emailVerificationTtlSeconds;
    const claims: EmailVerificationClaims = { sub: user.id, email: user.email };
    // A jwtid, so a resend within the same second is a new token too.
    const token = await this.jwt.signAsync(claims, { audience: EMAIL_VERIFICATION_AUDIENCE, expiresIn: ttl, jwtid: newId() });
    const url = this.settings.emailVerificationUrl;
    await this.outbox.enqueue({
      to: user.email,
      template: 'verify-email',
      data: {
        recipientName: user.name,
        token,
        expiresAt: new Date(Date.now() + ttl * 1000),
        ...(url ? { verifyUrl: linkWithParam(url, 'token', token) } : {}),
      },
    });
  }

  /** Queues the `password-reset` message with a fresh token (in the caller's transaction, if any). */
  private async sendPasswordReset(user: User): Promise<void> {
    const claims: PasswordResetClaims = { sub: user.id, email: user.email, ver: user.tokenVersion };
    const token = await this.jwt.signAsync(claims, { audience: PASSWORD_RESET_AUDIENCE, expiresIn: PASSWORD_RESET_TTL_SECONDS, jwtid: newId() });
    const window = Math.floor(Date.now() / 1000 / PASSWORD_RESET_EMAIL_INTERVAL_SECONDS);
    await this.outbox.enqueue({
      to: user.email,
      template: 'password-reset',
      dedupeKey: `password-reset:${user.id}:${window}`,
      data: { recipientName: user.name, token, expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_SECONDS * 1000), claim: user.passwordHash === null },
    });
  }

  private async startSession(user: User): Promise<AuthSession> {
    const next = this.newRefreshToken();
    await this.refreshTokens.insert({ ...next.record, userId: user.id, familyId: newId() });
    return this.session(user, next.token);
  }

  private async session(user: User, refreshToken: string): Promise<AuthSession> {
    const claims: AccessTokenClaims = { sub: user.id, ver: user.tokenVersion, roles: user.roles };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.settings.accessTokenTtlSeconds });
    return { user: toPublicUser(user), accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.settings.accessTokenTtlSeconds };
  }

  private newRefreshToken() {
    const token = randomBytes(32).toString('base64url');
    const context = currentRequestContext();
    return {
      token,
      record: {
        id: newId(),
        tokenHash: hashRefreshToken(token),
        expiresAt: new Date(Date.now() + this.settings.refreshTokenTtlSeconds * 1000),
        ip: context?.ip,
        userAgent: context?.userAgent,
      },
    };
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
