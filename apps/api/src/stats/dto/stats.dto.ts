import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { MAX_SALES_BUCKETS, SalesInterval } from '@app/events';
import type { SalesBucket, SalesFigures, SalesSeries, StatsOverview } from '@app/events';
import { DATE_TIME_INPUT, IsDateTime } from '../../http/date-time.js';

const int = (description: string, example?: number) => ApiProperty({ type: 'integer', description, ...(example === undefined ? {} : { example }) });

export class SalesQueryDto {
  @ApiPropertyOptional({
    enum: SalesInterval,
    enumName: 'SalesInterval',
    default: SalesInterval.Day,
    description: 'Bucket width: one UTC hour or one UTC day (default `day`).',
  })
  @IsOptional()
  @IsEnum(SalesInterval)
  interval?: SalesInterval;

  @ApiPropertyOptional({
    format: 'date-time',
    description: `Start of the range (inclusive); default: the start of the bucket of the first confirmed booking, or of the event's creation. ${DATE_TIME_INPUT}`,
  })
  @IsOptional()
  @IsDateTime()
  from?: Date;

  @ApiPropertyOptional({
    format: 'date-time',
    description: `End of the range (exclusive); default: now, or the event's end if earlier (but after the last confirmed booking). ${DATE_TIME_INPUT}`,
  })
  @IsOptional()
  @IsDateTime()
  to?: Date;
}

export class EventStatusCountsDto {
  @int('Events in any status.', 12) total: number;
  @int('Not published yet.', 2) draft: number;
  @int('Published and not ended.', 6) published: number;
  @int('Cancelled by the organiser.', 1) cancelled: number;
  @int('Ended (published events whose end has passed count here).', 3) completed: number;
}

export class BookingStatusCountsDto {
  @int('Bookings in any status.', 240) total: number;
  @int('Seats held, not paid yet.', 5) pendingPayment: number;
  @int('Paid (or free) and not refunded.', 200) confirmed: number;
  @int('Hold ended unpaid.', 20) expired: number;
  @int('Cancelled (an event cancellation, or the buyer before paying).', 5) cancelled: number;
  @int('Some tickets refunded.', 4) partiallyRefunded: number;
  @int('Every ticket refunded.', 6) refunded: number;
}

export class CurrencyTotalsDto {
  @ApiProperty({ example: 'NGN', description: 'ISO 4217.' }) currency: string;
  @int('Minor units paid (every paid payment; refunds not deducted).', 45_000_000) revenue: number;
  @int('Minor units returned by completed refunds (requests, automatic and event cancellations).', 1_500_000) refunded: number;
}

export class StatsOverviewResponseDto {
  @ApiProperty({ type: EventStatusCountsDto, description: 'Events by effective status.' }) events: EventStatusCountsDto;
  @ApiProperty({ type: BookingStatusCountsDto, description: 'Bookings by status.' }) bookings: BookingStatusCountsDto;
  @int('Seats sold over all events now (refunded and cancelled seats excluded).', 512) ticketsSold: number;
  @int('Tickets checked in.', 300) ticketsCheckedIn: number;
  @ApiProperty({
    type: [CurrencyTotalsDto],
    description: 'Money per currency (alphabetical); a currency appears once it has a paid payment or a completed refund.',
  })
  money: CurrencyTotalsDto[];
  @int('Manual payments whose proof waits for review (`awaiting_review`).', 3) paymentsAwaitingReview: number;
  @int('Refund requests waiting for a decision (`pending`).', 2) refundsPending: number;
  @int('Refunds approved and still being paid out by the provider (`approved`).', 1) refundsProcessing: number;

  static from(o: StatsOverview): StatsOverviewResponseDto {
    const { events: e, bookings: b } = o;
    return Object.assign(new StatsOverviewResponseDto(), {
      events: { total: e.total, draft: e.draft, published: e.published, cancelled: e.cancelled, completed: e.completed },
      bookings: {
        total: b.total,
        pendingPayment: b.pendingPayment,
        confirmed: b.confirmed,
        expired: b.expired,
        cancelled: b.cancelled,
        partiallyRefunded: b.partiallyRefunded,
        refunded: b.refunded,
      },
      ticketsSold: o.ticketsSold,
      ticketsCheckedIn: o.ticketsCheckedIn,
      money: o.money.map((m) => ({ currency: m.currency, revenue: m.revenue, refunded: m.refunded })),
      paymentsAwaitingReview: o.paymentsAwaitingReview,
      refundsPending: o.refundsPending,
      refundsProcessing: o.refundsProcessing,
    });
  }
}

