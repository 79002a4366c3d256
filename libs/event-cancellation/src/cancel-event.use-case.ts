import { Injectable } from '@nestjs/common';
import { Booking, BookingsService, BookingStatus } from '@app/bookings';
import { EventsService } from '@app/events';
import { PaymentsService } from '@app/payments';
import { EVENT_CANCELLED_REASON, RefundQueue, seatsOf } from '@app/refunds';
import { Actor, AuditLog, EmailOutbox, TransactionRunner } from '@app/shared';
import { Ticket, TicketsService } from '@app/tickets';
import { TransfersService } from '@app/transfers';
import { UsersService } from '@app/users';

/**
 * Cancels an event (`published -> cancelled`; a draft is deleted instead) and then handles every booking of it,
 * one transaction per booking: a pending booking is cancelled (its hold released); a paid one is
 * cancelled with its tickets and refunded in full (an `approved` refund the processor sends to
 * the provider); a free one is cancelled with its tickets; every buyer is e-mailed, and so is every
 * other holder of a cancelled ticket (a transfer's recipient). Pending
 * transfer offers of the event are withdrawn (`cancelled`) with the status change. The booking
 * pass is a resumable job: it claims the next unhandled booking of a cancelled event with
 * `FOR UPDATE SKIP LOCKED`, so if it stops half-way, running it again (on any replica) picks up
 * where it left and handles each booking once.
 *
 * Each change goes through the lib that owns it (events, transfers, bookings, tickets, refunds),
 * whose services join this use case's transactions.
 */
@Injectable()
export class CancelEventUseCase {
  constructor(
    private readonly events: EventsService,
    private readonly bookings: BookingsService,
    private readonly tickets: TicketsService,
    private readonly payments: PaymentsService,
    private readonly refundQueue: RefundQueue,
    private readonly transfers: TransfersService,
    private readonly users: UsersService,
    private readonly outbox: EmailOutbox,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Cancels the event, then handles up to `batch` of its bookings right away (the job finishes the rest).
   * @throws EventNotFoundError (404), InvalidEventStateError (409: a draft, or already cancelled or completed)
   */
  async execute(actor: Actor, eventId: string, batch = 100): Promise<{ handled: number }> {
    await this.tx.run(async () => {
      await this.events.markCancelled(eventId);
      // In this transaction: an accept in flight holds the event row FOR SHARE, so it committed before
      // the status change above and its new ticket is cancelled by the booking pass; no offer can follow.
      const transfersCancelled = await this.transfers.cancelPendingForEvent(eventId);
      await this.audit.record({ action: 'event.cancelled', actorId: actor.userId, entityType: 'event', entityId: eventId, details: { transfersCancelled } });
    });
    return { handled: await this.handleBookings(batch, eventId) };
  }

  /** Handles up to `limit` bookings of cancelled events (of one, or all); returns how many. */
  async handleBookings(limit = 100, eventId?: string): Promise<number> {
    let handled = 0;
    while (handled < limit) {
      const done = await this.tx.run(async () => {
        const booking = await this.bookings.claimOfCancelledEvent(eventId);
        if (!booking) return false;
        await this.handle(booking);
        return true;
      });
      if (!done) break;
      handled++;
    }
    return handled;
  }

  private async handle(booking: Booking): Promise<void> {
    if (booking.status === BookingStatus.PendingPayment) {
      await this.bookings.releaseHold(booking.id);
      await this.tell(booking, [], undefined);
      return;
    }
    const cancelled = await this.tickets.cancelValidOfBooking(booking.id);
    // The booking is cancelled and the seats of the cancelled tickets given back, so the counters keep matching the rows.
    await this.bookings.cancelPaid(booking, seatsOf(cancelled));
    // What is not already refunded or being refunded (a refund in flight settles by itself).
    const payment = await this.payments.findPaidForBooking(booking.id);
    const refund = payment ? await this.refundQueue.queue(payment, 'event_cancelled', EVENT_CANCELLED_REASON) : null;
    await this.tell(booking, cancelled, refund?.amount);
  }

  /**
   * E-mails the buyer (with the refund, if any) and the holders of the booking's cancelled tickets
   * who are not the buyer (they accepted a transfer): their tickets are void, and the refund goes
   * to the buyer who paid.
   */
  private async tell(booking: Booking, cancelled: Ticket[], refundAmount: number | undefined): Promise<void> {
    const event = await this.events.find(booking.eventId);
    if (!event) return;
    const about = { eventTitle: event.title, startsAt: event.startsAt, timezone: event.timezone };
    const buyer = await this.users.find(booking.userId);
    if (buyer) {
      await this.outbox.enqueue({
        to: buyer.email,
        template: 'event-cancelled',
        dedupeKey: `event-cancelled:${booking.id}`,
        data: { recipientName: buyer.name, ...about, refundAmount, currency: refundAmount ? booking.currency : undefined },
      });
    }
    const holderIds = [...new Set(cancelled.map((t) => t.userId))].filter((id) => id !== booking.userId);
    for (const holderId of holderIds) {
      const holder = await this.users.find(holderId);
      if (!holder) continue;
      await this.outbox.enqueue({
        to: holder.email,
        template: 'event-cancelled',
        dedupeKey: `event-cancelled:${booking.id}:${holderId}`,
        data: { recipientName: holder.name, ...about },
      });
    }
  }
}
