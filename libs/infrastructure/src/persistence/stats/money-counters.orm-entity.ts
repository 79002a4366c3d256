import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/*
 * The money and sales counters, kept by the triggers of the MoneyCounters migration (never written
 * by the application) and read by the stats repositories. Declared for the schema drift check.
 * Money in minor units; hours are UTC hour starts.
 */

/** What one booking has credited to `ticket_type_money`, per ticket type (the triggers' memory of it). */
@Entity('booking_money')
export class BookingMoneyOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'booking_money_pkey' })
  @ForeignKey('bookings', { name: 'booking_money_booking_id_fkey', onDelete: 'CASCADE' })
  bookingId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'booking_money_pkey' })
  ticketTypeId: string;

  @Column('bigint', { default: 0 })
  revenue: string;

  @Column('bigint', { default: 0 })
  refunded: string;
}

/** Revenue and refunded per ticket type, in 8 shards (by booking id). */
@Entity('ticket_type_money')
@Index('ticket_type_money_event_idx', ['eventId'])
export class TicketTypeMoneyOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'ticket_type_money_pkey' })
  @ForeignKey('ticket_types', { name: 'ticket_type_money_ticket_type_id_fkey', onDelete: 'CASCADE' })
  ticketTypeId: string;

  @PrimaryColumn('smallint', { primaryKeyConstraintName: 'ticket_type_money_pkey' })
  shard: number;

  @Column('uuid')
  eventId: string;

  @Column('bigint', { default: 0 })
  revenue: string;

  @Column('bigint', { default: 0 })
  refunded: string;
}

/** Paid payments' and completed refunds' amounts per event and currency, in 8 shards (by payment or refund id). */
@Entity('event_money')
export class EventMoneyOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'event_money_pkey' })
  @ForeignKey('events', { name: 'event_money_event_id_fkey', onDelete: 'CASCADE' })
  eventId: string;

  @PrimaryColumn('char', { length: 3, primaryKeyConstraintName: 'event_money_pkey' })
  currency: string;

  @PrimaryColumn('smallint', { primaryKeyConstraintName: 'event_money_pkey' })
  shard: number;

  @Column('bigint', { default: 0 })
  revenue: string;

  @Column('bigint', { default: 0 })
  refunded: string;
}

/** Bookings confirmed per event and UTC hour of `confirmed_at`. */
@Entity('sales_hours')
export class SalesHourOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'sales_hours_pkey' })
  @ForeignKey('events', { name: 'sales_hours_event_id_fkey', onDelete: 'CASCADE' })
  eventId: string;

  @PrimaryColumn('timestamptz', { primaryKeyConstraintName: 'sales_hours_pkey' })
  hour: Date;

  @Column('integer', { default: 0 })
  bookings: number;
}

/** Bookings, seats and `quantity * unit_price` per event, UTC hour of `confirmed_at` and ticket type. */
@Entity('sales_type_hours')
export class SalesTypeHourOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'sales_type_hours_pkey' })
  @ForeignKey('events', { name: 'sales_type_hours_event_id_fkey', onDelete: 'CASCADE' })
  eventId: string;

  @PrimaryColumn('timestamptz', { primaryKeyConstraintName: 'sales_type_hours_pkey' })
  hour: Date;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'sales_type_hours_pkey' })
  ticketTypeId: string;

  @Column('integer', { default: 0 })
  bookings: number;

  @Column('integer', { default: 0 })
  tickets: number;

  @Column('bigint', { default: 0 })
  revenue: string;
}

/** Completed refunds' amounts per event and UTC hour of `completed_at`. */
@Entity('refund_hours')
export class RefundHourOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'refund_hours_pkey' })
  @ForeignKey('events', { name: 'refund_hours_event_id_fkey', onDelete: 'CASCADE' })
  eventId: string;

  @PrimaryColumn('timestamptz', { primaryKeyConstraintName: 'refund_hours_pkey' })
  hour: Date;

  @Column('bigint', { default: 0 })
  refunded: string;
}

/** Bookings per event and status, in 8 shards (by booking id). */
@Entity('booking_status_counts')
export class BookingStatusCountOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'booking_status_counts_pkey' })
  @ForeignKey('events', { name: 'booking_status_counts_event_id_fkey', onDelete: 'CASCADE' })
  eventId: string;

  @PrimaryColumn('varchar', { length: 24, primaryKeyConstraintName: 'booking_status_counts_pkey' })
  status: string;

  @PrimaryColumn('smallint', { primaryKeyConstraintName: 'booking_status_counts_pkey' })
  shard: number;

  @Column('integer', { default: 0 })
  bookings: number;
}
