import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BookingStatus } from '@app/bookings';
import { BOOKING_PAYMENT_STATES, PAYMENT_PROVIDERS, PaymentStatus } from '@app/payments';
import type { BookingPaymentState, PaymentProvider } from '@app/payments';
import { TicketStatus } from '@app/tickets';
import type { BookingView } from '../booking-views.js';
import { iso } from '../../http/iso.js';

export class BookingItemResponseDto {
  @ApiProperty({ format: 'uuid' })
  ticketTypeId: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 2 })
  quantity: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 150000, description: 'Minor units, the price when the seats were held.' })
  unitPrice: number;
}

export class AttendeeResponseDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiPropertyOptional({ format: 'email', example: 'ada@example.com' })
  email?: string;

  @ApiPropertyOptional({ example: '+2348012345678', description: 'E.164, when given.' })
  phone?: string;
}

export class BookingPaymentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PAYMENT_PROVIDERS }) provider: PaymentProvider;
  @ApiProperty({ example: 'PAY-7Q2M9XK4B1HZ3T0RW8NC' }) reference: string;
  @ApiProperty({ enum: PaymentStatus, enumName: 'PaymentStatus' }) status: PaymentStatus;
  @ApiProperty({ type: 'integer', minimum: 0, example: 300000, description: 'Minor units.' }) amount: number;
}

export class BookingPaymentSummaryDto {
  @ApiProperty({ enum: BOOKING_PAYMENT_STATES })
  status: BookingPaymentState;

  @ApiProperty({ type: 'integer', minimum: 0, example: 300000, description: 'Minor units received.' })
  paidAmount: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 0,
    description: 'Minor units refunded, or being refunded (refunds approved and not yet settled by the provider).',
  })
  refundedAmount: number;

  @ApiProperty({ type: [BookingPaymentDto], description: 'Every payment attempt, oldest first.' })
  payments: BookingPaymentDto[];
}

export class BookingTicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'TKT-20261231-7Q2M9XK4' }) code: string;
  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus' }) status: TicketStatus;
  @ApiProperty({ example: 'Ada Lovelace' }) holderName: string;
  @ApiProperty({ format: 'uuid' }) ticketTypeId: string;
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

  @ApiProperty({ type: 'integer', minimum: 0, example: 300000, description: 'Minor units.' })
  totalAmount: number;

  @ApiProperty({ example: 'NGN' })
  currency: string;

  @ApiProperty({ example: 'Lagos Robotics Club', nullable: true, type: String, description: 'The group’s name on a team booking.' })
  teamName: string | null;

  @ApiProperty({ format: 'date-time', description: 'When an unpaid hold ends.' })
  expiresAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  confirmedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  cancelledAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: BookingPaymentSummaryDto })
  payment: BookingPaymentSummaryDto;

  @ApiProperty({ type: [BookingTicketDto], description: 'Once confirmed: the tickets the buyer holds (QR images at /tickets/{id}/qr).' })
  tickets: BookingTicketDto[];

  static from({ booking: b, payment: { payments, summary }, tickets }: BookingView): BookingResponseDto {
    return Object.assign(new BookingResponseDto(), {
      id: b.id,
      eventId: b.eventId,
      userId: b.userId,
      status: b.status,
      items: b.items.map((i) => ({ ticketTypeId: i.ticketTypeId, quantity: i.quantity, unitPrice: i.unitPrice })),
      attendees: b.attendees,
      totalAmount: b.totalAmount,
      currency: b.currency,
      teamName: b.teamName,
      expiresAt: b.expiresAt.toISOString(),
      confirmedAt: iso(b.confirmedAt),
      cancelledAt: iso(b.cancelledAt),
      createdAt: b.createdAt.toISOString(),
      payment: {
        status: summary.state,
        paidAmount: summary.paidAmount,
        refundedAmount: summary.refundedAmount,
        payments: payments.map((p) => ({ id: p.id, provider: p.provider, reference: p.reference, status: p.status, amount: p.amount })),
      },
      tickets: tickets.map((t) => ({ id: t.id, code: t.code, status: t.status, holderName: t.holderName, ticketTypeId: t.ticketTypeId })),
    });
  }
}
