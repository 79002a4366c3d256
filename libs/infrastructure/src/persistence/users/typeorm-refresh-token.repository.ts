import { Injectable } from '@nestjs/common';
import { NewRefreshToken, RefreshTokenRecord, RefreshTokenRepository } from '@app/users';
import { DatabaseContext } from '../database-context.js';
import { RefreshTokenOrmEntity } from './refresh-token.orm-entity.js';

@Injectable()
export class TypeOrmRefreshTokenRepository extends RefreshTokenRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async insert(token: NewRefreshToken): Promise<void> {
    await this.db.manager.getRepository(RefreshTokenOrmEntity).insert({
      id: token.id,
      userId: token.userId,
      familyId: token.familyId,
      tokenHash: token.tokenHash,
      expiresAt: token.expiresAt,
      ip: token.ip?.slice(0, 64) ?? null,
      userAgent: token.userAgent?.slice(0, 512) ?? null,
    });
  }

  async rotate(tokenHash: string, replacement: Omit<NewRefreshToken, 'userId' | 'familyId'>) {
    // One statement decides the winner: a concurrent second rotation finds revoked_at set.
    const { rows } = await this.db.sql<{ user_id: string; family_id: string }>(
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
    const row = await this.db.manager.getRepository(RefreshTokenOrmEntity).findOneBy({ tokenHash });
    return row
      ? {
          id: row.id,
          userId: row.userId,
          familyId: row.familyId,
          tokenHash: row.tokenHash,
          expiresAt: row.expiresAt,
          revokedAt: row.revokedAt,
          replacedById: row.replacedById,
          createdAt: row.createdAt,
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
