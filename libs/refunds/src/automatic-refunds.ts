import { Injectable, OnModuleInit } from '@nestjs/common';
import { Payment, PaymentLifecycle, PaymentRepository, UnplaceableReason } from '@app/payments';
import { AuditLog, newId } from '@app/shared';
import { RefundStatus } from './refund.js';
import { RefundRepository } from './refund.repository.js';
import { RefundExceedsPaidError } from './refunds.errors.js';

const REASONS: Record<UnplaceableReason, string> = {
  seats_gone: 'The payment arrived after the hold expired and the seats were sold.',
  already_paid: 'The booking was already paid by another payment.',
};

/**
 * Refunds in full a payment its booking can no longer take (a {@link PaymentLifecycle}
 * listener): in the payment's transaction it queues an `approved` refund with the amount
 * reserved; the refund processor sends it to the provider within seconds and the buyer is told.
 */
@Injectable()
export class AutomaticRefunds implements OnModuleInit {
  constructor(
    private readonly lifecycle: PaymentLifecycle,
    private readonly refunds: RefundRepository,
    private readonly payments: PaymentRepository,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onUnplaceable((payment, reason) => this.refundInFull(payment, reason));
  }

  async refundInFull(payment: Payment, reason: UnplaceableReason): Promise<void> {
    const amount = payment.amount - payment.refundedAmount;
    if (amount <= 0) return;
    if (!(await this.payments.reserveRefund(payment.id, amount))) throw new RefundExceedsPaidError();
    const refund = await this.refunds.create({
      id: newId(),
      bookingId: payment.bookingId,
      paymentId: payment.id,
      userId: payment.userId,
      kind: 'automatic',
      amount,
      currency: payment.currency,
      reason: REASONS[reason],
      ticketIds: [],
      requestedBy: null,
      status: RefundStatus.Approved,
    });
    await this.audit.record({ action: 'refund.automatic', entityType: 'refund', entityId: refund.id, details: { paymentId: payment.id, reason, amount } });
  }
}
