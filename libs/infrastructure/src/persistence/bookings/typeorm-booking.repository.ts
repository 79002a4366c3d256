import { Injectable } from '@nestjs/common';
import {
  Booking,
  BOOKING_TRANSITIONS,
  BookingFilter,
  BookingRepository,
  BookingStatus,
  HoldRefusal,
  HoldRequest,
  InvalidHoldItem,
  OPEN_BOOKING_STATUSES,
} from '@app/bookings';
import { SELLING_EVENT_STATUSES } from '@app/events';
import { isUuid, Page, PageRequest } from '@app/shared';
import { normalizeTicketCode } from '@app/tickets';
import { DatabaseContext } from '../database-context.js';
import { escapeLike, fetchSqlPage, SqlConditions } from '../keyset.js';
import { eventOnSaleSql, statusInSql } from '../rules.sql.js';
import { BookingItemRow, BookingRow, toBooking } from './booking.mapper.js';
import { HOLD_SQL } from './hold.sql.js';

/** Runs of the hold statement before a `recheck` answer is taken as sold out (the row keeps changing under it). */
const HOLD_ATTEMPTS = 3;

/** The hold's answer: the booking's columns when it was created, else nulls and the refusal's facts (`x_`). */
interface HoldRow extends BookingRow {
  /** The first reason that applies (see {@link HoldRefusal}); null when held, and when only the buyer's limit refused (no booking then). */
  x_reason: HoldRefusal['reason'] | 'recheck' | null;
  x_status: string | null;
  x_ended: boolean | null;
  x_max_per_buyer: number | null;
  /** The event's `capacity - sold - held`, from its locked row. */
  x_event_left: number | null;
  /** The ticket type that was not on sale. */
  x_failed_type: string | null;
  /** Each requested item: `ord` its 1-based position, `found` whether the type is of this event, `left` its `quantity - sold - held`. */
  x_items: { ord: number; id: string; quantity: number; found: boolean; fits: boolean; max: number | null; left: number | null; price: number | null }[];
  x_expired_holds: boolean | null;
  x_buyer_seats: number | null;
}

/**
 * Bookings and the seat counters on `events` and `ticket_types`. Every counter change is a
 * conditional `UPDATE ... RETURNING`, or checks the rows it has locked in the same statement (the
 * hold, {@link HOLD_SQL}), never read-then-write across statements; locks are taken in the order
 * booking row, event row, ticket type rows by id, buyer's counter; CHECK constraints (`sold + held <= capacity/quantity`,
 * counters >= 0) are the last line of defence. A hold is one statement that changes nothing
 * unless every check passed, so a refusal leaves nothing behind whatever transaction it runs in.
 */
