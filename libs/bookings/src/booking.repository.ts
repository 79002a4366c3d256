import type { Page, PageRequest } from '@app/shared';
import type { Attendee, Booking, BookingStatus } from './booking.js';
import type { SeatsLeft } from './bookings.errors.js';

export interface HoldRequest {
  bookingId: string;
  eventId: string;
  userId: string;
  createdBy: string | null;
  teamName: string | null;
  /** Distinct ticket types in the request's order (the adapter locks them in id order). */
  items: { ticketTypeId: string; quantity: number }[];
  /**
   * Event statuses that the buyer may not see (`[EventStatus.Draft]` unless staff): such an event
   * is refused as `event_not_found`, as if it did not exist.
   */
  hiddenEventStatuses: readonly string[];
  attendees: Attendee[];
  /**
   * Seconds the hold lasts. Its end (`expiresAt`) is the database's `now()` plus this: the same
   * clock that expiry, payment and availability compare it with.
   */
  holdSeconds: number;
  /**
   * A sale at the box office (staff, in person or by phone): ticket types' sales windows do not
   * apply (a door sale after online sales closed is normal), only that the event is published and
   * not ended, the capacity and quantities, and `maxPerBooking`; the buyer's counter is not guarded
   * (set `createdBy`). `complimentary`: every seat at price 0, whatever the ticket type costs.
   */
  boxOffice?: { complimentary: boolean };
}

/**
 * An item of a hold request that cannot be booked as asked: `index` is its position in
 * {@link HoldRequest.items}; `unknown_ticket_type` (no such type for this event) or
 * `over_max_per_booking` (its quantity is over the type's `maxPerBooking`).
 */
export type InvalidHoldItem = { index: number; problem: 'unknown_ticket_type' } | { index: number; problem: 'over_max_per_booking'; maxPerBooking: number };

/**
 * Why a hold was refused; nothing was held. Decided in this order: the event (`event_not_found`),
 * the items (`invalid_items`, all of them), the event's sale and capacity (`event_not_on_sale`,
 * `sold_out`), each ticket type in id order (`ticket_type_not_on_sale`, `sold_out`), the buyer's
 * limit. `sold_out.expiredHolds`: holds of the event whose time has run out are still counted
 * (the sweeper lags); releasing them may make room.
 */
export type HoldRefusal =
  | { reason: 'event_not_found' }
  | { reason: 'invalid_items'; items: InvalidHoldItem[] }
  | { reason: 'event_not_on_sale'; status: string; ended: boolean }
  | { reason: 'ticket_type_not_on_sale'; ticketTypeId: string }
  | { reason: 'sold_out'; seatsLeft: SeatsLeft; expiredHolds: boolean }
  | { reason: 'buyer_limit_reached'; maxPerBuyer: number; remaining: number };

export interface BookingFilter {
  userId?: string;
  eventId?: string;
  status?: BookingStatus;
  /** The booking user's e-mail (staff filter). */
  email?: string;
  /** The team name, case-insensitively. */
  teamName?: string;
  /**
   * Free-text search (staff's "find an order"), case-insensitive, up to
   * {@link BOOKING_SEARCH_MAX_LENGTH} characters, trimmed. A booking matches when the term is
   * contained in the buyer's e-mail or name, a payment reference, an attendee's or ticket holder's
   * name, or the team name; or equals the booking id (a full uuid) or one of its ticket codes (any
   * form the gate accepts, see `normalizeTicketCode`). `%`, `_` and `\` match themselves.
   */
  q?: string;
}

/** Seats of one ticket type, as the seat counters move them. */
export interface SeatCount {
  ticketTypeId: string;
  /** At least 1. */
  quantity: number;
}

/** Longest accepted {@link BookingFilter.q}, in characters. */
export const BOOKING_SEARCH_MAX_LENGTH = 200;

