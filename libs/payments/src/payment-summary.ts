import { PAID_STATUSES, Payment, PaymentStatus } from './payment.js';

/**
 * How a booking stands with its payments, as its owner sees it:
 * - `paid`, `partially_refunded`, `refunded`: money was received (a payment in {@link PAID_STATUSES});
 *   `refunded` once the refunded amount reaches the received amount, `partially_refunded` while
 *   some but not all of it is refunded (or being refunded);
 * - `free`: nothing received and nothing to pay (`totalAmount` 0);
 * - `awaiting_review`: nothing received, a manual payment's proof waits for staff;
 * - `unpaid`: anything else (no attempt yet, a pending checkout, failed attempts).
 */
export type BookingPaymentState = 'free' | 'unpaid' | 'awaiting_review' | 'paid' | 'partially_refunded' | 'refunded';

/** Every {@link BookingPaymentState}, in a stable order (the API's enum). */
export const BOOKING_PAYMENT_STATES: readonly BookingPaymentState[] = ['free', 'unpaid', 'awaiting_review', 'paid', 'partially_refunded', 'refunded'];

/** A booking's payments summed up; money in minor units of the booking's currency. */
export interface BookingPaymentSummary {
  state: BookingPaymentState;
  /** Received: the sum of `amount` over the payments in {@link PAID_STATUSES}. */
  paidAmount: number;
  /** Refunded or being refunded (reserved by refunds in flight): the sum of their `refundedAmount`. */
  refundedAmount: number;
}

/** A booking's payments, oldest first, with their {@link BookingPaymentSummary}. */
export interface BookingPayments {
  payments: Payment[];
  summary: BookingPaymentSummary;
}

/**
 * The one definition of a booking's payment state and sums: pure, from the booking's total
 * (minor units; 0 for a free booking) and its payment attempts in any order. Never throws.
 */
export function summarizeBookingPayments(
  totalAmount: number,
  payments: readonly Pick<Payment, 'status' | 'amount' | 'refundedAmount'>[],
): BookingPaymentSummary {
  const paid = payments.filter((p) => PAID_STATUSES.includes(p.status));
  const paidAmount = paid.reduce((n, p) => n + p.amount, 0);
  const refundedAmount = paid.reduce((n, p) => n + p.refundedAmount, 0);
  let state: BookingPaymentState;
  if (paid.length) state = refundedAmount >= paidAmount ? 'refunded' : refundedAmount > 0 ? 'partially_refunded' : 'paid';
  else if (totalAmount === 0) state = 'free';
  else state = payments.some((p) => p.status === PaymentStatus.AwaitingReview) ? 'awaiting_review' : 'unpaid';
  return { state, paidAmount, refundedAmount };
}
