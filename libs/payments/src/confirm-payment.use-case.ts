import { Injectable } from '@nestjs/common';
import { ConfirmBookingUseCase, BookingRepository, BookingStatus } from '@app/bookings';
import { AuditLog, TransactionRunner } from '@app/shared';
import { Payment, PaymentReport, PaymentStatus } from './payment.js';
import { PaymentLifecycle } from './payment-lifecycle.js';
import { PaymentRepository } from './payment.repository.js';
import { PaymentNotFoundError } from './payments.errors.js';

/**
 * Applies what a provider (webhook, verify call) or a reviewer (approval) says about a payment,
 * exactly once, whichever arrives first or however often: in one transaction, a conditional
 * `pending | awaiting_review -> succeeded` (only when the reported amount and currency equal the
 * payment's: a mismatch is never accepted as paid, it fails the payment), then the booking's
 * confirmation with its tickets. A payment whose booking's hold already ended re-takes the seats
 * if they are free; otherwise (or when another payment already confirmed the booking) it is handed
 * to {@link PaymentLifecycle} to be refunded in full.
 *
 * @returns the payment as it stands afterwards.
 * @throws PaymentNotFoundError (404) for an unknown reference.
 */
@Injectable()
export class ConfirmPaymentUseCase {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly bookings: BookingRepository,
    private readonly confirmBooking: ConfirmBookingUseCase,
    private readonly lifecycle: PaymentLifecycle,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  apply(report: PaymentReport, reviewerId?: string): Promise<Payment> {
    return this.tx.run(async () => {
      const payment = await this.payments.findByReference(report.reference);
      if (!payment) throw new PaymentNotFoundError();
      if (report.status === 'pending') return payment;
      if (report.status !== 'success') {
        return (await this.payments.markFailed(payment.id, `The provider reported the payment ${report.status}.`, [PaymentStatus.Pending])) ?? payment;
      }
      if (report.amount !== payment.amount || report.currency !== payment.currency) {
        const failed = await this.payments.markFailed(
          payment.id,
          `Amount mismatch: the provider reported ${report.amount} ${report.currency}, the booking costs ${payment.amount} ${payment.currency}.`,
          [PaymentStatus.Pending, PaymentStatus.AwaitingReview],
        );
        await this.audit.record({
          action: 'payment.amount_mismatch',
          actorId: reviewerId ?? null,
          entityType: 'payment',
          entityId: payment.id,
          details: { source: report.source, reported: { amount: report.amount, currency: report.currency }, expected: { amount: payment.amount, currency: payment.currency } },
        });
        return failed ?? payment;
      }

      const succeeded = await this.payments.markSucceeded(payment.id, { ...report, reviewedBy: reviewerId });
      if (!succeeded) return (await this.payments.findById(payment.id)) ?? payment; // already applied: a replay
      await this.audit.record({
        action: 'payment.succeeded',
        actorId: reviewerId ?? null,
        entityType: 'payment',
        entityId: payment.id,
        details: { source: report.source, bookingId: payment.bookingId, amount: payment.amount, currency: payment.currency },
      });

      if (await this.confirmBooking.execute(payment.bookingId)) return succeeded;
      const booking = await this.bookings.findById(payment.bookingId);
      if (booking?.status !== BookingStatus.Confirmed && (await this.confirmBooking.retake(payment.bookingId))) {
        await this.audit.record({ action: 'booking.retaken_after_expiry', entityType: 'booking', entityId: payment.bookingId, details: { paymentId: payment.id } });
        return succeeded;
      }
      await this.lifecycle.unplaceable(succeeded, booking?.status === BookingStatus.Confirmed ? 'already_paid' : 'seats_gone');
      return (await this.payments.findById(payment.id)) ?? succeeded;
    });
  }
}
