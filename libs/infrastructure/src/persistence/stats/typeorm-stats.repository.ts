import { Injectable } from '@nestjs/common';
import { EventStatus, SalesBounds, SalesBucket, SalesInterval, SELLING_EVENT_STATUSES, StatsOverview, StatsRepository } from '@app/events';
import { DatabaseContext } from '../database-context.js';
import { effectiveEventStatusSql } from '../rules.sql.js';

const HOUR_MS = 3_600_000;

/** One bucket as the series query returns it: [start (ms since epoch), bookings, tickets, revenue, refunded, [bookings, tickets, revenue] per type]. */
type BucketJson = [number, number, number, number, number, [number, number, number][]];

const DATE_TRUNC_FIELD: Record<SalesInterval, string> = { [SalesInterval.Hour]: 'hour', [SalesInterval.Day]: 'day' };

/**
 * Dashboard figures in PostgreSQL, each in one statement. Money and sales are read from the
 * trigger-kept counters (MoneyCounters migration), so their cost does not grow with an event's
 * bookings. Buckets are computed on UTC wall time (`AT TIME ZONE 'UTC'`), so neither the session
 * time zone nor a DST change moves a boundary.
 */
@Injectable()
export class TypeOrmStatsRepository extends StatsRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async overview(): Promise<StatsOverview> {
    const { rows } = await this.db.sql<{ section: string; key: string; n: string; refunded: string }>(
      // The effective status of an event, as effectiveStatus() in libs/events: published and ended is completed.
      `SELECT 'event' AS section, ${effectiveEventStatusSql('', '$1', '$2')} AS key, count(*) AS n, 0 AS refunded
         FROM events GROUP BY 2
       UNION ALL
       SELECT 'booking', status, sum(bookings), 0 FROM booking_status_counts GROUP BY status
       UNION ALL
       SELECT 'sold', '', COALESCE(sum(sold), 0), 0 FROM events
       UNION ALL
       SELECT 'checked_in', '', COALESCE(sum(checked_in), 0), 0 FROM attendance_counters
       UNION ALL
       SELECT 'money', currency, sum(revenue), sum(refunded) FROM event_money GROUP BY currency HAVING sum(revenue) <> 0 OR sum(refunded) <> 0
       UNION ALL
       SELECT 'payment', status, count(*), 0 FROM payments WHERE status = 'awaiting_review' GROUP BY status
       UNION ALL
       SELECT 'refund', status, count(*), 0 FROM refunds WHERE status IN ('pending', 'approved') GROUP BY status`,
      [SELLING_EVENT_STATUSES, EventStatus.Completed],
    );
    const count = (section: string, key = '') => Number(rows.find((r) => r.section === section && r.key === key)?.n ?? 0);
    const events = {
      [EventStatus.Draft]: count('event', 'draft'),
      [EventStatus.Published]: count('event', 'published'),
      [EventStatus.Cancelled]: count('event', 'cancelled'),
      [EventStatus.Completed]: count('event', 'completed'),
    };
    const bookings = {
      pendingPayment: count('booking', 'pending_payment'),
      confirmed: count('booking', 'confirmed'),
      expired: count('booking', 'expired'),
      cancelled: count('booking', 'cancelled'),
      partiallyRefunded: count('booking', 'partially_refunded'),
      refunded: count('booking', 'refunded'),
    };
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    return {
      events: { ...events, total: sum(events) },
      bookings: { total: sum(bookings), ...bookings },
      ticketsSold: count('sold'),
      ticketsCheckedIn: count('checked_in'),
      money: rows
        .filter((r) => r.section === 'money')
        .map((r) => ({ currency: r.key.trim(), revenue: Number(r.n), refunded: Number(r.refunded) }))
        .sort((a, b) => a.currency.localeCompare(b.currency)),
      paymentsAwaitingReview: count('payment', 'awaiting_review'),
      refundsPending: count('refund', 'pending'),
      refundsProcessing: count('refund', 'approved'),
    };
  }

  async salesBounds(eventId: string): Promise<SalesBounds> {
    // Two probes of bookings_event_confirmed_idx (exact instants, which the hourly counters lose).
    const { rows } = await this.db.sql<{ first: Date | null; last: Date | null }>(
      'SELECT min(confirmed_at) AS first, max(confirmed_at) AS last FROM bookings WHERE event_id = $1 AND confirmed_at IS NOT NULL',
      [eventId],
    );
    return { firstConfirmedAt: rows[0]?.first ?? null, lastConfirmedAt: rows[0]?.last ?? null };
  }

  async salesBuckets(eventId: string, ticketTypeIds: string[], interval: SalesInterval, from: Date, to: Date): Promise<SalesBucket[]> {
    const field = DATE_TRUNC_FIELD[interval];
    // Whole UTC hours of [from, to) are read from the trigger-kept hourly counters (see the
    // MoneyCounters migration); the parts of an hour at either end, when from or to is not on
    // one, from the rows of those parts only (through the confirmed_at and completed_at indexes).
    const firstWhole = Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS;
    const lastWhole = Math.max(firstWhole, Math.floor(to.getTime() / HOUR_MS) * HOUR_MS);
    const headEnd = new Date(Math.min(firstWhole, to.getTime()));
    const tailStart = new Date(lastWhole);
    // One row holding the whole series as JSON (parsed natively), not a row per bucket and type:
    // a month of hours is ~750 buckets, whose rows cost more to decode than to compute.
    const { rows } = await this.db.sql<{ buckets: string | BucketJson[] | null }>(
      // $2 is a date_trunc field ('hour' | 'day'); the step is one of it. Bookings count in the
      // bucket of their confirmed_at (a booking that became confirmed, whatever happened to it
      // since); refunds in the bucket of their completed_at; a booking counts once in a bucket's
      // total however many types it holds. Counters cover [$5, $6); rows cover [$3, $7) and [$8, $4).
      `WITH buckets AS (
         SELECT generate_series(date_trunc($2, $3::timestamptz AT TIME ZONE 'UTC'),
                                ($4::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond',
                                ('1 ' || $2)::interval) AS start),
       edge_bookings AS (
         SELECT b.id, b.confirmed_at FROM bookings b
          WHERE b.event_id = $1 AND ((b.confirmed_at >= $3 AND b.confirmed_at < $7) OR (b.confirmed_at >= $8 AND b.confirmed_at < $4))),
       typed AS (
         SELECT start, ticket_type_id, sum(bookings) AS bookings, sum(tickets) AS tickets, sum(revenue) AS revenue FROM (
           SELECT date_trunc($2, h.hour AT TIME ZONE 'UTC') AS start, h.ticket_type_id, h.bookings, h.tickets, h.revenue
             FROM sales_type_hours h WHERE h.event_id = $1 AND h.hour >= $5 AND h.hour < $6
           UNION ALL
           SELECT date_trunc($2, b.confirmed_at AT TIME ZONE 'UTC'), bi.ticket_type_id, 1, bi.quantity, bi.quantity * bi.unit_price
             FROM edge_bookings b JOIN booking_items bi ON bi.booking_id = b.id) x
          GROUP BY start, ticket_type_id),
       counted AS (
         SELECT start, sum(bookings) AS bookings FROM (
           SELECT date_trunc($2, h.hour AT TIME ZONE 'UTC') AS start, h.bookings FROM sales_hours h WHERE h.event_id = $1 AND h.hour >= $5 AND h.hour < $6
           UNION ALL
           SELECT date_trunc($2, b.confirmed_at AT TIME ZONE 'UTC'), 1 FROM edge_bookings b) x
          GROUP BY start),
       totals AS (SELECT start, sum(tickets) AS tickets, sum(revenue) AS revenue FROM typed GROUP BY start),
       returned AS (
         SELECT start, sum(refunded) AS refunded FROM (
           SELECT date_trunc($2, h.hour AT TIME ZONE 'UTC') AS start, h.refunded FROM refund_hours h WHERE h.event_id = $1 AND h.hour >= $5 AND h.hour < $6
           UNION ALL
           SELECT date_trunc($2, r.completed_at AT TIME ZONE 'UTC'), r.amount
             FROM refunds r JOIN bookings b ON b.id = r.booking_id
            WHERE b.event_id = $1 AND r.status = 'completed'
              AND ((r.completed_at >= $3 AND r.completed_at < $7) OR (r.completed_at >= $8 AND r.completed_at < $4))) x
          GROUP BY start),
       per_type AS (
         SELECT k.start, json_agg(json_build_array(COALESCE(t.bookings, 0), COALESCE(t.tickets, 0), COALESCE(t.revenue, 0)) ORDER BY ids.n) AS figures
           FROM buckets k CROSS JOIN unnest($9::uuid[]) WITH ORDINALITY AS ids (id, n)
           LEFT JOIN typed t ON t.start = k.start AND t.ticket_type_id = ids.id
          GROUP BY k.start)
       SELECT json_agg(json_build_array((extract(epoch FROM k.start) * 1000)::bigint, COALESCE(c.bookings, 0), COALESCE(tt.tickets, 0), COALESCE(tt.revenue, 0),
                                        COALESCE(r.refunded, 0), COALESCE(p.figures, '[]'::json)) ORDER BY k.start) AS buckets
         FROM buckets k
         LEFT JOIN counted c ON c.start = k.start
         LEFT JOIN totals tt ON tt.start = k.start
         LEFT JOIN returned r ON r.start = k.start
         LEFT JOIN per_type p ON p.start = k.start`,
      [eventId, field, from, to, new Date(firstWhole), new Date(lastWhole), headEnd, tailStart, ticketTypeIds],
    );
    const raw = rows[0]?.buckets ?? [];
    const series: BucketJson[] = typeof raw === 'string' ? (JSON.parse(raw) as BucketJson[]) : raw;
    return series.map(([start, bookings, tickets, revenue, refunded, types]) => ({
      start: new Date(Number(start)),
      bookings: Number(bookings),
      tickets: Number(tickets),
      revenue: Number(revenue),
      refunded: Number(refunded),
      ticketTypes: ticketTypeIds.map((ticketTypeId, i) => ({
        ticketTypeId,
        bookings: Number(types[i]?.[0] ?? 0),
        tickets: Number(types[i]?.[1] ?? 0),
        revenue: Number(types[i]?.[2] ?? 0),
      })),
    }));
  }
}
