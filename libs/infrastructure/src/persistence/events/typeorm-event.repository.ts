import { Injectable } from '@nestjs/common';
import { BOOKING_TRANSITIONS, BookingRepository } from '@app/bookings';
import {
  Availability,
  Event,
  EventFilter,
  EventPatch,
  EventRepository,
  EventStats,
  EventStatus,
  NewEvent,
  SELLING_EVENT_STATUSES,
  TicketType,
} from '@app/events';
import { Page, PageRequest } from '@app/shared';
import { DatabaseContext } from '../database-context.js';
import { escapeLike, fetchSqlPage, SqlConditions } from '../keyset.js';
import { eventEndedSellingSql, eventOnSaleSql, sqlTextArray } from '../rules.sql.js';
import { EventRow, TicketTypeRow, toEvent, toTicketType } from './event.mapper.js';
import { patchedColumns, seatLimitedUpdate } from './seat-limited-update.js';

const PATCH_COLUMNS: Record<keyof EventPatch, string> = {
  title: 'title',
  description: 'description',
  venue: 'venue',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  timezone: 'timezone',
  capacity: 'capacity',
  maxPerBuyer: 'max_per_buyer',
  currency: 'currency',
};

/**
 * Seats of pending bookings whose hold has ended but that the sweeper has not released yet (a
 * static CTE shared by three queries, so the statuses are a literal of the transition's list).
 */
const STALE_HOLDS = `
  SELECT b.event_id, bi.ticket_type_id, sum(bi.quantity)::int AS seats
    FROM bookings b JOIN booking_items bi ON bi.booking_id = b.id
   WHERE b.status = ANY(${sqlTextArray(BOOKING_TRANSITIONS.release.from)}) AND b.expires_at <= now() AND b.event_id = ANY($1::uuid[])
   GROUP BY b.event_id, bi.ticket_type_id`;

/**
 * Events in PostgreSQL. Seat counters (`sold`, `held`) live on the row and change only through
 * conditional updates (see the bookings repository); a capacity change applies only while it
 * stays at or above the seats sold and held ({@link seatLimitedUpdate}). Availability excludes
 * holds whose booking has expired even before the sweeper marks it.
 */
@Injectable()
export class TypeOrmEventRepository extends EventRepository {
  constructor(
    private readonly db: DatabaseContext,
    private readonly bookings: BookingRepository,
  ) {
    super();
  }

