import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('events')
@Check('events_capacity_check', `capacity >= 1`)
@Check('events_max_per_buyer_check', `max_per_buyer BETWEEN 1 AND 10000`)
@Check('events_counters_check', `sold >= 0 AND held >= 0 AND sold + held <= capacity`)
@Check('events_schedule_check', `ends_at > starts_at`)
@Check('events_status_check', `status IN ('draft', 'published', 'cancelled', 'completed')`)
@Check('events_currency_check', `currency ~ '^[A-Z]{3}$'`)
@Index('events_status_starts_idx', ['status', 'startsAt'])
export class EventOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'events_pkey' })
  id: string;

  @Column('varchar', { length: 200 })
  title: string;

  @Column('text')
  description: string;

  @Column('varchar', { length: 300 })
  venue: string;

  @Column('timestamptz')
  startsAt: Date;

  @Column('timestamptz')
  endsAt: Date;

  @Column('varchar', { length: 64 })
  timezone: string;

  @Column('integer')
  capacity: number;

  /** Seats one user may hold or have bought for the event (see buyer_seats). */
  @Column('integer', { default: 10 })
  maxPerBuyer: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('varchar', { length: 16, default: 'draft' })
  status: string;

  /** Seats sold over all ticket types. */
  @Column('integer', { default: 0 })
  sold: number;

  /** Seats held by pending bookings over all ticket types. */
  @Column('integer', { default: 0 })
  held: number;

  @Column('uuid', { nullable: true })
  @ForeignKey('users', { name: 'events_created_by_fk', onDelete: 'SET NULL' })
  createdBy: string | null;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt: Date | null;

  @Column('varchar', { length: 200, nullable: true })
  paymentQrKey: string | null;

  @Column('varchar', { length: 64, nullable: true })
  paymentQrContentType: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
