import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique, UpdateDateColumn, CreateDateColumn } from 'typeorm';

@Entity('tickets')
@Unique('tickets_code_key', ['code'])
@Check('tickets_status_check', `status IN ('valid', 'checked_in', 'cancelled', 'refunded', 'transferred')`)
@Check('tickets_checked_in_check', `(status = 'checked_in') = (checked_in_at IS NOT NULL)`)
@Check('tickets_version_check', `version >= 1`)
/** Inside at most once at any moment: every accepted entry is followed by at most one exit before the next. */
@Check('tickets_passages_check', `exits >= 0 AND entries IN (exits, exits + 1)`)
@Check('tickets_entries_check', `(status = 'checked_in') = (entries > 0)`)
/** The offline check-in feed's deltas: tickets of an event by the transaction that last changed them. */
@Index('tickets_feed_idx', ['eventId', 'changedXid', 'id'])
@Check('tickets_seq_check', `seq >= 1`)
@Index('tickets_user_idx', ['userId', 'id'])
@Index('tickets_event_idx', ['eventId', 'id'])
@Index('tickets_booking_idx', ['bookingId', 'seq'])
/**
 * For the foreign key to ticket_types: deleting a draft event cascades to its ticket types, and
 * each delete checks that no ticket references the type (RESTRICT), a scan of every ticket without it.
 */
@Index('tickets_ticket_type_idx', ['ticketTypeId'])
/** One ticket per seat at issuance; reissued tickets (transfers) share the seat with the one they replace. */
@Index('tickets_booking_seat_key', ['bookingId', 'seq'], { unique: true, where: 'replaces_ticket_id IS NULL' })
@Index('tickets_replaces_key', ['replacesTicketId'], { unique: true, where: 'replaces_ticket_id IS NOT NULL' })
export class TicketOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'tickets_pkey' })
  id: string;

  @Column('uuid')
  @ForeignKey('bookings', { name: 'tickets_booking_fk', onDelete: 'RESTRICT' })
  bookingId: string;

  @Column('uuid')
  @ForeignKey('events', { name: 'tickets_event_fk', onDelete: 'RESTRICT' })
  eventId: string;

  @Column('uuid')
  @ForeignKey('ticket_types', { name: 'tickets_ticket_type_fk', onDelete: 'RESTRICT' })
  ticketTypeId: string;

  /** The current holder. */
  @Column('uuid')
  @ForeignKey('users', { name: 'tickets_user_fk', onDelete: 'RESTRICT' })
  userId: string;

  @Column('varchar', { length: 200 })
  holderName: string;

  @Column('varchar', { length: 254, nullable: true })
  holderEmail: string | null;

  /** E.164, from the booking's attendee. */
  @Column('varchar', { length: 16, nullable: true })
  holderPhone: string | null;

  /** Seat number within the booking, 1-based. */
  @Column('integer')
  seq: number;

  /** `TKT-YYYYMMDD-XXXXXXXX`, canonical (upper case, with dashes). */
  @Column('varchar', { length: 21 })
  code: string;

  @Column('integer', { default: 1 })
  version: number;

  @Column('varchar', { length: 16, default: 'valid' })
  status: string;

  @Column('timestamptz', { nullable: true })
  checkedInAt: Date | null;

  @Column('varchar', { length: 100, nullable: true })
  checkedInGate: string | null;

  @Column('uuid', { nullable: true })
  @ForeignKey('users', { name: 'tickets_checked_in_by_fk', onDelete: 'SET NULL' })
  checkedInBy: string | null;

  @Column('varchar', { length: 100, nullable: true })
  checkedInDevice: string | null;

  /** Accepted entry scans; `entries > exits` means the holder is inside now. */
  @Column('integer', { default: 0 })
  entries: number;

  /** Accepted exit scans. */
  @Column('integer', { default: 0 })
  exits: number;

  /**
   * The id (`pg_current_xact_id()`, xid8 as bigint) of the transaction that last inserted or
   * updated the row, set by the `tickets_feed_touch` trigger: what the check-in feed's cursor pages by.
   */
  @Column('bigint')
  changedXid: string;

  @Column('uuid', { nullable: true })
  @ForeignKey('tickets', { name: 'tickets_replaces_fk', onDelete: 'RESTRICT' })
  replacesTicketId: string | null;

  /** The ticket that replaced this one (no foreign key: the pair is written in one statement, and replaces_ticket_id holds the link). */
  @Column('uuid', { nullable: true })
  replacedByTicketId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  issuedAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