@Injectable()
export class TypeOrmBookingRepository extends BookingRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async hold(request: HoldRequest): Promise<Booking | HoldRefusal> {
    const seats = request.items.reduce((n, i) => n + i.quantity, 0);
    const params = [
      request.bookingId,
      request.eventId,
      request.userId,
      request.createdBy,
      request.teamName,
      JSON.stringify(request.attendees),
      request.holdSeconds,
      request.items.map((i) => i.ticketTypeId),
      request.items.map((i) => i.quantity),
      seats,
      SELLING_EVENT_STATUSES,
      request.hiddenEventStatuses,
      request.boxOffice !== undefined,
      request.boxOffice?.complimentary === true,
      request.createdBy === null,
      BOOKING_TRANSITIONS.release.from,
    ];
    // `recheck`: the event's row changed between the snapshot and its lock (another hold took the
    // seats meanwhile); nothing was done, and the statement run again sees the change.
    let rows: HoldRow[] = [];
    for (let attempt = 1; attempt <= HOLD_ATTEMPTS; attempt++) {
      rows = (await this.db.sql<HoldRow>(HOLD_SQL, params, { name: 'booking_hold' })).rows;
      if (rows[0]!.x_reason !== 'recheck') break;
    }
    const row = rows[0]!;
    const items = [...row.x_items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (row.id) {
      return toBooking(
        row,
        items.map((i) => ({ booking_id: row.id, ticket_type_id: i.id, quantity: i.quantity, unit_price: String(i.price) })),
      );
    }
    const eventLeft = Math.max(0, Number(row.x_event_left));
    switch (row.x_reason) {
      case 'event_not_found':
        return { reason: 'event_not_found' };
      case 'invalid_items':
        return {
          reason: 'invalid_items',
          items: [...row.x_items]
            .sort((a, b) => a.ord - b.ord)
            .flatMap((i): InvalidHoldItem[] =>
              !i.found
                ? [{ index: i.ord - 1, problem: 'unknown_ticket_type' }]
                : !i.fits
                  ? [{ index: i.ord - 1, problem: 'over_max_per_booking', maxPerBooking: i.max! }]
                  : [],
            ),
        };
      case 'event_not_on_sale':
        return { reason: 'event_not_on_sale', status: row.x_status!, ended: row.x_ended! };
      case 'ticket_type_not_on_sale':
        return { reason: 'ticket_type_not_on_sale', ticketTypeId: row.x_failed_type! };
      case 'sold_out':
      case 'recheck':
        return {
          reason: 'sold_out',
          seatsLeft: { event: eventLeft, ticketTypes: items.map((t) => ({ ticketTypeId: t.id, available: Math.max(0, Math.min(Number(t.left), eventLeft)) })) },
          expiredHolds: row.x_expired_holds === true,
        };
      default: {
        // Only the buyer's counter refused. Its row, read in the statement's snapshot, can be older
        // than the row the guard saw (a first hold of this buyer committed while this one waited
        // for the event's lock): then read it again.
        const maxPerBuyer = row.x_max_per_buyer!;
        let current = row.x_buyer_seats ?? 0;
        if (current + seats <= maxPerBuyer) {
          const again = await this.db.sql<{ seats: number }>('SELECT seats FROM buyer_seats WHERE event_id = $1 AND user_id = $2', [
            request.eventId,
            request.userId,
          ]);
          current = again.rows[0]?.seats ?? 0;
        }
        return { reason: 'buyer_limit_reached', maxPerBuyer, remaining: Math.max(0, maxPerBuyer - current) };
      }
    }
  }

  async confirm(bookingId: string): Promise<Booking | null> {
    const updated = await this.db.sql<BookingRow>(
      `UPDATE bookings SET status = 'confirmed', confirmed_at = now(), updated_at = now()
        WHERE id = $1 AND ${statusInSql('', '$2')} RETURNING *`,
      [bookingId, BOOKING_TRANSITIONS.confirm.from],
    );
    const row = updated.rows[0];
    if (!row) return null;
    const items = await this.items([bookingId]);
    await this.moveSeats(row.event_id, items, { held: -1, sold: +1 });
    return toBooking(row, items);
  }

  async retake(bookingId: string): Promise<Booking | null> {
    const updated = await this.db.sql<BookingRow>(
      `UPDATE bookings SET status = 'confirmed', confirmed_at = now(), updated_at = now() WHERE id = $1 AND ${statusInSql('', '$2')} RETURNING *`,
      [bookingId, BOOKING_TRANSITIONS.retake.from],
    );
    const row = updated.rows[0];
    if (!row) return null;
    const items = await this.items([bookingId]);
    const seats = items.reduce((n, i) => n + i.quantity, 0);
    const undo = async (taken: BookingItemRow[], eventTaken: boolean) => {
      if (eventTaken) await this.moveSeats(row.event_id, taken, { held: 0, sold: -1 }, seats);
      await this.db.sql(`UPDATE bookings SET status = 'expired', confirmed_at = NULL, updated_at = now() WHERE id = $1`, [bookingId]);
      return null;
    };
    const event = await this.db.sql(
      `UPDATE events SET sold = sold + $2, updated_at = now()
        WHERE id = $1 AND ${eventOnSaleSql('', '$3')} AND sold + held + $2 <= capacity`,
      [row.event_id, seats, SELLING_EVENT_STATUSES],
    );
    if (!event.rowCount) return undo([], false);
    const taken: BookingItemRow[] = [];
    for (const item of items) {
      const type = await this.db.sql('UPDATE ticket_types SET sold = sold + $2, updated_at = now() WHERE id = $1 AND sold + held + $2 <= quantity', [
        item.ticket_type_id,
        item.quantity,
      ]);
      if (!type.rowCount) return undo(taken, true);
      taken.push(item);
    }
    // The buyer paid for these seats: they count again, whatever the limit says now.
    await this.moveBuyerSeats(row.event_id, row.user_id, seats);
    return toBooking(row, items);
  }

