import type { FieldError } from '@app/shared';
import type { EventStatus } from './event.js';

/** Width of one bucket of a sales series; buckets start on UTC hour or day boundaries. */
export enum SalesInterval {
  Hour = 'hour',
  Day = 'day',
}

/** Most buckets one sales series may have (a longer range needs a wider interval or a narrower range). */
export const MAX_SALES_BUCKETS = 1000;

const INTERVAL_MS: Record<SalesInterval, number> = { [SalesInterval.Hour]: 3600_000, [SalesInterval.Day]: 86_400_000 };

/** The start of the UTC hour or day that contains `at`. */
export function bucketStart(at: Date, interval: SalesInterval): Date {
  const ms = INTERVAL_MS[interval];
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

/** Buckets of a series over `[from, to)`: one per UTC hour or day whose start is before `to`, from the one holding `from`. */
export function bucketCount(from: Date, to: Date, interval: SalesInterval): number {
  if (to.getTime() <= from.getTime()) return 0;
  return Math.ceil((to.getTime() - bucketStart(from, interval).getTime()) / INTERVAL_MS[interval]);
}

/** What was sold of one ticket type in one bucket. Money in minor units of the event currency. */
export interface SalesFigures {
  /** Bookings confirmed (a booking with seats of several types counts once under each of them). */
  bookings: number;
  /** Seats of those bookings, at confirmation (later refunds or a cancellation not deducted). */
  tickets: number;
  /** Seat prices of those bookings (`quantity * unitPrice`; free seats are 0), refunds not deducted. */
  revenue: number;
}

export interface SalesBucket extends SalesFigures {
  /** Start of the bucket (UTC); it covers `[start, start + interval)`, clipped to the series range. */
  start: Date;
  /** Minor units of refunds completed in the bucket (by their completion time), whatever the ticket type. */
  refunded: number;
  /** One entry per ticket type of the event, in the order of {@link SalesSeries.ticketTypes}. */
  ticketTypes: (SalesFigures & { ticketTypeId: string })[];
}

/**
 * Bookings confirmed, seats sold and revenue of one event over time, bucketed by the booking's
 * `confirmedAt` (UTC). Every bucket of the range is present, empty ones with zeros.
 */
export interface SalesSeries {
  eventId: string;
  currency: string;
  interval: SalesInterval;
  /** Start of the range (inclusive, UTC). */
  from: Date;
  /** End of the range (exclusive, UTC). */
  to: Date;
  ticketTypes: { ticketTypeId: string; name: string }[];
  buckets: SalesBucket[];
  /** Sums over the buckets. */
  totals: SalesFigures & { refunded: number };
}

/** First and last `confirmedAt` of the event's bookings; null when none was ever confirmed. */
export interface SalesBounds {
  firstConfirmedAt: Date | null;
  lastConfirmedAt: Date | null;
}

/**
 * The range of a sales series: `from` defaults to the first sale (the event's creation when there
 * is none), `to` to now or the event's end, whichever is earlier (but after the last sale). A
 * range not ending after its start, or of more than {@link MAX_SALES_BUCKETS} buckets, is invalid.
 */
export function salesRange(
  query: { interval: SalesInterval; from?: Date; to?: Date },
  event: { createdAt: Date; endsAt: Date },
  bounds: SalesBounds,
  now = new Date(),
): { from: Date; to: Date; errors: FieldError[] } {
  const lastSale = bounds.lastConfirmedAt ? bounds.lastConfirmedAt.getTime() + 1 : -Infinity;
  let to = query.to ?? new Date(Math.max(Math.min(now.getTime(), event.endsAt.getTime()), lastSale));
  let from = query.from ?? bucketStart(bounds.firstConfirmedAt ?? event.createdAt, query.interval);
  if (!query.from && from.getTime() >= to.getTime()) from = bucketStart(new Date(to.getTime() - 1), query.interval);
  if (!query.to && to.getTime() <= from.getTime()) to = new Date(from.getTime() + 1);
  const errors: FieldError[] = [];
  if (to.getTime() <= from.getTime()) errors.push({ field: 'to', message: 'to must be after from' });
  else if (bucketCount(from, to, query.interval) > MAX_SALES_BUCKETS) {
    errors.push({
      field: query.to ? 'to' : 'from',
      message: `the range holds more than ${MAX_SALES_BUCKETS} ${query.interval} buckets; narrow it or use a wider interval`,
    });
  }
  return { from, to, errors };
}

/** Totals across events and currencies for the back-office dashboard. */
export interface StatsOverview {
  /** Events by effective status (a published event whose end has passed counts as completed). */
  events: Record<EventStatus, number> & { total: number };
  /** Bookings by stored status. */
  bookings: {
    total: number;
    pendingPayment: number;
    confirmed: number;
    expired: number;
    cancelled: number;
    partiallyRefunded: number;
    refunded: number;
  };
  /** Seats sold now over all events (refunded and cancelled seats excluded: the events' `sold` counters). */
  ticketsSold: number;
  /** Tickets checked in. */
  ticketsCheckedIn: number;
  /**
   * Per currency (ISO 4217, alphabetical), minor units: `revenue` paid (every paid payment, refunds
   * not deducted, as in the event stats), `refunded` by completed refunds.
   */
  money: { currency: string; revenue: number; refunded: number }[];
  /** Manual payments whose proof waits for an admin's review. */
  paymentsAwaitingReview: number;
  /** Refund requests waiting for an admin's decision. */
  refundsPending: number;
  /** Refunds approved and not yet completed or failed (with the provider). */
  refundsProcessing: number;
}
