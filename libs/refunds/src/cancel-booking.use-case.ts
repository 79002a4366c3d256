import { Injectable } from '@nestjs/common';
import { Booking, BookingNotFoundError, BookingsService, BookingStatus, InvalidBookingStateError, isPaidBooking } from '@app/bookings';
import { EventsService } from '@app/events';
import { PaymentsService } from '@app/payments';
import { Actor, AuditLog, EmailOutbox, hasRole, Role, TransactionRunner, ValidationFailedError } from '@app/shared';
import { Ticket, TicketsService, TicketStatus } from '@app/tickets';
import { UsersService } from '@app/users';
import { RefundQueue, seatsOf } from './refund-queue.js';

/** Longest cancellation reason, in characters. */
export const CANCEL_REASON_MAX_LENGTH = 500;

/**
 * `POST /bookings/{id}/cancel`. A `pending_payment` booking: its owner or an admin cancels it and
 * the hold is released ({@link BookingsService.cancel}). A `confirmed` or `partially_refunded` one:
 * an admin only, in one transaction, locking the booking row first (then the event, its ticket
 * types and the buyer's counter, as every seat change does): its valid tickets are cancelled
 * (checked-in ones stay: the person is inside), their seats released, everything paid and not yet
 * refunded or being refunded is queued as an `approved` refund of kind `booking_cancelled` (the
 * processor sends it through the payment's provider, as any refund), the buyer and the other
 * holders of voided tickets are e-mailed (`booking-cancelled`, outbox), and it is audited with the
 * reason. A check-in racing the cancellation either admits (the ticket then stays) or finds the
 * ticket cancelled: both are conditional updates on the ticket.
 *
 * @throws BookingNotFoundError (404), InvalidBookingStateError (409 `invalid_booking_state`: a
 *   customer cancelling a paid booking, or a booking already cancelled, expired or refunded)
 * @throws ValidationFailedError (400): no `reason` for a booking that was paid for
 */
@Injectable()
export class CancelBookingUseCase {
  constructor(
    private readonly bookingsService: BookingsService,
    private readonly tickets: TicketsService,
    private readonly payments: PaymentsService,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly refundQueue: RefundQueue,
    private readonly outbox: EmailOutbox,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async execute(actor: Actor, id: string, reason?: string): Promise<Booking> {
    const seen = await this.bookingsService.getToActOn(actor, id);
    if (seen.status === BookingStatus.PendingPayment || !hasRole(actor, Role.Admin)) return this.bookingsService.cancel(actor, id);
    const why = reason?.trim() || undefined;
    return this.tx.run(async () => {
      const booking = await this.bookingsService.lock(id);
      if (!booking) throw new BookingNotFoundError();
      if (booking.status === BookingStatus.PendingPayment) return this.bookingsService.cancel(actor, id);
      if (!isPaidBooking(booking.status)) throw new InvalidBookingStateError(booking.status, 'cancelled');
      if (booking.totalAmount > 0 && !why) throw new ValidationFailedError([{ field: 'reason', message: 'a reason is required to cancel a paid booking' }]);

      const voided = await this.tickets.cancelValidOfBooking(id);
      const cancelled = await this.bookingsService.cancelPaid(booking, seatsOf(voided));
      if (!cancelled) throw new InvalidBookingStateError(booking.status, 'cancelled');
      const payment = await this.payments.findPaidForBooking(id);
      const refund = payment ? await this.refundQueue.queue(payment, 'booking_cancelled', why ?? 'The organiser cancelled the booking.') : null;
      const kept = (await this.tickets.listByBooking(id)).filter((t) => t.status === TicketStatus.CheckedIn).length;
      await this.tell(booking, voided, why, refund?.amount, kept);
      await this.audit.record({
        action: 'booking.cancelled',
        actorId: actor.userId,
        entityType: 'booking',
        entityId: id,
        details: {
          userId: booking.userId,
          reason: why ?? null,
          ticketsCancelled: voided.length,
          ticketsKept: kept,
          refundId: refund?.id ?? null,
          refundAmount: refund?.amount ?? 0,
        },
      });
      return cancelled;
    });
  }

  /** The buyer (with the refund) and every other holder of a voided ticket (a transfer's recipient). */
  private async tell(booking: Booking, voided: Ticket[], reason: string | undefined, refundAmount: number | undefined, keptTickets: number): Promise<void> {
    const event = await this.events.find(booking.eventId);
    if (!event) return;
    const about = { eventTitle: event.title, startsAt: event.startsAt, timezone: event.timezone, bookingId: booking.id, ...(reason ? { reason } : {}) };
    const recipients = [booking.userId, ...new Set(voided.map((t) => t.userId).filter((u) => u !== booking.userId))];
    for (const userId of recipients) {
      const user = await this.users.find(userId);
      if (!user) continue;
      const isBuyer = userId === booking.userId;
      await this.outbox.enqueue({
        to: user.email,
        template: 'booking-cancelled',
        dedupeKey: `booking-cancelled:${booking.id}:${userId}`,
        data: {
          recipientName: user.name,
          ...about,
          keptTickets: isBuyer ? keptTickets : 0,
          ...(isBuyer && refundAmount ? { refundAmount, currency: booking.currency } : {}),
        },
      });
    }
  }
}
