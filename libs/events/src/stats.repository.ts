import type { SalesBounds, SalesBucket, SalesInterval, StatsOverview } from './sales-stats.js';

/** Port: read-only figures for the back-office dashboard. Joins the current transaction. */
export abstract class StatsRepository {
  /** Totals over every event, booking, ticket, payment and refund. */
  abstract overview(): Promise<StatsOverview>;
  /** First and last `confirmedAt` of the event's bookings. */
  abstract salesBounds(eventId: string): Promise<SalesBounds>;
  /**
   * Every UTC bucket over `[from, to)` (the first one starting at the bucket holding `from`), with
   * the bookings confirmed in it and the refunds completed in it; `ticketTypeIds` gives the order
   * (and the set) of each bucket's `ticketTypes`.
   */
  abstract salesBuckets(eventId: string, ticketTypeIds: string[], interval: SalesInterval, from: Date, to: Date): Promise<SalesBucket[]>;
}
