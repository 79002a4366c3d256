import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('bookings')
@Check('bookings_status_check', `status IN ('pending_payment', 'confirmed', 'expired', 'cancelled', 'partially_refunded', 'refunded')`)
@Check('bookings_total_check', `total_amount >= 0`)
@Check('bookings_team_name_check', `team_name IS NULL OR char_length(team_name) BETWEEN 1 AND 100`)
@Index('bookings_user_idx', ['userId', 'id'])
@Index('bookings_event_idx', ['eventId', 'id'])
@Index('bookings_due_holds_idx', ['expiresAt'], { where: `status = 'pending_payment'` })
@Index('bookings_event_confirmed_idx', ['eventId', 'confirmedAt'], { where: `confirmed_at IS NOT NULL` })
export class BookingOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'bookings_pkey' })
  id: string;

  @Column('uuid')
  @ForeignKey('events', { name: 'bookings_event_fk', onDelete: 'RESTRICT' })
  eventId: string;

  @Column('uuid')
  @ForeignKey('users', { name: 'bookings_user_fk', onDelete: 'RESTRICT' })
  userId: string;

  @Column('varchar', { length: 24 })
  status: string;

  /** Minor units. */
  @Column('bigint')
  totalAmount: string;

  @Column('char', { length: 3 })
  currency: string;

  /** `[{ name, email? }]` as given at booking. */
  @Column('jsonb')
  attendees: { name: string; email?: string }[];

  @Column('timestamptz')
  expiresAt: Date;

  @Column('uuid', { nullable: true })
  @ForeignKey('users', { name: 'bookings_created_by_fk', onDelete: 'SET NULL' })
  createdBy: string | null;

  /** The group's name for a team booking, trimmed (1-100 characters). */
  @Column('varchar', { length: 100, nullable: true })
  teamName: string | null;

  @Column('timestamptz', { nullable: true })
  confirmedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt: Date | null;

  @Column('timestamptz', { nullable: true })
  expiredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