  async create(event: NewEvent): Promise<Event> {
    const { rows } = await this.db.sql<EventRow>(
      `INSERT INTO events (id, title, description, venue, starts_at, ends_at, timezone, capacity, max_per_buyer, currency, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [
        event.id,
        event.title,
        event.description,
        event.venue,
        event.startsAt,
        event.endsAt,
        event.timezone,
        event.capacity,
        event.maxPerBuyer,
        event.currency,
        event.createdBy,
      ],
    );
    return toEvent(rows[0]!);
  }

  async findById(id: string): Promise<Event | null> {
    const { rows } = await this.db.sql<EventRow>('SELECT * FROM events WHERE id = $1', [id]);
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async findByIdForShare(id: string): Promise<Event | null> {
    const { rows } = await this.db.sql<EventRow>('SELECT * FROM events WHERE id = $1 FOR SHARE', [id]);
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async findWithTicketTypes(id: string): Promise<{ event: Event; ticketTypes: TicketType[] } | null> {
    const { rows } = await this.db.sql<EventRow & { ticket_types: (Omit<TicketTypeRow, 'price'> & { price: number })[] }>(
      `SELECT e.*, COALESCE((SELECT json_agg(t ORDER BY t.created_at, t.id) FROM ticket_types t WHERE t.event_id = e.id), '[]') AS ticket_types
         FROM events e WHERE e.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const date = (value: Date | string | null) => (value === null ? null : new Date(value));
    return {
      event: toEvent(row),
      ticketTypes: row.ticket_types.map((t) =>
        toTicketType({
          ...t,
          price: String(t.price),
          sales_start_at: date(t.sales_start_at),
          sales_end_at: date(t.sales_end_at),
          created_at: date(t.created_at)!,
          updated_at: date(t.updated_at)!,
        }),
      ),
    };
  }

  async list(filter: EventFilter, page: PageRequest): Promise<Page<Event>> {
    const where = new SqlConditions();
    // The effective status (effectiveStatus in libs/events): a selling event that has ended is completed.
    if (filter.publicOnly) where.and(eventOnSaleSql('', where.param(SELLING_EVENT_STATUSES)));
    if (filter.status === EventStatus.Published) where.and(eventOnSaleSql('', where.param(SELLING_EVENT_STATUSES)));
    else if (filter.status === EventStatus.Completed)
      where.and(`(status = ${where.param(EventStatus.Completed)} OR ${eventEndedSellingSql('', where.param(SELLING_EVENT_STATUSES))})`);
    else if (filter.status) where.and(`status = ${where.param(filter.status)}`);
    if (filter.from) where.and(`starts_at >= ${where.param(filter.from)}`);
    if (filter.to) where.and(`starts_at < ${where.param(filter.to)}`);
    if (filter.q) {
      const q = where.param(`%${escapeLike(filter.q)}%`);
      where.and(`(title ILIKE ${q} OR venue ILIKE ${q})`);
    }
    return fetchSqlPage(this.db, 'SELECT * FROM events', 'id', where, page, (rows: EventRow[]) => rows.map(toEvent));
  }

  async update(id: string, patch: EventPatch): Promise<Event | null> {
    const resize = patch.capacity !== undefined ? { limit: patch.capacity, eventId: id } : undefined;
    const row = await seatLimitedUpdate<EventRow>(this.db, this.bookings, 'events', id, patchedColumns(patch, PATCH_COLUMNS), resize);
    return row ? toEvent(row) : null;
  }

  async transition(id: string, from: EventStatus[], to: EventStatus): Promise<Event | null> {
    const { rows } = await this.db.sql<EventRow>(
      `UPDATE events SET status = $3::varchar, updated_at = now(),
              published_at = CASE WHEN $3::varchar = 'published' THEN now() ELSE published_at END,
              cancelled_at = CASE WHEN $3::varchar = 'cancelled' THEN now() ELSE cancelled_at END
        WHERE id = $1 AND status = ANY($2::varchar[]) RETURNING *`,
      [id, from, to],
    );
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async deleteDraft(id: string): Promise<'deleted' | 'not_found' | 'not_draft' | 'has_bookings'> {
    const { rowCount } = await this.db.sql(
      `DELETE FROM events WHERE id = $1 AND status = 'draft' AND NOT EXISTS (SELECT 1 FROM bookings WHERE event_id = $1)`,
      [id],
    );
    if (rowCount) return 'deleted';
    const event = await this.findById(id);
    if (!event) return 'not_found';
    return event.status === EventStatus.Draft ? 'has_bookings' : 'not_draft';
  }

  async setPaymentQr(id: string, qr: { key: string; contentType: string } | null): Promise<{ key: string; contentType: string } | null> {
    const { rows } = await this.db.sql<{ key: string | null; content_type: string | null }>(
      `UPDATE events e SET payment_qr_key = $2, payment_qr_content_type = $3, updated_at = now()
         FROM (SELECT payment_qr_key AS key, payment_qr_content_type AS content_type FROM events WHERE id = $1 FOR UPDATE) old
        WHERE e.id = $1 RETURNING old.key, old.content_type`,
      [id, qr?.key ?? null, qr?.contentType ?? null],
    );
    const old = rows[0];
    return old?.key && old.content_type ? { key: old.key, contentType: old.content_type } : null;
  }

  async completeEnded(): Promise<number> {
    const { rowCount } = await this.db.sql(`UPDATE events SET status = $1::varchar, updated_at = now() WHERE ${eventEndedSellingSql('', '$2')}`, [
      EventStatus.Completed,
      SELLING_EVENT_STATUSES,
    ]);
    return rowCount;
  }

  async availability(eventId: string): Promise<Availability> {
    const { rows } = await this.db.sql<{ ticket_type_id: string | null; event_left: number; type_left: number | null }>(
      `WITH stale AS (${STALE_HOLDS}),
            ev AS (SELECT e.capacity - e.sold - e.held + COALESCE((SELECT sum(seats) FROM stale), 0)::int AS left FROM events e WHERE e.id = $1[1])
       SELECT t.id AS ticket_type_id, ev.left AS event_left, t.quantity - t.sold - t.held + COALESCE(s.seats, 0) AS type_left
         FROM ev LEFT JOIN ticket_types t ON t.event_id = $1[1]
         LEFT JOIN stale s ON s.ticket_type_id = t.id`,
      [[eventId]],
    );
    const event = Math.max(0, Number(rows[0]?.event_left ?? 0));
    const ticketTypes = new Map<string, number>();
    for (const row of rows) {
      if (row.ticket_type_id) ticketTypes.set(row.ticket_type_id, Math.max(0, Math.min(Number(row.type_left), event)));
    }
    return { event, ticketTypes };
  }

  async eventsAvailability(eventIds: string[]): Promise<Map<string, number>> {
    if (eventIds.length === 0) return new Map();
    const { rows } = await this.db.sql<{ id: string; left: number }>(
      `WITH stale AS (${STALE_HOLDS})
       SELECT e.id, e.capacity - e.sold - e.held + COALESCE((SELECT sum(s.seats) FROM stale s WHERE s.event_id = e.id), 0)::int AS left
         FROM events e WHERE e.id = ANY($1::uuid[])`,
      [eventIds],
    );
    return new Map(rows.map((r) => [r.id, Math.max(0, Number(r.left))]));
  }

  async stats(eventId: string): Promise<EventStats | null> {
    const event = await this.findById(eventId);
    if (!event) return null;
    const { rows } = await this.db.sql<{
      id: string;
      name: string;
      quantity: number;
      sold: number;
      held: number;
      revenue: string;
      checked_in: string;
      refunded: string;
      event_refunded: string;
    }>(
      // Money and check-ins from the trigger-kept counters (8 rows a type; see the MoneyCounters and
      // AttendanceCounters migrations), not from the event's payments, refunds and tickets. Money is
      // counted from payments and completed refunds, whatever became of the booking since (an event
      // cancellation cancels paid bookings: their seats were still sold and paid for), and split over
      // ticket types by what each seat cost, so the types add up to the totals.
      `WITH stale AS (${STALE_HOLDS}),
            money AS (
              SELECT ticket_type_id, sum(revenue) AS revenue, sum(refunded) AS refunded FROM ticket_type_money
               WHERE event_id = $1[1] GROUP BY ticket_type_id),
            admitted AS (
              SELECT ticket_type_id, sum(checked_in) AS checked_in FROM attendance_counters
               WHERE event_id = $1[1] GROUP BY ticket_type_id)
       SELECT t.id, t.name, t.quantity, t.sold, t.held - COALESCE(s.seats, 0) AS held, COALESCE(money.revenue, 0) AS revenue,
              COALESCE(admitted.checked_in, 0) AS checked_in, COALESCE(money.refunded, 0) AS refunded,
              (SELECT COALESCE(sum(refunded), 0) FROM event_money WHERE event_id = $1[1]) AS event_refunded
         FROM ticket_types t
         LEFT JOIN stale s ON s.ticket_type_id = t.id
         LEFT JOIN money ON money.ticket_type_id = t.id
         LEFT JOIN admitted ON admitted.ticket_type_id = t.id
        WHERE t.event_id = $1[1]
        ORDER BY t.created_at, t.id`,
      [[eventId]],
    );
    const held = rows.reduce((n, r) => n + Number(r.held), 0);
    const eventAvailable = Math.max(0, event.capacity - event.sold - held);
    const ticketTypes = rows.map((r) => ({
      ticketTypeId: r.id,
      name: r.name,
      quantity: r.quantity,
      sold: r.sold,
      held: Number(r.held),
      available: Math.max(0, Math.min(r.quantity - r.sold - Number(r.held), eventAvailable)),
      revenue: Number(r.revenue),
      refunded: Number(r.refunded),
      checkedIn: Number(r.checked_in),
    }));
    return {
      eventId,
      currency: event.currency,
      capacity: event.capacity,
      sold: event.sold,
      held,
      available: eventAvailable,
      revenue: ticketTypes.reduce((n, t) => n + t.revenue, 0),
      // All money returned: ticket refunds, automatic refunds and event cancellation.
      refunded: Number(rows[0]?.event_refunded ?? 0),
      checkedIn: ticketTypes.reduce((n, t) => n + t.checkedIn, 0),
      ticketTypes,
    };
  }
}