const figures = (f: SalesFigures) => ({ bookings: f.bookings, tickets: f.tickets, revenue: f.revenue });

export class SalesTicketTypeDto {
  @ApiProperty({ format: 'uuid' }) ticketTypeId: string;
  @ApiProperty({ example: 'Regular' }) name: string;
}

export class SalesFiguresDto {
  @ApiProperty({ format: 'uuid' }) ticketTypeId: string;
  @int('Bookings confirmed in the bucket with seats of this type.', 3) bookings: number;
  @int('Seats of this type in those bookings, at confirmation (later refunds not deducted).', 5) tickets: number;
  @int('Minor units: seat price times seats (free seats 0), refunds not deducted.', 750_000) revenue: number;
}

export class SalesBucketDto {
  @ApiProperty({
    format: 'date-time',
    example: '2026-12-01T00:00:00.000Z',
    description: 'Start of the bucket, UTC (ISO 8601); it covers one interval from there.',
  })
  start: string;
  @int('Bookings confirmed in the bucket (by `confirmedAt`); one with several types counts once.', 4) bookings: number;
  @int('Seats of those bookings.', 7) tickets: number;
  @int('Minor units: seat prices of those bookings, refunds not deducted.', 1_050_000) revenue: number;
  @int('Minor units of refunds completed in the bucket (by their completion), not split by type; not deducted from `revenue`.', 0) refunded: number;
  @ApiProperty({ type: [SalesFiguresDto], description: 'Every ticket type of the event, in the order of the top-level `ticketTypes`, zeros included.' })
  ticketTypes: SalesFiguresDto[];
}

export class SalesTotalsDto {
  @int('Bookings confirmed in the range.', 40) bookings: number;
  @int('Seats of those bookings.', 70) tickets: number;
  @int('Minor units, refunds not deducted.', 10_500_000) revenue: number;
  @int('Minor units of refunds completed in the range.', 150_000) refunded: number;
}

export class SalesSeriesResponseDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'NGN', description: 'ISO 4217; every amount is in its minor units.' }) currency: string;
  @ApiProperty({ enum: SalesInterval, enumName: 'SalesInterval' }) interval: SalesInterval;
  @ApiProperty({ format: 'date-time', description: 'Start of the range (inclusive), UTC.' }) from: string;
  @ApiProperty({ format: 'date-time', description: 'End of the range (exclusive), UTC.' }) to: string;
  @ApiProperty({ type: [SalesTicketTypeDto], description: "The event's ticket types, in creation order." }) ticketTypes: SalesTicketTypeDto[];
  @ApiProperty({
    type: [SalesBucketDto],
    description: `Every bucket of the range in time order, empty ones included (at most ${MAX_SALES_BUCKETS}).`,
    maxItems: MAX_SALES_BUCKETS,
  })
  buckets: SalesBucketDto[];
  @ApiProperty({ type: SalesTotalsDto, description: 'Sums over the buckets.' }) totals: SalesTotalsDto;

  static from(s: SalesSeries): SalesSeriesResponseDto {
    return Object.assign(new SalesSeriesResponseDto(), {
      eventId: s.eventId,
      currency: s.currency,
      interval: s.interval,
      from: s.from.toISOString(),
      to: s.to.toISOString(),
      ticketTypes: s.ticketTypes.map((t) => ({ ticketTypeId: t.ticketTypeId, name: t.name })),
      buckets: s.buckets.map((b: SalesBucket) => ({
        start: b.start.toISOString(),
        ...figures(b),
        refunded: b.refunded,
        ticketTypes: b.ticketTypes.map((t) => ({ ticketTypeId: t.ticketTypeId, ...figures(t) })),
      })),
      totals: { ...figures(s.totals), refunded: s.totals.refunded },
    });
  }
}
