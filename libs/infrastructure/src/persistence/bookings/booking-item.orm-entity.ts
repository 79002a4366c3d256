import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

@Entity('booking_items')
@Check('booking_items_quantity_check', `quantity > 0`)
@Check('booking_items_unit_price_check', `unit_price >= 0`)
@Index('booking_items_ticket_type_idx', ['ticketTypeId'])
export class BookingItemOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'booking_items_pkey' })
  @ForeignKey('bookings', { name: 'booking_items_booking_fk', onDelete: 'CASCADE' })
  bookingId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'booking_items_pkey' })
  @ForeignKey('ticket_types', { name: 'booking_items_ticket_type_fk', onDelete: 'RESTRICT' })
  ticketTypeId: string;

  @Column('integer')
  quantity: number;

  /** Minor units, the price when the seats were held. */
  @Column('bigint')
  unitPrice: string;
}
