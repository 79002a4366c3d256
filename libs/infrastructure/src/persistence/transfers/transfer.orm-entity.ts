import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('transfers')
@Check('transfers_status_check', `status IN ('pending', 'accepted', 'rejected', 'cancelled', 'expired')`)
@Check('transfers_decided_check', `(status = 'pending') = (decided_at IS NULL)`)
@Check('transfers_new_ticket_check', `(status = 'accepted') = (new_ticket_id IS NOT NULL)`)
@Check('transfers_to_email_check', `to_email = lower(to_email)`)
/** At most one pending transfer per ticket: concurrent offers of one ticket have exactly one winner. */
@Index('transfers_one_pending_key', ['ticketId'], { unique: true, where: `status = 'pending'` })
@Index('transfers_ticket_idx', ['ticketId', 'id'])
@Index('transfers_from_user_idx', ['fromUserId', 'id'])
@Index('transfers_to_email_idx', ['toEmail', 'id'])
@Index('transfers_event_idx', ['eventId', 'id'])
/** The expiry job's claim: pending offers by due time. */
@Index('transfers_due_idx', ['expiresAt'], { where: `status = 'pending'` })
export class TransferOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'transfers_pkey' })
  id: string;

  @Column('uuid')
  @ForeignKey('tickets', { name: 'transfers_ticket_fk', onDelete: 'RESTRICT' })
  ticketId: string;

  @Column('uuid')
  @ForeignKey('events', { name: 'transfers_event_fk', onDelete: 'RESTRICT' })
  eventId: string;

  @Column('uuid')
  @ForeignKey('users', { name: 'transfers_from_user_fk', onDelete: 'RESTRICT' })
  fromUserId: string;

  /** Lower-cased; the recipient need not have an account. */
  @Column('varchar', { length: 254 })
  toEmail: string;

  /** The recipient's account, once they accepted or rejected. */
  @Column('uuid', { nullable: true })
  @ForeignKey('users', { name: 'transfers_to_user_fk', onDelete: 'RESTRICT' })
  toUserId: string | null;

  @Column('varchar', { length: 500, nullable: true })
  message: string | null;

  @Column('varchar', { length: 16, default: 'pending' })
  status: string;

  @Column('timestamptz')
  expiresAt: Date;

  /**
   * The ticket issued to the recipient. Written by the accepting update before the ticket is
   * inserted later in the same transaction, hence checked at commit (deferred).
   */
  @Column('uuid', { nullable: true })
  @ForeignKey('tickets', { name: 'transfers_new_ticket_fk', onDelete: 'RESTRICT', deferrable: 'INITIALLY DEFERRED' })
  newTicketId: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('uuid', { nullable: true })
  @ForeignKey('users', { name: 'transfers_decided_by_fk', onDelete: 'SET NULL' })
  decidedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
