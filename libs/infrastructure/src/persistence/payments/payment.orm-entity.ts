import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

@Entity('payments')
@Unique('payments_reference_key', ['reference'])
@Check('payments_provider_check', `provider IN ('paystack', 'manual')`)
@Check('payments_status_check', `status IN ('pending', 'awaiting_review', 'succeeded', 'failed', 'partially_refunded', 'refunded')`)
@Check('payments_amount_check', `amount > 0`)
/** Only manual payments taken in person (box office) have a method. */
@Check('payments_method_check', `method IS NULL OR (provider = 'manual' AND method IN ('cash', 'card_terminal'))`)
/** The refund invariant: never more refunded than paid, whatever the code does. */
@Check('payments_refunded_check', `refunded_amount >= 0 AND refunded_amount <= amount`)
@Index('payments_booking_idx', ['bookingId', 'id'])
@Index('payments_status_idx', ['status', 'id'])
export class PaymentOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'payments_pkey' })
  id: string;

  @Column('uuid')
  @ForeignKey('bookings', { name: 'payments_booking_fk', onDelete: 'RESTRICT' })
  bookingId: string;

  @Column('uuid')
  @ForeignKey('users', { name: 'payments_user_fk', onDelete: 'RESTRICT' })
  userId: string;

  @Column('varchar', { length: 16 })
  provider: string;

  @Column('varchar', { length: 64 })
  reference: string;

  /** How a payment taken in person was paid (`cash`, `card_terminal`); null otherwise. */
  @Column('varchar', { length: 16, nullable: true })
  method: string | null;

  /** Minor units. */
  @Column('bigint')
  amount: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column('varchar', { length: 24, default: 'pending' })
  status: string;

  /** Minor units refunded so far (reserved when a refund is approved, released if it fails). */
  @Column('bigint', { default: 0 })
  refundedAmount: string;

  @Column('text', { nullable: true })
  authorizationUrl: string | null;

  @Column('varchar', { length: 64, nullable: true })
  providerTransactionId: string | null;

  @Column('timestamptz', { nullable: true })
  paidAt: Date | null;

  @Column('text', { nullable: true })
  failureReason: string | null;

  @Column('varchar', { length: 200, nullable: true })
  proofKey: string | null;

  @Column('varchar', { length: 64, nullable: true })
  proofContentType: string | null;

  @Column('integer', { nullable: true })
  proofSize: number | null;

  @Column('timestamptz', { nullable: true })
  proofUploadedAt: Date | null;

  @Column('uuid', { nullable: true })
  @ForeignKey('users', { name: 'payments_reviewed_by_fk', onDelete: 'SET NULL' })
  reviewedBy: string | null;

  @Column('timestamptz', { nullable: true })
  reviewedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
