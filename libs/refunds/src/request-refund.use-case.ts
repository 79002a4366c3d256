import { Injectable } from '@nestjs/common';
import { BookingNotFoundError, BookingsService, isPaidBooking } from '@app/bookings';
import { PaymentsService } from '@app/payments';
import { Actor, AuditLog, newId, TransactionRunner, ValidationFailedError } from '@app/shared';
import { TicketsService, TicketStatus } from '@app/tickets';
import { Refund, RefundStatus } from './refund.js';
import { RefundNotifier } from './refund-notifier.js';
import { RefundRepository } from './refund.repository.js';
import { NothingToRefundError, TicketNotRefundableError } from './refunds.errors.js';

export interface RequestRefundInput {
  bookingId: string;
  /** Default: every valid ticket of the booking not already in a refund. */
  ticketIds?: string[];
  reason: string;
}

/**
 * A refund request for a paid booking (its owner or an admin): for chosen tickets, or all its
 * valid ones the buyer still holds, never checked-in or transferred ones. The amount is what those seats cost (minor units). It waits
 * for an admin's decision (`pending`); the buyer is e-mailed.
 *
 * @throws BookingNotFoundError (404), ValidationFailedError (400: a ticket of another booking),
 *   NothingToRefundError (409: free, unpaid, cancelled or nothing left), TicketNotRefundableError (409)
 */
@Injectable()
export class RequestRefundUseCase {
  constructor(
    private readonly bookings: BookingsService,
    private readonly payments: PaymentsService,
    private readonly tickets: TicketsService,
    private readonly refunds: RefundRepository,
    private readonly notifier: RefundNotifier,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async execute(actor: Actor, input: RequestRefundInput): Promise<Refund> {
    await this.bookings.getToActOn(actor, input.bookingId);
    return this.tx.run(async () => {
      // Requests for one booking run one at a time: the second sees the tickets the first took.
      const booking = await this.bookings.lock(input.bookingId);
      if (!booking) throw new BookingNotFoundError();
      if (!isPaidBooking(booking.status)) {
        throw new NothingToRefundError(`the booking is ${booking.status}`);
      }
      const payment = await this.payments.findPaidForBooking(booking.id);
      if (!payment) throw new NothingToRefundError('the booking was not paid for');

      // The buyer's own tickets: one given away by transfer keeps the booking id but is no longer theirs to refund.
      const tickets = (await this.tickets.listByBooking(booking.id)).filter((t) => t.userId === booking.userId);
      const inRefunds = new Set(await this.refunds.ticketsInOpenRefunds(booking.id));
      const chosenIds = input.ticketIds
        ? [...new Set(input.ticketIds.map((id) => id.toLowerCase()))]
        : tickets.filter((t) => t.status === TicketStatus.Valid && !inRefunds.has(t.id)).map((t) => t.id);
      const byId = new Map(tickets.map((t) => [t.id, t]));
      const foreign = chosenIds.filter((id) => !byId.has(id));
      if (foreign.length)
        throw new ValidationFailedError([{ field: 'ticketIds', message: `not tickets the buyer holds in this booking: ${foreign.join(', ')}` }]);
      const unrefundable = chosenIds.filter((id) => byId.get(id)!.status !== TicketStatus.Valid || inRefunds.has(id));
      if (unrefundable.length) throw new TicketNotRefundableError(unrefundable, 'checked in, transferred, refunded or already in a refund');
      if (chosenIds.length === 0) throw new NothingToRefundError('no refundable tickets are left');

      const unitPrice = new Map(booking.items.map((i) => [i.ticketTypeId, i.unitPrice]));
      const amount = chosenIds.reduce((sum, id) => sum + (unitPrice.get(byId.get(id)!.ticketTypeId) ?? 0), 0);
      if (amount <= 0) throw new NothingToRefundError('these tickets were free');

      const refund = await this.refunds.create({
        id: newId(),
        bookingId: booking.id,
        paymentId: payment.id,
        userId: booking.userId,
        kind: 'request',
        amount,
        currency: payment.currency,
        reason: input.reason.trim(),
        ticketIds: chosenIds,
        requestedBy: actor.userId,
        status: RefundStatus.Pending,
      });
      if (actor.userId !== booking.userId) {
        await this.audit.record({
          action: 'refund.requested',
          actorId: actor.userId,
          entityType: 'refund',
          entityId: refund.id,
          details: { bookingId: booking.id, amount, ticketIds: chosenIds },
        });
      }
      await this.notifier.notify(refund, 'refund-requested');
      return refund;
    });
  }
}
