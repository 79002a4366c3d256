import { Injectable } from '@nestjs/common';
import type { Payment } from './payment.js';

/** Why a succeeded payment could not be applied to its booking. */
export type UnplaceableReason = 'seats_gone' | 'already_paid';

/** Runs in the transaction that records the payment; throwing rolls it back. */
export type UnplaceablePaymentListener = (payment: Payment, reason: UnplaceableReason) => Promise<void>;

/**
 * The seam between payments and refunds: a payment that succeeds when its booking can no longer
 * take it (the hold expired and the seats were sold, or another payment already confirmed it) is
 * handed to the listeners, which refund it in full (the refunds module registers one).
 */
@Injectable()
export class PaymentLifecycle {
  private readonly listeners: UnplaceablePaymentListener[] = [];

  onUnplaceable(listener: UnplaceablePaymentListener): void {
    this.listeners.push(listener);
  }

  async unplaceable(payment: Payment, reason: UnplaceableReason): Promise<void> {
    if (this.listeners.length === 0) throw new Error('No listener refunds unplaceable payments');
    for (const listener of this.listeners) await listener(payment, reason);
  }
}
