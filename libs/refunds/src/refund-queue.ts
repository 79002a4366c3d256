import { Injectable } from '@nestjs/common';
import type { SeatCount } from '@app/bookings';
import { Payment, PaymentsService } from '@app/payments';
import { newId } from '@app/shared';
import type { Ticket } from '@app/tickets';
import { Refund, RefundKind, RefundStatus } from './refund.js';
import { RefundRepository } from './refund.repository.js';
import { RefundExceedsPaidError } from './refunds.errors.js';

/** The reason given on the refunds of a cancelled event. */
export const EVENT_CANCELLED_REASON = 'The event was cancelled.';

/** Seats per ticket type of these tickets, to give them back through `BookingsService`. */
export function seatsOf(tickets: Pick<Ticket, 'ticketTypeId'>[]): SeatCount[] {
  const perType = new Map<string, number>();
  for (const t of tickets) perType.set(t.ticketTypeId, (perType.get(t.ticketTypeId) ?? 0) + 1);
  return [...perType].map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity }));
}

/**
 * Queues refunds nobody has to approve (a payment that arrived too late, an event cancelled):
 * an `approved`, unclaimed refund that the processor sends to the provider within seconds.
 */
@Injectable()
export class RefundQueue {
  constructor(
    private readonly refunds: RefundRepository,
    private readonly payments: PaymentsService,
  ) {}

  /**
   * Reserves `amount` (minor units; default all of the payment not yet refunded or being refunded)
   * on the payment and queues its refund, in the caller's transaction. Null when nothing is left.
   * @throws RefundExceedsPaidError (409) when the reservation would exceed what was paid.
   */
  async queue(
    payment: Payment,
    kind: Exclude<RefundKind, 'request'>,
    reason: string,
    amount = payment.amount - payment.refundedAmount,
  ): Promise<Refund | null> {
    if (amount <= 0) return null;
    if (!(await this.payments.reserveRefund(payment.id, amount))) throw new RefundExceedsPaidError();
    return this.refunds.create({
      id: newId(),
      bookingId: payment.bookingId,
      paymentId: payment.id,
      userId: payment.userId,
      kind,
      amount,
      currency: payment.currency,
      reason,
      ticketIds: [],
      requestedBy: null,
      status: RefundStatus.Approved,
    });
  }
}
