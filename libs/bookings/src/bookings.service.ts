import { Injectable } from '@nestjs/common';
import { Actor, AuditLog, canReadAll, hasRole, Page, PageRequest, Role, TransactionRunner } from '@app/shared';
import { Booking, BookingStatus } from './booking.js';
import { BookingFilter, BookingRepository, SeatCount } from './booking.repository.js';
import { BookingTimelineReader, TimelineEntry } from './booking-timeline.js';
import { BookingNotFoundError, InvalidBookingStateError } from './bookings.errors.js';

/**
 * Reading, cancelling and expiring bookings. A customer sees only their own (others are 404).
 * The booking rows and the seat counters they move are this lib's: other libs' use cases (refunds,
 * event cancellation, tickets, transfers, payments) change them only through the methods below,
 * each joining the caller's transaction (the repository's lock order, booking row then event then
 * ticket types by id, is kept inside each).
 */
@Injectable()
export class BookingsService {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly timelines: BookingTimelineReader,
  ) {}

  /**
   * The booking's history for staff, oldest first (see {@link BookingTimelineReader.read}).
   * @throws BookingNotFoundError (404) when there is no such booking
   */
  async timeline(id: string): Promise<TimelineEntry[]> {
    const entries = await this.timelines.read(id);
    if (!entries) throw new BookingNotFoundError();
    return entries;
  }

  /** @throws BookingNotFoundError (404) when it does not exist or is not the actor's to see. */
  async get(actor: Actor, id: string): Promise<Booking> {
    const booking = await this.bookings.findById(id);
    if (!booking || !(booking.userId === actor.userId || canReadAll(actor))) throw new BookingNotFoundError();
    return booking;
  }

  /**
   * The booking for its owner or an admin to act on (pay, cancel, refund); anyone else, viewers
   * included, is told it does not exist.
   * @throws BookingNotFoundError (404)
   */
  async getToActOn(actor: Actor, id: string): Promise<Booking> {
    const booking = await this.bookings.findById(id);
    if (!booking || !(booking.userId === actor.userId || hasRole(actor, Role.Admin))) throw new BookingNotFoundError();
    return booking;
  }

  /**
   * The actor's bookings, newest first; staff (admin, viewer) may list everyone's and filter by
   * e-mail. `q` (see {@link BookingFilter.q}) searches a customer's own bookings only.
   */
  list(actor: Actor, filter: Omit<BookingFilter, 'userId'>, page: PageRequest): Promise<Page<Booking>> {
    if (canReadAll(actor)) return this.bookings.list(filter, page);
    return this.bookings.list({ eventId: filter.eventId, status: filter.status, teamName: filter.teamName, q: filter.q, userId: actor.userId }, page);
  }

  /**
   * Cancels a `pending_payment` booking (its owner or an admin), giving its seats back exactly
   * once; audited when an admin does it.
   * @throws BookingNotFoundError (404), InvalidBookingStateError (409 `invalid_booking_state`)
   */
  async cancel(actor: Actor, id: string): Promise<Booking> {
    return this.tx.run(async () => {
      const booking = await this.getToActOn(actor, id);
      const isAdmin = hasRole(actor, Role.Admin);
      const cancelled = await this.bookings.release(id, BookingStatus.Cancelled);
      if (!cancelled) {
        const current = await this.bookings.findById(id);
        throw new InvalidBookingStateError(current?.status ?? booking.status, 'cancelled');
      }
      if (isAdmin && booking.userId !== actor.userId) {
        await this.audit.record({
          action: 'booking.cancelled',
          actorId: actor.userId,
          entityType: 'booking',
          entityId: id,
          details: { userId: booking.userId },
        });
      }
      return cancelled;
    });
  }

  /** The booking, or null; no visibility rule (the caller has checked who acts). */
  find(id: string): Promise<Booking | null> {
    return this.bookings.findById(id);
  }

  /**
   * The booking, its row locked `FOR UPDATE` until the caller's transaction ends, or null (see
   * {@link BookingRepository.lockById}): read-then-write changes around one booking take it first.
   */
  lock(id: string): Promise<Booking | null> {
    return this.bookings.lockById(id);
  }

  /**
   * The next booking of a cancelled event still to be handled, locked `FOR UPDATE SKIP LOCKED` in
   * the caller's transaction; null when none is left (see {@link BookingRepository.claimOfCancelledEvent}).
   */
  claimOfCancelledEvent(eventId?: string): Promise<Booking | null> {
    return this.bookings.claimOfCancelledEvent(eventId);
  }

  /**
   * `pending_payment -> cancelled` without an actor (the event was cancelled), giving the held
   * seats back exactly once; null when the booking was not pending.
   */
  releaseHold(id: string): Promise<Booking | null> {
    return this.bookings.release(id, BookingStatus.Cancelled);
  }

  /**
   * A paid booking is cancelled (by the organiser, or with its event): `confirmed |
   * partially_refunded -> cancelled`, then the sold `seats` of its voided tickets go back
   * (event, ticket types in id order, buyer's counter), in one transaction (the caller's, if any).
   * Null when the booking was in neither state; the seats go back all the same (the tickets are
   * void: the counters must keep matching the rows), so a caller that refuses the null must throw.
   */
  cancelPaid(booking: Pick<Booking, 'id' | 'eventId' | 'userId'>, seats: SeatCount[]): Promise<Booking | null> {
    return this.tx.run(async () => {
      const cancelled = await this.bookings.cancelConfirmed(booking.id);
      if (seats.length) await this.bookings.releaseSold(booking, seats);
      return cancelled;
    });
  }

  /**
   * A refund of some of the booking's tickets completed: the booking becomes `refunded`
   * (`nothingLeft`) or `partially_refunded`, then the refunded `seats` go back on sale, in one
   * transaction (the caller's, if any), booking row first. Returns the booking (unchanged when
   * it was no longer confirmed or partly refunded), null when there is none.
   */
  settleRefund(bookingId: string, nothingLeft: boolean, seats: SeatCount[]): Promise<Booking | null> {
    return this.tx.run(async () => {
      const booking = (await this.bookings.settleAfterRefund(bookingId, nothingLeft)) ?? (await this.bookings.findById(bookingId));
      if (booking) await this.bookings.releaseSold(booking, seats);
      return booking;
    });
  }

  /**
   * Gives back the sold `seats` of tickets voided after their booking was cancelled (`sold = sold
   * - n` on the event, then each ticket type in id order, then the buyer's counter); joins the caller's transaction.
   */
  releaseSold(booking: Pick<Booking, 'eventId' | 'userId'>, seats: SeatCount[]): Promise<void> {
    return this.bookings.releaseSold(booking, seats);
  }

  /** When staff last resent the booking's tickets (from its audit trail), or null. */
  lastTicketsResentAt(bookingId: string): Promise<Date | null> {
    return this.timelines.lastTicketsResentAt(bookingId);
  }

  /**
   * Expires unpaid bookings whose hold has ended, in batches of `batchSize` per transaction,
   * until none is due or `maxBatches` ran; safe on any number of replicas at once.
   * Returns how many it expired.
   */
  async expireDue(batchSize = 100, maxBatches = 20): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const expired = await this.tx.run(() => this.bookings.expireDue(batchSize));
      total += expired;
      if (expired < batchSize) break;
    }
    return total;
  }
}
