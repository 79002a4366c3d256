import type { Page, PageRequest } from '@app/shared';
import type { InPersonPaymentMethod, Payment, PaymentProof, PaymentStatus } from './payment.js';
import type { PaymentProvider } from './payment-gateway.js';

export type NewPayment = Pick<Payment, 'id' | 'bookingId' | 'userId' | 'provider' | 'reference' | 'amount' | 'currency'>;

/** Filters of the staff payment list. */
export interface PaymentFilter {
  status?: PaymentStatus;
  provider?: PaymentProvider;
  eventId?: string;
}

/** Port: payments. Every status change is one conditional statement; all join the current transaction. */
export abstract class PaymentRepository {
  abstract create(payment: NewPayment): Promise<Payment>;
  /**
   * A payment taken in person (box office): inserted `succeeded` (provider `manual`, `paid_at` and
   * `reviewed_at` now, `reviewed_by` the staff member) with its method, in one statement.
   */
  abstract recordInPerson(payment: Omit<NewPayment, 'provider'> & { method: InPersonPaymentMethod; takenBy: string }): Promise<Payment>;
  abstract findById(id: string): Promise<Payment | null>;
  abstract findByReference(reference: string): Promise<Payment | null>;
  /** Every payment of these bookings, oldest first (one query). */
  abstract listForBookings(bookingIds: string[]): Promise<Payment[]>;
  /** Newest first. */
  abstract list(filter: PaymentFilter, page: PageRequest): Promise<Page<Payment>>;
  abstract setAuthorization(id: string, authorizationUrl: string | null): Promise<void>;
  /**
   * `from -> succeeded` only if the reported amount and currency equal the payment's; null when it
   * was in none of `from` or the amounts differ.
   */
  abstract markSucceeded(
    id: string,
    report: { amount: number; currency: string; providerTransactionId?: string; paidAt?: Date; reviewedBy?: string },
    from: PaymentStatus[],
  ): Promise<Payment | null>;
  /** `from -> failed` with a reason; null when the payment was in none of `from`. */
  abstract markFailed(id: string, reason: string, from: PaymentStatus[], reviewedBy?: string): Promise<Payment | null>;
  /**
   * Reserves `amount` of a paid payment for a refund: `refunded_amount + amount <= amount paid`
   * in one conditional statement (a CHECK constraint behind it). False when it would exceed.
   */
  abstract reserveRefund(id: string, amount: number): Promise<boolean>;
  /** Gives back a reservation whose refund failed. */
  abstract releaseRefund(id: string, amount: number): Promise<void>;
  /**
   * `succeeded | partially_refunded -> partially_refunded | refunded` from the sum of the payment's
   * completed refunds (`refundedAmount` also counts refunds in flight, which may still fail).
   */
  abstract settleRefunded(id: string): Promise<Payment | null>;
  /** The payment that paid the booking (succeeded or partly refunded), if any. */
  abstract findPaidForBooking(bookingId: string): Promise<Payment | null>;
  /**
   * Manual payments: `pending | awaiting_review -> awaiting_review` with the proof, returning the
   * proof it replaced (read in the same statement, so two uploads at once each get their own
   * predecessor); null when the state does not allow it.
   */
  abstract attachProof(id: string, proof: PaymentProof): Promise<{ payment: Payment; replaced: PaymentProof | null } | null>;
}

/**
 * Port: provider webhooks already received, unique by provider and event key (a hash of the
 * signed body), so a replayed webhook is a no-op.
 */
export abstract class WebhookInbox {
  /** Records the event; false when it was already recorded (a replay). */
  abstract record(provider: PaymentProvider, eventKey: string, event: string, reference: string | null, payload: unknown): Promise<boolean>;
}
