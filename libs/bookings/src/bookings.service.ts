import { Injectable } from '@nestjs/common';
import { Actor, AuditLog, canReadAll, hasRole, Page, PageRequest, Role, TransactionRunner } from '@app/shared';
import { Booking, BookingStatus } from './booking.js';
import { BookingFilter, BookingRepository } from './booking.repository.js';
import { BookingTimelineReader, TimelineEntry } from './booking-timeline.js';
import { BookingNotFoundError, InvalidBookingStateError } from './bookings.errors.js';

/** Reading, cancelling and expiring bookings. A customer sees only their own (others are 404). */
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
    return this.tx.run(
      async () => {
        const booking = await this.getToActOn(actor, id);
        const isAdmin = hasRole(actor, Role.Admin);
        const cancelled = await this.bookings.release(id, BookingStatus.Cancelled);
        if (!cancelled) {
          const current = await this.bookings.findById(id);
          throw new InvalidBookingStateError(current?.status ?? booking.status, 'cancelled');
        }
        if (isAdmin && booking.userId !== actor.userId) {
          await this.audit.record({ action: 'booking.cancelled', actorId: actor.userId, entityType: 'booking', entityId: id, details: { userId: booking.userId } });
        }
        return cancelled;
      },
    );
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
