import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@app/shared';
import { EventNotFoundError } from './events.errors.js';
import { EventRepository } from './event.repository.js';
import { SalesInterval, SalesSeries, salesRange, StatsOverview } from './sales-stats.js';
import { StatsRepository } from './stats.repository.js';

/** Dashboard figures: totals across events, and one event's sales over time. Read-only. */
@Injectable()
export class StatsService {
  constructor(
    private readonly stats: StatsRepository,
    private readonly events: EventRepository,
  ) {}

  overview(): Promise<StatsOverview> {
    return this.stats.overview();
  }

  /**
   * @throws EventNotFoundError (404 `event_not_found`)
   * @throws ValidationFailedError (400 `validation_failed`) when `to` is not after `from` or the range holds more than 1000 buckets
   */
  async sales(eventId: string, query: { interval: SalesInterval; from?: Date; to?: Date }, now = new Date()): Promise<SalesSeries> {
    const found = await this.events.findWithTicketTypes(eventId);
    if (!found) throw new EventNotFoundError();
    const { event, ticketTypes: types } = found;
    const bounds = await this.stats.salesBounds(eventId);
    const { from, to, errors } = salesRange(query, event, bounds, now);
    if (errors.length) throw new ValidationFailedError(errors);
    const buckets = await this.stats.salesBuckets(
      eventId,
      types.map((t) => t.id),
      query.interval,
      from,
      to,
    );
    const totals = { bookings: 0, tickets: 0, revenue: 0, refunded: 0 };
    for (const b of buckets) {
      totals.bookings += b.bookings;
      totals.tickets += b.tickets;
      totals.revenue += b.revenue;
      totals.refunded += b.refunded;
    }
    return {
      eventId,
      currency: event.currency,
      interval: query.interval,
      from,
      to,
      ticketTypes: types.map((t) => ({ ticketTypeId: t.id, name: t.name })),
      buckets,
      totals,
    };
  }
}
