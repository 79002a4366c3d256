import { Injectable } from '@nestjs/common';
import { ConfirmBookingUseCase, BookingsService, BookingStatus } from '@app/bookings';
import { AuditLog, TransactionRunner } from '@app/shared';
import { Payment, PaymentReport, PaymentStatus } from './payment.js';
import { PaymentLifecycle } from './payment-lifecycle.js';
import { PaymentRepository } from './payment.repository.js';
import { PaymentNotFoundError } from './payments.errors.js';

/**
 * Applies what a provider (webhook, verify call) or a reviewer (approval) says about a payment,
 * exactly once, whichever arrives first or however often, in one transaction:
 * - `pending` and `abandoned` change nothing: Paystack reports a checkout the buyer has not
 *   finished as `abandoned`, and the buyer may still finish it.
 * - `failed` fails a `pending` payment.
 * - `success` for the payment's exact amount and currency: `pending | awaiting_review -> succeeded`,
 *   and from the provider also `failed -> succeeded` (the provider holds the money, whatever we
 *   concluded earlier); then the booking's confirmation with its tickets. A different amount or
 *   currency is never accepted as paid: it fails the payment (audited).
 * A payment whose booking's hold expired re-takes the seats if they are free; otherwise (seats
 * sold, booking cancelled, or already paid by another payment) it is handed to
 * {@link PaymentLifecycle} to be refunded in full.
 *
 * @returns the payment as it stands afterwards.
 * @throws PaymentNotFoundError (404) for an unknown reference.
 */
@Injectable()
export class ConfirmPaymentUseCase {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly bookings: BookingsService,
    private readonly confirmBooking: ConfirmBookingUseCase,
    private readonly lifecycle: PaymentLifecycle,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  apply(report: PaymentReport, reviewerId?: string): Promise<Payment> {
    return this.tx.run(async () => {
      const payment = await this.payments.findByReference(report.reference);
      if (!payment) throw new PaymentNotFoundError();
      if (report.status === 'pending' || report.status === 'abandoned') return payment;
      if (report.status === 'failed') {
        return (await this.payments.markFailed(payment.id, `The provider reported the payment ${report.status}.`, [PaymentStatus.Pending])) ?? payment;
      }
      if (report.amount !== payment.amount || report.currency !== payment.currency) {
        const failed = await this.payments.markFailed(
          payment.id,
          `Amount mismatch: the provider reported ${report.amount} ${report.currency}, the booking costs ${payment.amount} ${payment.currency}.`,
          [PaymentStatus.Pending, PaymentStatus.AwaitingReview],
        );
        if (!failed) return payment;
        await this.audit.record({
          action: 'payment.amount_mismatch',
          actorId: reviewerId ?? null,
          entityType: 'payment',
          entityId: payment.id,
          details: {
            source: report.source,
            reported: { amount: report.amount, currency: report.currency },
            expected: { amount: payment.amount, currency: payment.currency },
          },
        });
        return failed;
      }

      const from =
        report.source === 'approval'
          ? [PaymentStatus.Pending, PaymentStatus.AwaitingReview]
          : [PaymentStatus.Pending, PaymentStatus.AwaitingReview, PaymentStatus.Failed];
      const succeeded = await this.payments.markSucceeded(payment.id, { ...report, reviewedBy: reviewerId }, from);
      if (!succeeded) return (await this.payments.findById(payment.id)) ?? payment; // already applied: a replay
      await this.audit.record({
        action: 'payment.succeeded',
        actorId: reviewerId ?? null,
        entityType: 'payment',
        entityId: payment.id,
        details: { source: report.source, bookingId: payment.bookingId, amount: payment.amount, currency: payment.currency },
      });

      if (await this.confirmBooking.execute(payment.bookingId)) return succeeded;
      const booking = await this.bookings.find(payment.bookingId);
      if (booking?.status === BookingStatus.Expired && (await this.confirmBooking.retake(payment.bookingId))) {
        await this.audit.record({
          action: 'booking.retaken_after_expiry',
          entityType: 'booking',
          entityId: payment.bookingId,
          details: { paymentId: payment.id },
        });
        return succeeded;
      }
      const reason =
        booking?.status === BookingStatus.Expired ? 'seats_gone' : booking?.status === BookingStatus.Cancelled ? 'booking_cancelled' : 'already_paid';
      await this.lifecycle.unplaceable(succeeded, reason);
      return (await this.payments.findById(payment.id)) ?? succeeded;
    });
  }
}
