import { randomBytes } from 'node:crypto';
import type { PaymentProvider } from './payment-gateway.js';

/**
 * `pending -> awaiting_review (manual) -> succeeded | failed`; `succeeded -> partially_refunded ->
 * refunded`. Every transition is one conditional statement on the current status.
 */
export enum PaymentStatus {
  Pending = 'pending',
  AwaitingReview = 'awaiting_review',
  Succeeded = 'succeeded',
  Failed = 'failed',
  PartiallyRefunded = 'partially_refunded',
  Refunded = 'refunded',
}

/**
 * How a payment taken in person at the box office was paid: `cash` or `card_terminal` (the
 * venue's own card reader). Such payments are `manual` (refunded by hand through the manual
 * provider) and recorded `succeeded` by the staff member who took the money.
 */
export type InPersonPaymentMethod = 'cash' | 'card_terminal';

/** Every {@link InPersonPaymentMethod}, in a stable order. */
export const IN_PERSON_PAYMENT_METHODS: readonly InPersonPaymentMethod[] = ['cash', 'card_terminal'];

/** A proof of a manual payment (a receipt image or PDF), kept in file storage. */
export interface PaymentProof {
  key: string;
  contentType: string;
  /** Bytes. */
  size: number;
  uploadedAt: Date;
}

/** One attempt to pay a booking. Money in minor units; `refundedAmount <= amount` (a CHECK constraint). */
export interface Payment {
  id: string;
  bookingId: string;
  userId: string;
  provider: PaymentProvider;
  /** Our unique reference, sent to the provider (`PAY-...`). */
  reference: string;
  /** Set on a payment taken in person at the box office (provider `manual`); null otherwise. */
  method: InPersonPaymentMethod | null;
  amount: number;
  currency: string;
  status: PaymentStatus;
  /** Refunded or being refunded (reserved by refunds in flight), minor units. */
  refundedAmount: number;
  /** Where the buyer pays (Paystack checkout); null for manual payments. */
  authorizationUrl: string | null;
  providerTransactionId: string | null;
  paidAt: Date | null;
  failureReason: string | null;
  proof: PaymentProof | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a provider (webhook or verify call) or a reviewer says about a payment. */
export interface PaymentReport {
  reference: string;
  status: 'success' | 'failed' | 'abandoned' | 'pending';
  /** Minor units as the provider reports them. */
  amount: number;
  currency: string;
  providerTransactionId?: string;
  paidAt?: Date;
  /** Where the report came from, for the audit trail. */
  source: 'webhook' | 'verify' | 'approval';
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32

/** A new payment reference: `PAY-` and 20 random Crockford base32 characters (100 bits). */
export function newPaymentReference(): string {
  const bytes = randomBytes(20);
  let code = '';
  for (const b of bytes) code += ALPHABET[b % 32];
  return `PAY-${code}`;
}

/** Statuses in which a payment still counts as money received (the stats' SQL binds this list too). */
export const PAID_STATUSES: readonly PaymentStatus[] = [PaymentStatus.Succeeded, PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded];

/**
 * Statuses of a payment that may still be refunded (a refund reserved against it, or settled
 * on it): money received and not all of it returned. Bound by the payment adapter's SQL.
 */
export const REFUNDABLE_PAYMENT_STATUSES: readonly PaymentStatus[] = [PaymentStatus.Succeeded, PaymentStatus.PartiallyRefunded];
