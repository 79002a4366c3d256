import type { JwtService } from '@nestjs/jwt';
import type { AuditLog, EmailOutbox, TransactionRunner } from '@app/shared';
import type { AuthSettings } from './auth-settings.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import type { RefreshTokenRepository } from './refresh-token.repository.js';
import type { UserRepository } from './user.repository.js';
import { InvalidCredentialsError } from './users.errors.js';

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
    const auth = new AuthService(users, {} as RefreshTokenRepository, hasher, {} as JwtService, {} as AuthSettings, {} as TransactionRunner, audit, {} as EmailOutbox);

    await auth.onModuleInit();
    expect(hasher.hashes).toBe(1);

    await expect(auth.login({ email: 'nobody@example.com', password: 'whatever it is' })).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(hasher.hashes).toBe(1); // no hashing on the request path, the first time included
    expect(hasher.verifies).toBe(1);
  });
});
