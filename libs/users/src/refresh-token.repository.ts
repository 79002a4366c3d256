/** A refresh token as stored: only its SHA-256 hash, never the token itself. */
export interface RefreshTokenRecord {
  id: string;
  userId: string;
  /** All tokens rotated from one login share a family; reuse of any revokes the family. */
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  /** Set when the token was rotated (as opposed to revoked by logout). */
  replacedById: string | null;
  createdAt: Date;
}

export type NewRefreshToken = Pick<RefreshTokenRecord, 'id' | 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'> & {
  ip?: string;
  userAgent?: string;
};

/** Port: refresh-token storage with atomic rotation. */
export abstract class RefreshTokenRepository {
  abstract insert(token: NewRefreshToken): Promise<void>;
  /**
   * Atomically marks the live, unexpired token with `tokenHash` as rotated into `replacement` and
   * inserts the replacement, in one statement pair (`UPDATE ... WHERE revoked_at IS NULL AND
   * expires_at > now() RETURNING`): of two concurrent rotations of one token exactly one succeeds.
   * Returns the rotated token's user and family, or null when no live token matched.
   */
  abstract rotate(tokenHash: string, replacement: Omit<NewRefreshToken, 'userId' | 'familyId'>): Promise<{ userId: string; familyId: string } | null>;
  abstract findByHash(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Revokes every live token of the family; returns how many. */
  abstract revokeFamily(familyId: string): Promise<number>;
  abstract revokeAllForUser(userId: string): Promise<number>;
}
