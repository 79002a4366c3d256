import { PaymentStatus } from './payment.js';
import { summarizeBookingPayments } from './payment-summary.js';

const p = (status: PaymentStatus, amount: number, refundedAmount = 0) => ({ status, amount, refundedAmount });

describe('summarizeBookingPayments', () => {
  it('is free with nothing to pay and nothing received, unpaid with something to pay', () => {
    expect(summarizeBookingPayments(0, [])).toEqual({ state: 'free', paidAmount: 0, refundedAmount: 0 });
    expect(summarizeBookingPayments(5000, [])).toEqual({ state: 'unpaid', paidAmount: 0, refundedAmount: 0 });
    expect(summarizeBookingPayments(5000, [p(PaymentStatus.Pending, 5000), p(PaymentStatus.Failed, 5000)])).toEqual({
      state: 'unpaid',
      paidAmount: 0,
      refundedAmount: 0,
    });
  });

  it('awaits review while a manual proof waits and nothing is received', () => {
    expect(summarizeBookingPayments(5000, [p(PaymentStatus.Failed, 5000), p(PaymentStatus.AwaitingReview, 5000)]).state).toBe('awaiting_review');
    // A received payment outranks a proof still waiting.
    expect(summarizeBookingPayments(5000, [p(PaymentStatus.AwaitingReview, 5000), p(PaymentStatus.Succeeded, 5000)]).state).toBe('paid');
  });

  it('sums received money over the paid statuses only, and the refunded part of it', () => {
    const payments = [
      p(PaymentStatus.Failed, 9999, 0),
      p(PaymentStatus.Succeeded, 3000),
      p(PaymentStatus.PartiallyRefunded, 2000, 500),
      p(PaymentStatus.Pending, 7777),
    ];
    expect(summarizeBookingPayments(5000, payments)).toEqual({ state: 'partially_refunded', paidAmount: 5000, refundedAmount: 500 });
  });

  it('is refunded once the refunded amount reaches what was received', () => {
    expect(summarizeBookingPayments(5000, [p(PaymentStatus.Refunded, 5000, 5000)])).toEqual({ state: 'refunded', paidAmount: 5000, refundedAmount: 5000 });
    expect(summarizeBookingPayments(5000, [p(PaymentStatus.PartiallyRefunded, 5000, 4999)]).state).toBe('partially_refunded');
    // A refund reserved in flight counts already (the payment is still `succeeded`).
    expect(summarizeBookingPayments(5000, [p(PaymentStatus.Succeeded, 5000, 5000)]).state).toBe('refunded');
  });
});
