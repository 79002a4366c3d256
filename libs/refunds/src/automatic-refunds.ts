import { Injectable, OnModuleInit } from '@nestjs/common';
import { Payment, PaymentLifecycle, UnplaceableReason } from '@app/payments';
import { AuditLog } from '@app/shared';
import { RefundQueue } from './refund-queue.js';

const REASONS: Record<UnplaceableReason, string> = {
  seats_gone: 'The payment arrived after the hold expired and the seats were sold.',
  booking_cancelled: 'The payment arrived after the booking was cancelled.',
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
    private readonly queue: RefundQueue,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onUnplaceable((payment, reason) => this.refundInFull(payment, reason));
  }

  /** @throws RefundExceedsPaidError (409) when the payment cannot give back what is left (never expected). */
  async refundInFull(payment: Payment, reason: UnplaceableReason): Promise<void> {
    const refund = await this.queue.queue(payment, 'automatic', REASONS[reason]);
    if (refund)
      await this.audit.record({
        action: 'refund.automatic',
        entityType: 'refund',
        entityId: refund.id,
        details: { paymentId: payment.id, reason, amount: refund.amount },
      });
  }
}
