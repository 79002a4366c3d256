import { Injectable } from '@nestjs/common';
import { NewRefreshToken, RefreshTokenRecord, RefreshTokenRepository } from '@app/users';
import { DatabaseContext } from '../database-context.js';
import type { RefreshTokensRow } from '../schema.js';

type RefreshTokenRow = Pick<RefreshTokensRow, 'id' | 'user_id' | 'family_id' | 'token_hash' | 'expires_at' | 'revoked_at' | 'replaced_by_id' | 'created_at'>;

/** Refresh tokens in `refresh_tokens`, in the caller's transaction when there is one. */
@Injectable()
export class TypeOrmRefreshTokenRepository extends RefreshTokenRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  /** Inserts the token; `ip` is cut to 64 characters and `userAgent` to 512 (the columns' lengths). */
  async insert(token: NewRefreshToken): Promise<void> {
    await this.db.sql(`INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      token.id,
      token.userId,
      token.familyId,
      token.tokenHash,
      token.expiresAt,
      token.ip?.slice(0, 64) ?? null,
      token.userAgent?.slice(0, 512) ?? null,
    ]);
  }

  async rotate(tokenHash: string, replacement: Omit<NewRefreshToken, 'userId' | 'familyId'>) {
    // One statement decides the winner: a concurrent second rotation finds revoked_at set.
    const { rows } = await this.db.sql<Pick<RefreshTokensRow, 'user_id' | 'family_id'>>(
      `UPDATE refresh_tokens SET revoked_at = now(), replaced_by_id = $2
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
        RETURNING user_id, family_id`,
      [tokenHash, replacement.id],
    );
    const rotated = rows[0];
    if (!rotated) return null;
    await this.insert({ ...replacement, userId: rotated.user_id, familyId: rotated.family_id });
    return { userId: rotated.user_id, familyId: rotated.family_id };
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const { rows } = await this.db.sql<RefreshTokenRow>(
      `SELECT id, user_id, family_id, token_hash, expires_at, revoked_at, replaced_by_id, created_at FROM refresh_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          userId: row.user_id,
          familyId: row.family_id,
          tokenHash: row.token_hash,
          expiresAt: row.expires_at,
          revokedAt: row.revoked_at,
          replacedById: row.replaced_by_id,
          createdAt: row.created_at,
        }
      : null;
  }

  async revokeFamily(familyId: string): Promise<number> {
    const { rowCount } = await this.db.sql(`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [familyId]);
    return rowCount;
  }

  async revokeAllForUser(userId: string): Promise<number> {
    const { rowCount } = await this.db.sql(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    return rowCount;
  }
}
