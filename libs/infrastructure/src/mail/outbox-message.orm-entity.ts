import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * `outbox_messages`: the transactional e-mail outbox and the outgoing log. A row is written in the
 * same transaction as the state change it announces, then sent by the outbox worker.
 */
@Entity('outbox_messages')
@Unique('outbox_messages_dedupe_key_key', ['dedupeKey'])
@Check('outbox_messages_status_check', `status IN ('queued', 'sent', 'failed')`)
@Check('outbox_messages_attempts_check', `attempts >= 0`)
// The worker's claim: queued rows by due time (`WHERE status = 'queued' ORDER BY next_attempt_at`).
@Index('outbox_messages_due_idx', ['status', 'nextAttemptAt'])
// GET /messages?status=…: keyset on id within a status.
@Index('outbox_messages_status_idx', ['status', 'id'])
export class OutboxMessageOrmEntity {
  /** UUIDv7: the keyset order of the log, and the local part of the RFC 5322 Message-ID. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'outbox_messages_pkey' })
  id: string;

  @Column('varchar', { length: 254 })
  to: string;

  @Column('varchar', { length: 64 })
  template: string;

  /** The template's data as JSON (dates as ISO strings). */
  @Column('jsonb')
  data: Record<string, unknown>;

  /** Rendered at enqueue, for the log. */
  @Column('text')
  subject: string;

  @Column('varchar', { length: 16, default: 'queued' })
  status: string;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('timestamptz', { default: () => 'now()' })
  nextAttemptAt: Date;

  /** Lease of the worker that claimed the row; another worker skips it until then. */
  @Column('timestamptz', { nullable: true })
  lockedUntil: Date | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  @Column('varchar', { length: 255, nullable: true })
  dedupeKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
