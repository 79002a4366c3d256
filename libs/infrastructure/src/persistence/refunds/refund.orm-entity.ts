import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('refunds')
@Check('refunds_status_check', `status IN ('pending', 'approved', 'completed', 'failed', 'rejected')`)
@Check('refunds_kind_check', `kind IN ('request', 'automatic', 'event_cancelled', 'booking_cancelled')`)
@Check('refunds_amount_check', `amount > 0`)
@Index('refunds_booking_idx', ['bookingId', 'id'])
@Index('refunds_user_idx', ['userId', 'id'])
@Index('refunds_status_idx', ['status', 'id'])
@Index('refunds_due_idx', ['id'], { where: `status = 'approved' AND processing_started_at IS NULL` })
@Index('refunds_awaiting_idx', ['processingStartedAt'], { where: `status = 'approved' AND processing_started_at IS NOT NULL` })
@Index('refunds_payment_idx', ['paymentId', 'status'])
@Index('refunds_completed_idx', ['completedAt'], { where: `status = 'completed'` })
export class RefundOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'refunds_pkey' })
  id: string;

  @Column('uuid')
  @ForeignKey('bookings', { name: 'refunds_booking_fk', onDelete: 'RESTRICT' })
  bookingId: string;

  @Column('uuid')
  @ForeignKey('payments', { name: 'refunds_payment_fk', onDelete: 'RESTRICT' })
  paymentId: string;

  @Column('uuid')
  @ForeignKey('users', { name: 'refunds_user_fk', onDelete: 'RESTRICT' })
  userId: string;

  @Column('varchar', { length: 24 })
  kind: string;

  /** Minor units. */
  @Column('bigint')
  amount: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column('varchar', { length: 16 })
  status: string;

  @Column('text')
  reason: string;

  @Column('uuid', { array: true, default: () => "'{}'" })
  ticketIds: string[];

  @Column('uuid', { nullable: true })
  @ForeignKey('users', { name: 'refunds_requested_by_fk', onDelete: 'SET NULL' })
  requestedBy: string | null;

  @Column('uuid', { nullable: true })
  @ForeignKey('users', { name: 'refunds_decided_by_fk', onDelete: 'SET NULL' })
  decidedBy: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('text', { nullable: true })
  rejectionReason: string | null;

  @Column('text', { nullable: true })
  failureReason: string | null;

  @Column('varchar', { length: 64, nullable: true })
  providerRefundId: string | null;

  @Column('timestamptz', { nullable: true })
  processingStartedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