  async release(bookingId: string, to: BookingStatus.Expired | BookingStatus.Cancelled, options: { onlyIfDue?: boolean } = {}): Promise<Booking | null> {
    const stamp = to === BookingStatus.Expired ? 'expired_at' : 'cancelled_at';
    const updated = await this.db.sql<BookingRow>(
      `UPDATE bookings SET status = $2::varchar, ${stamp} = now(), updated_at = now()
        WHERE id = $1 AND ${statusInSql('', '$3')} ${options.onlyIfDue ? 'AND expires_at <= now()' : ''}
        RETURNING *`,
      [bookingId, to, BOOKING_TRANSITIONS.release.from],
    );
    const row = updated.rows[0];
    if (!row) return null;
    const items = await this.items([bookingId]);
    await this.moveSeats(row.event_id, items, { held: -1, sold: 0 });
    await this.moveBuyerSeats(row.event_id, row.user_id, -items.reduce((n, i) => n + i.quantity, 0));
    return toBooking(row, items);
  }

  async expireDue(limit: number, eventId?: string): Promise<number> {
    // Claim due holds; rows another sweeper (or a payment) has locked are skipped, not waited for.
    // Processing in event order keeps event-row locks in one order across concurrent sweepers.
    const due = await this.db.sql<{ id: string }>(
      `SELECT id FROM bookings
        WHERE ${statusInSql('', '$2')} AND expires_at <= now() ${eventId ? 'AND event_id = $3' : ''}
        ORDER BY event_id, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      eventId ? [limit, BOOKING_TRANSITIONS.release.from, eventId] : [limit, BOOKING_TRANSITIONS.release.from],
    );
    let expired = 0;
    for (const { id } of due.rows) {
      if (await this.release(id, BookingStatus.Expired, { onlyIfDue: true })) expired++;
    }
    return expired;
  }

  async releaseSold(booking: Pick<Booking, 'eventId' | 'userId'>, seats: { ticketTypeId: string; quantity: number }[]): Promise<void> {
    await this.moveSeats(
      booking.eventId,
      seats.map((s) => ({ ticket_type_id: s.ticketTypeId, quantity: s.quantity })),
      { held: 0, sold: -1 },
    );
    await this.moveBuyerSeats(booking.eventId, booking.userId, -seats.reduce((n, s) => n + s.quantity, 0));
  }

  async settleAfterRefund(bookingId: string, nothingLeft: boolean): Promise<Booking | null> {
    const { rows } = await this.db.sql<BookingRow>(
      `UPDATE bookings SET status = $2::varchar, updated_at = now() WHERE id = $1 AND ${statusInSql('', '$3')} RETURNING *`,
      [bookingId, nothingLeft ? BookingStatus.Refunded : BookingStatus.PartiallyRefunded, BOOKING_TRANSITIONS.settleRefund.from],
    );
    return rows[0] ? toBooking(rows[0], await this.items([bookingId])) : null;
  }

  async cancelConfirmed(bookingId: string): Promise<Booking | null> {
    const { rows } = await this.db.sql<BookingRow>(
      `UPDATE bookings SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = $1 AND ${statusInSql('', '$2')} RETURNING *`,
      [bookingId, BOOKING_TRANSITIONS.cancelPaid.from],
    );
    return rows[0] ? toBooking(rows[0], await this.items([bookingId])) : null;
  }

  async claimOfCancelledEvent(eventId?: string): Promise<Booking | null> {
    const { rows } = await this.db.sql<BookingRow>(
      `SELECT b.* FROM bookings b JOIN events e ON e.id = b.event_id
        WHERE e.status = 'cancelled' AND ${statusInSql('b', '$1')} ${eventId ? 'AND b.event_id = $2' : ''}
        ORDER BY b.id LIMIT 1 FOR UPDATE OF b SKIP LOCKED`,
      eventId ? [OPEN_BOOKING_STATUSES, eventId] : [OPEN_BOOKING_STATUSES],
    );
    return rows[0] ? toBooking(rows[0], await this.items([rows[0].id])) : null;
  }

  async findById(id: string): Promise<Booking | null> {
    const { rows } = await this.db.sql<BookingRow>('SELECT * FROM bookings WHERE id = $1', [id]);
    return rows[0] ? toBooking(rows[0], await this.items([id])) : null;
  }

  async lockById(id: string): Promise<Booking | null> {
    const { rows } = await this.db.sql<BookingRow>('SELECT * FROM bookings WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ? toBooking(rows[0], await this.items([id])) : null;
  }

  async list(filter: BookingFilter, page: PageRequest): Promise<Page<Booking>> {
    const where = new SqlConditions();
    if (filter.userId) where.and(`b.user_id = ${where.param(filter.userId)}`);
    if (filter.eventId) where.and(`b.event_id = ${where.param(filter.eventId)}`);
    if (filter.status) where.and(`b.status = ${where.param(filter.status)}`);
    if (filter.email) where.and(`b.user_id = (SELECT id FROM users WHERE email = ${where.param(filter.email.trim().toLowerCase())})`);
    if (filter.teamName) where.and(`lower(b.team_name) = lower(${where.param(filter.teamName.trim())})`);
    const q = filter.q?.trim();
    if (q) where.and(searchCondition(where, q));
    return fetchSqlPage(this.db, 'SELECT b.* FROM bookings b', 'b.id', where, page, async (rows: BookingRow[]) => {
      const items = await this.items(rows.map((r) => r.id));
      return rows.map((row) =>
        toBooking(
          row,
          items.filter((i) => i.booking_id === row.id),
        ),
      );
    });
  }

  /** Items of the given bookings in ticket-type id order (the lock order). */
  private async items(bookingIds: string[]): Promise<BookingItemRow[]> {
    if (bookingIds.length === 0) return [];
    const { rows } = await this.db.sql<BookingItemRow>(
      'SELECT booking_id, ticket_type_id, quantity, unit_price FROM booking_items WHERE booking_id = ANY($1::uuid[]) ORDER BY booking_id, ticket_type_id',
      [bookingIds],
    );
    return rows;
  }

  /**
   * Adds `sign × quantity` to held and sold: event row first (`eventSeats`, default the items'
   * total), then ticket types in id order.
   */
  private async moveSeats(
    eventId: string,
    items: Pick<BookingItemRow, 'ticket_type_id' | 'quantity'>[],
    sign: { held: number; sold: number },
    eventSeats?: number,
  ): Promise<void> {
    const seats = eventSeats ?? items.reduce((n, i) => n + i.quantity, 0);
    await this.db.sql('UPDATE events SET held = held + $2, sold = sold + $3, updated_at = now() WHERE id = $1', [
      eventId,
      sign.held * seats,
      sign.sold * seats,
    ]);
    for (const item of [...items].sort((a, b) => (a.ticket_type_id < b.ticket_type_id ? -1 : 1))) {
      await this.db.sql('UPDATE ticket_types SET held = held + $2, sold = sold + $3, updated_at = now() WHERE id = $1', [
        item.ticket_type_id,
        sign.held * item.quantity,
        sign.sold * item.quantity,
      ]);
    }
  }

  /** Adds `delta` seats to the buyer's counter for the event (unguarded: releases, and a late payment's retake). */
  private async moveBuyerSeats(eventId: string, userId: string, delta: number): Promise<void> {
    if (delta === 0) return;
    await this.db.sql(
      `INSERT INTO buyer_seats AS s (event_id, user_id, seats) VALUES ($1, $2, GREATEST($3::int, 0))
       ON CONFLICT (event_id, user_id) DO UPDATE SET seats = s.seats + $3::int, updated_at = now()`,
      [eventId, userId, delta],
    );
  }
}

/**
 * The `q` search of {@link BookingFilter} as one OR-ed condition on `b`: substring matches
 * (ILIKE, wildcards escaped) on the buyer's e-mail and name, payment references, attendee and
 * ticket holder names and the team name; equality on the booking id when `q` is a uuid and on the
 * ticket code when `q` normalizes to one.
 */
function searchCondition(where: SqlConditions, q: string): string {
  const like = where.param(`%${escapeLike(q)}%`);
  const terms = [
    `b.user_id IN (SELECT u.id FROM users u WHERE u.email ILIKE ${like} OR u.name ILIKE ${like})`,
    `b.id IN (SELECT p.booking_id FROM payments p WHERE p.reference ILIKE ${like})`,
    `b.team_name ILIKE ${like}`,
    `EXISTS (SELECT 1 FROM jsonb_array_elements(b.attendees) a WHERE a->>'name' ILIKE ${like})`,
    `b.id IN (SELECT t.booking_id FROM tickets t WHERE t.holder_name ILIKE ${like})`,
  ];
  if (isUuid(q)) terms.push(`b.id = ${where.param(q.toLowerCase())}`);
  const code = normalizeTicketCode(q);
  if (code) terms.push(`b.id IN (SELECT t.booking_id FROM tickets t WHERE t.code = ${where.param(code)})`);
  return `(${terms.join(' OR ')})`;
}
