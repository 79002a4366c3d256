import { Injectable } from '@nestjs/common';
import { IdempotencyClaim, IdempotencyStore, newId } from '@app/shared';
import { DatabaseContext } from '../database-context.js';

/** Idempotency keys in PostgreSQL: one statement claims, a per-claim token guards completion. */
@Injectable()
export class TypeOrmIdempotencyStore extends IdempotencyStore {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async claim(userId: string, key: string, fingerprint: string, ttlSeconds: number, leaseSeconds: number): Promise<IdempotencyClaim> {
    // One statement decides: a new key is inserted; an expired one, or an abandoned in-progress
    // claim of the same request, is taken over; anything else is left alone and reported below.
    const token = newId();
    const claimed = await this.db.sql(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, status, claim_token, locked_until, expires_at)
       VALUES ($1, $2, $3, 'in_progress', $6, now() + make_interval(secs => $5), now() + make_interval(secs => $4))
       ON CONFLICT (user_id, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, status = 'in_progress', response_status = NULL, response_body = NULL,
              claim_token = EXCLUDED.claim_token, locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at, created_at = now()
        WHERE idempotency_keys.expires_at <= now()
           OR (idempotency_keys.status = 'in_progress' AND idempotency_keys.locked_until <= now()
               AND idempotency_keys.request_hash = EXCLUDED.request_hash)
       RETURNING 1`,
      [userId, key, fingerprint, ttlSeconds, leaseSeconds, token],
    );
    if (claimed.rowCount) return { state: 'started', token };
    const { rows } = await this.db.sql<{ request_hash: string; status: string; response_status: number | null; response_body: unknown }>(
      'SELECT request_hash, status, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
      [userId, key],
    );
    const existing = rows[0];
    if (!existing) return this.claim(userId, key, fingerprint, ttlSeconds, leaseSeconds); // deleted in between: try again
    if (existing.request_hash !== fingerprint) return { state: 'mismatch' };
    if (existing.status !== 'completed') return { state: 'in_progress' };
    return { state: 'replay', status: existing.response_status ?? 200, body: existing.response_body };
  }

  async complete(userId: string, key: string, token: string, status: number, body: unknown): Promise<boolean> {
    const { rowCount } = await this.db.sql(
      `UPDATE idempotency_keys SET status = 'completed', response_status = $4, response_body = $5::jsonb, locked_until = NULL
        WHERE user_id = $1 AND key = $2 AND claim_token = $3 AND status = 'in_progress'`,
      [userId, key, token, status, JSON.stringify(body ?? null)],
    );
    return rowCount === 1;
  }

  async abandon(userId: string, key: string, token: string): Promise<void> {
    await this.db.sql(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND claim_token = $3 AND status = 'in_progress'`, [userId, key, token]);
  }

  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.db.sql('DELETE FROM idempotency_keys WHERE expires_at <= now()');
    return rowCount;
  }
}
