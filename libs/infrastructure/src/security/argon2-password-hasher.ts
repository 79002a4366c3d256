import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '@app/users';
import argon2 from 'argon2';

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's baseline parameters
 * (19 MiB memory, 2 iterations, parallelism 1).
 */
@Injectable()
export class Argon2PasswordHasher extends PasswordHasher {
  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