/**
 * Port: bookings and the seat counters they move. Every method is atomic on its own and joins
 * the current transaction. Locks are always taken in the order booking row, event row, ticket
 * type rows by id, so concurrent bookings, expiries, cancellations and payments cannot deadlock.
 * Used by the bookings lib alone (lint-enforced): refunds, event cancellation, tickets, transfers
 * and payments reach these rows through `BookingsService`. The changes a refund or a cancellation
 * triggers (`settleAfterRefund`, `cancelConfirmed`, `releaseSold`) stay here because they write
 * bookings and their seat counters, this lib's aggregates.
 */
export abstract class BookingRepository {
  /**
   * Holds the seats and creates the `pending_payment` booking, all or nothing, in one atomic
   * step that also says why it refused: the event row then the ticket type rows (id order) are
   * locked and checked (visible, on sale, `sold + held + n <= capacity`, each type of this event,
   * `n <= maxPerBooking`, in its sales window unless at the box office, `sold + held + n <=
   * quantity`), then the buyer's seat counter for the event (`buyer_seats`, guarded by the event's
   * `maxPerBuyer` unless `createdBy` is set: an admin booking for the user), and only if all
   * pass the counters move and the booking and its items are inserted. Refusals hold nothing.
   */
  abstract hold(request: HoldRequest): Promise<Booking | HoldRefusal>;
  /** `pending_payment -> confirmed`, held seats become sold. Null when the booking was not pending. */
  abstract confirm(bookingId: string): Promise<Booking | null>;
  /**
   * `pending_payment -> expired | cancelled`, giving the held seats back exactly once. With
   * `onlyIfDue`, only when the hold has ended. Null when the booking was not pending (or not due).
   */
  abstract release(bookingId: string, to: BookingStatus.Expired | BookingStatus.Cancelled, options?: { onlyIfDue?: boolean }): Promise<Booking | null>;
  /**
   * `expired -> confirmed` for a payment that arrived late: takes the seats again as
   * sold if the event is still on sale and both limits allow it (conditional updates, event then
   * ticket types by id), else changes nothing. Null when it could not. A cancelled booking is never
   * taken again: someone meant it not to be bought.
   */
  abstract retake(bookingId: string): Promise<Booking | null>;
  /**
   * Expires up to `limit` bookings whose hold has ended (of one event, or all), each in the
   * caller's transaction, claiming rows with `FOR UPDATE SKIP LOCKED` so concurrent sweepers
   * (replicas) never wait on or double-release each other. Returns how many it expired.
   */
  abstract expireDue(limit: number, eventId?: string): Promise<number>;
  /**
   * Gives back sold seats of refunded tickets (`sold = sold - n` on the event, then each ticket
   * type in id order, then the buyer's seat counter).
   */
  abstract releaseSold(booking: Pick<Booking, 'eventId' | 'userId'>, seats: SeatCount[]): Promise<void>;
  /** After a refund: `confirmed | partially_refunded -> refunded` (nothing left) or `-> partially_refunded`. */
  abstract settleAfterRefund(bookingId: string, nothingLeft: boolean): Promise<Booking | null>;
  /** Event cancelled: `confirmed | partially_refunded -> cancelled` (its seats are moot). */
  abstract cancelConfirmed(bookingId: string): Promise<Booking | null>;
  /**
   * The next booking of a cancelled event still to be handled (pending, confirmed or partly
   * refunded), locked `FOR UPDATE SKIP LOCKED` in the caller's transaction; null when none is left.
   */
  abstract claimOfCancelledEvent(eventId?: string): Promise<Booking | null>;
  abstract findById(id: string): Promise<Booking | null>;
  /**
   * The booking, its row locked (`FOR UPDATE`) until the current transaction ends: changes that
   * read-then-write around one booking (refund requests) take it first, so they run one at a time.
   */
  abstract lockById(id: string): Promise<Booking | null>;
  /** Newest first. */
  abstract list(filter: BookingFilter, page: PageRequest): Promise<Page<Booking>>;
}
