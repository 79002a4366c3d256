import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Booking, BookingStatus } from '@app/bookings';

export class BookingItemResponseDto {
  @ApiProperty({ format: 'uuid' })
  ticketTypeId: string;

  @ApiProperty({ example: 2 })
  quantity: number;

  @ApiProperty({ example: 150000, description: 'Minor units, the price when the seats were held.' })
  unitPrice: number;
}

export class AttendeeResponseDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiPropertyOptional({ example: 'ada@example.com' })
  email?: string;
}

export class BookingResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ enum: BookingStatus, enumName: 'BookingStatus' })
  status: BookingStatus;

  @ApiProperty({ type: [BookingItemResponseDto] })
  items: BookingItemResponseDto[];

  @ApiProperty({ type: [AttendeeResponseDto] })
  attendees: AttendeeResponseDto[];

  @ApiProperty({ example: 300000, description: 'Minor units.' })
  totalAmount: number;

  @ApiProperty({ example: 'NGN' })
  currency: string;

  @ApiProperty({ format: 'date-time', description: 'When an unpaid hold ends.' })
  expiresAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  confirmedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  cancelledAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(b: Booking): BookingResponseDto {
    return Object.assign(new BookingResponseDto(), {
      id: b.id,
      eventId: b.eventId,
      userId: b.userId,
      status: b.status,
      items: b.items.map((i) => ({ ticketTypeId: i.ticketTypeId, quantity: i.quantity, unitPrice: i.unitPrice })),
      attendees: b.attendees,
      totalAmount: b.totalAmount,
      currency: b.currency,
      expiresAt: b.expiresAt.toISOString(),
      confirmedAt: b.confirmedAt?.toISOString() ?? null,
      cancelledAt: b.cancelledAt?.toISOString() ?? null,
      createdAt: b.createdAt.toISOString(),
    });
  }
}
