import { Injectable } from '@nestjs/common';
import type { Payment } from './payment.js';
import type { PaymentProvider } from './payment-gateway.js';

/** Why a succeeded payment could not be applied to its booking. */
export type UnplaceableReason = 'seats_gone' | 'already_paid' | 'booking_cancelled';

/** Runs in the transaction that records the payment; throwing rolls it back. */
export type UnplaceablePaymentListener = (payment: Payment, reason: UnplaceableReason) => Promise<void>;

/**
 * What a provider said, of its own accord (a webhook), about a refund it settled: Paystack's
 * `refund.processed` and `refund.failed` events. Authentic (the webhook's signature was checked).
 */
export interface ProviderRefundReport {
  provider: PaymentProvider;
  /** Our reference of the refunded transaction. */
  transactionReference: string;
  /** The provider's refund id, when the event carries one. */
  providerRefundId: string | null;
  /** Refunded amount in integer minor units. */
  amount: number;
  status: 'processed' | 'failed';
  /** The provider's words, for staff (e.g. why it failed). */
  message?: string;
}

/** Runs in the webhook's transaction; throwing rolls it back (and the provider retries). */
export type ProviderRefundListener = (report: ProviderRefundReport) => Promise<void>;

/**
 * The seam between payments and refunds (the refunds module registers the listeners):
 * - a payment that succeeds when its booking can no longer take it (the hold expired and the
 *   seats were sold, the booking was cancelled, or another payment already confirmed it) is
 *   handed over to be refunded in full;
 * - a provider's report that a refund was processed or failed is handed over to settle it.
 */
@Injectable()
export class PaymentLifecycle {
  private readonly unplaceableListeners: UnplaceablePaymentListener[] = [];
  private readonly refundListeners: ProviderRefundListener[] = [];

  onUnplaceable(listener: UnplaceablePaymentListener): void {
    this.unplaceableListeners.push(listener);
  }

  onProviderRefund(listener: ProviderRefundListener): void {
    this.refundListeners.push(listener);
  }

  /** @throws Error when no listener is registered (money would be kept without a refund). */
  async unplaceable(payment: Payment, reason: UnplaceableReason): Promise<void> {
    if (this.unplaceableListeners.length === 0) throw new Error('No listener refunds unplaceable payments');
    for (const listener of this.unplaceableListeners) await listener(payment, reason);
  }

  /** @throws Error when no listener is registered (the report would be lost). */
  async providerRefund(report: ProviderRefundReport): Promise<void> {
    if (this.refundListeners.length === 0) throw new Error('No listener settles provider refunds');
    for (const listener of this.refundListeners) await listener(report);
  }
}
