import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('idempotency_keys')
@Check('idempotency_keys_status_check', `status IN ('in_progress', 'completed')`)
@Index('idempotency_keys_expires_idx', ['expiresAt'])
export class IdempotencyKeyOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'idempotency_keys_pkey' })
  userId: string;

  @PrimaryColumn('varchar', { length: 255, primaryKeyConstraintName: 'idempotency_keys_pkey' })
  key: string;

  /** SHA-256 hex of method, path and canonical body. */
  @Column('char', { length: 64 })
  requestHash: string;

  @Column('varchar', { length: 16 })
  status: string;

  @Column('integer', { nullable: true })
  responseStatus: number | null;

  @Column('jsonb', { nullable: true })
  responseBody: unknown;

  /** Who holds the claim: only that request may complete or abandon it (a take-over gets a new token). */
  @Column('uuid', { nullable: true })
  claimToken: string | null;

  /** An in-progress claim older than this is considered abandoned. */
  @Column('timestamptz', { nullable: true })
  lockedUntil: Date | null;

  @Column('timestamptz')
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
