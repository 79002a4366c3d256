import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EventStats, EventStatus, EventView, TicketTypeStats, TicketTypeView } from '@app/events';
import { iso } from '../../http/iso.js';

export class TicketTypeResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'Regular' })
  name: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 150000, description: 'Minor units of `currency`.' })
  price: number;

  @ApiProperty({ example: 'NGN' })
  currency: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 300 })
  quantity: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 120, description: 'Seats that can be booked now (also limited by the event capacity).' })
  available: number;

  @ApiProperty({ example: true, description: 'Published event and inside the sales window.' })
  onSale: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  salesStartAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  salesEndAt: string | null;

  @ApiProperty({ type: 'integer', minimum: 1, example: 10 })
  maxPerBooking: number;

  @ApiProperty({ example: false, description: 'A ticket of this type may enter again after an exit scan.' })
  reentry: boolean;

  static from(t: TicketTypeView): TicketTypeResponseDto {
    return Object.assign(new TicketTypeResponseDto(), {
      id: t.id,
      eventId: t.eventId,
      name: t.name,
      price: t.price,
      currency: t.currency,
      quantity: t.quantity,
      available: t.available,
      onSale: t.onSale,
      salesStartAt: iso(t.salesStartAt),
      salesEndAt: iso(t.salesEndAt),
      maxPerBooking: t.maxPerBooking,
      reentry: t.reentry,
    });
  }
}

export class EventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Afrobeats Night' })
  title: string;

  @ApiProperty({ example: 'An evening of live music.' })
  description: string;

  @ApiProperty({ example: 'Eko Convention Centre, Lagos' })
  venue: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-31T19:00:00.000Z' })
  startsAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-31T23:30:00.000Z' })
  endsAt: string;

  @ApiProperty({ example: 'Africa/Lagos' })
  timezone: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 500 })
  capacity: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: 10, description: 'Seats one user may hold or have bought for this event, across their bookings.' })
  maxPerBuyer: number;

  @ApiProperty({ example: 'NGN' })
  currency: string;

  @ApiProperty({ enum: EventStatus, enumName: 'EventStatus' })
  status: EventStatus;

  @ApiProperty({ type: 'integer', minimum: 0, example: 320, description: 'Seats left at the event level.' })
  available: number;

  @ApiPropertyOptional({ type: [TicketTypeResponseDto], description: 'On GET /events/{id}.' })
  ticketTypes?: TicketTypeResponseDto[];

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  publishedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(e: EventView): EventResponseDto {
    return Object.assign(new EventResponseDto(), {
      id: e.id,
      title: e.title,
      description: e.description,
      venue: e.venue,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      timezone: e.timezone,
      capacity: e.capacity,
      maxPerBuyer: e.maxPerBuyer,
      currency: e.currency,
      status: e.status,
      available: e.available,
      ...(e.ticketTypes ? { ticketTypes: e.ticketTypes.map(TicketTypeResponseDto.from) } : {}),
      publishedAt: iso(e.publishedAt),
      createdAt: e.createdAt.toISOString(),
    });
  }
}

export class TicketTypeStatsDto {
  @ApiProperty({ format: 'uuid' }) ticketTypeId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The ticket type quantity.' }) capacity: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) sold: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Seats held by unexpired unpaid bookings.' }) held: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) available: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: "Minor units paid for this type's seats (refunds not deducted; seats of a cancelled event included).",
  })
  revenue: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: "Minor units refunded (completed refunds) for this type's seats; a whole-booking refund is split by seat price.",
  })
  refunded: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) checkedIn: number;

  static from(t: TicketTypeStats): TicketTypeStatsDto {
    return Object.assign(new TicketTypeStatsDto(), {
      ticketTypeId: t.ticketTypeId,
      name: t.name,
      capacity: t.quantity,
      sold: t.sold,
      held: t.held,
      available: t.available,
      revenue: t.revenue,
      refunded: t.refunded,
      checkedIn: t.checkedIn,
    });
  }
}

export class EventStatsResponseDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'NGN' }) currency: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) capacity: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) sold: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) held: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) available: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Minor units paid, refunds not deducted: the sum over ticket types.' }) revenue: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Minor units refunded (completed refunds, automatic ones included): the sum over ticket types.' })
  refunded: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) checkedIn: number;
  @ApiProperty({ type: [TicketTypeStatsDto] }) ticketTypes: TicketTypeStatsDto[];

  static from(s: EventStats): EventStatsResponseDto {
    return Object.assign(new EventStatsResponseDto(), {
      eventId: s.eventId,
      currency: s.currency,
      capacity: s.capacity,
      sold: s.sold,
      held: s.held,
      available: s.available,
      revenue: s.revenue,
      refunded: s.refunded,
      checkedIn: s.checkedIn,
      ticketTypes: s.ticketTypes.map(TicketTypeStatsDto.from),
    });
  }
}
