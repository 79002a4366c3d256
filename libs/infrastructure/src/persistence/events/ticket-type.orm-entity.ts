import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

@Entity('ticket_types')
@Unique('ticket_types_event_name_key', ['eventId', 'name'])
@Check('ticket_types_price_check', `price >= 0`)
@Check('ticket_types_counters_check', `quantity >= 0 AND sold >= 0 AND held >= 0 AND sold + held <= quantity`)
@Check('ticket_types_max_per_booking_check', `max_per_booking BETWEEN 1 AND 100`)
@Check('ticket_types_sales_window_check', `sales_start_at IS NULL OR sales_end_at IS NULL OR sales_end_at > sales_start_at`)
@Index('ticket_types_event_idx', ['eventId'])
export class TicketTypeOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'ticket_types_pkey' })
  id: string;

  @Column('uuid')
  @ForeignKey('events', { name: 'ticket_types_event_fk', onDelete: 'CASCADE' })
  eventId: string;

  @Column('varchar', { length: 100 })
  name: string;

  /** Minor units of the event's currency. */
  @Column('bigint')
  price: string;

  @Column('integer')
  quantity: number;

  @Column('integer', { default: 0 })
  sold: number;

  @Column('integer', { default: 0 })
  held: number;

  @Column('timestamptz', { nullable: true })
  salesStartAt: Date | null;

  @Column('timestamptz', { nullable: true })
  salesEndAt: Date | null;

  @Column('integer', { default: 10 })
  maxPerBooking: number;

  /** A ticket of this type may enter again after an exit. */
  @Column('boolean', { default: false })
  reentry: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
