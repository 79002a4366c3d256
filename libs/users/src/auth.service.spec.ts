import type { JwtService } from '@nestjs/jwt';
import { type AuditLog, type EmailOutbox, Role, type TransactionRunner } from '@app/shared';
import type { AuthSettings } from './auth-settings.js';
import { AuthUser, AuthUserCache, UncachedAuthUsers } from './auth-user-cache.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import type { RefreshTokenRepository } from './refresh-token.repository.js';
import type { UserRepository } from './user.repository.js';
import { InvalidAccessTokenError, InvalidCredentialsError } from './users.errors.js';

/** Counts what the login path costs: every hash and every verify. */
class CountingHasher extends PasswordHasher {
  hashes = 0;
  verifies = 0;
  async hash(password: string): Promise<string> {
    this.hashes++;
    return `hash:${password}`;
  }
  async verify(hash: string, password: string): Promise<boolean> {
    this.verifies++;
    return hash === `hash:${password}`;
  }
}

describe('AuthService login timing', () => {
  it('computes the dummy hash at start, so an unknown e-mail costs one verify, like a wrong password', async () => {
    const hasher = new CountingHasher();
    const users = { findByEmail: async () => null } as unknown as UserRepository;
    const audit = { record: async () => undefined } as unknown as AuditLog;
    const auth = new AuthService(
      users,
      {} as RefreshTokenRepository,
      hasher,
      {} as JwtService,
      {} as AuthSettings,
      {} as TransactionRunner,
      audit,
      {} as EmailOutbox,
      new UncachedAuthUsers(),
    );

    await auth.onModuleInit();
    expect(hasher.hashes).toBe(1);

    await expect(auth.login({ email: 'nobody@example.com', password: 'whatever it is' })).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(hasher.hashes).toBe(1); // no hashing on the request path, the first time included
    expect(hasher.verifies).toBe(1);
  });
});

describe('AuthService.resolveActor through the user cache', () => {
  const id = '0190a5c4-4b6b-7c2e-9b9e-1a2b3c4d5e6f';
  const stored = { id, email: 'a@example.com', name: 'A', roles: [Role.Customer], disabled: false, tokenVersion: 2 };

  /** A cache that still holds version 1 of the user (a change it has not heard of yet). */
  class StaleCache extends AuthUserCache {
    refreshed = 0;
    async read() {
      return { ...stored, tokenVersion: 1 };
    }
    async refresh(key: string, load: (id: string) => Promise<AuthUser | null>) {
      this.refreshed++;
      return load(key);
    }
    forget() {}
    async propagated() {}
  }

  const storedRow = () => ({
    ...stored,
    roles: [...stored.roles],
    phone: null,
    passwordHash: 'h',
    emailVerifiedAt: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  });

  /** The service with only what `resolveActor` uses: the user read (`findById`) and the cache. */
  function service(cache: AuthUserCache, findById: () => Promise<unknown> = async () => storedRow()) {
    return new AuthService(
      { findById } as unknown as UserRepository,
      {} as RefreshTokenRepository,
      new CountingHasher(),
      {} as JwtService,
      {} as AuthSettings,
      {} as TransactionRunner,
      {} as AuditLog,
      {} as EmailOutbox,
      cache,
    );
  }

  it('reads afresh when the token is newer than the kept version, instead of refusing a good token', async () => {
    const cache = new StaleCache();
    await expect(service(cache).resolveActor({ sub: id, ver: 2, roles: [Role.Customer] })).resolves.toMatchObject({ userId: id, roles: [Role.Customer] });
    expect(cache.refreshed).toBe(1);
  });

  it('refuses a token older than the kept version without reading again', async () => {
    const cache = new StaleCache();
    await expect(service(cache).resolveActor({ sub: id, ver: 0, roles: [Role.Customer] })).rejects.toBeInstanceOf(InvalidAccessTokenError);
    expect(cache.refreshed).toBe(0);
  });

  it('refuses a disabled user and an unknown one', async () => {
    const cache = new UncachedAuthUsers();
    const disabled = service(cache, async () => ({ ...stored, disabled: true }));
    await expect(disabled.resolveActor({ sub: id, ver: 2, roles: [Role.Customer] })).rejects.toBeInstanceOf(InvalidAccessTokenError);
    const unknown = service(cache, async () => null);
    await expect(unknown.resolveActor({ sub: id, ver: 2, roles: [Role.Customer] })).rejects.toBeInstanceOf(InvalidAccessTokenError);
  });
});
