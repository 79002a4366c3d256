import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Seats one user holds or has bought for one event, over all their bookings: the guarded counter
 * behind `events.max_per_buyer`. It changes in the same statements' transaction as the event's
 * `held`/`sold` (hold, expiry, cancellation, late-payment retake, refund, event cancellation),
 * last in the lock order.
 */
@Entity('buyer_seats')
@Check('buyer_seats_seats_check', `seats >= 0`)
export class BuyerSeatsOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'buyer_seats_pkey' })
  @ForeignKey('events', { name: 'buyer_seats_event_fk', onDelete: 'CASCADE' })
  eventId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'buyer_seats_pkey' })
  @ForeignKey('users', { name: 'buyer_seats_user_fk', onDelete: 'CASCADE' })
  userId: string;

  @Column('integer')
  seats: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
