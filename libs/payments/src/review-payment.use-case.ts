import { Injectable } from '@nestjs/common';
import { BookingsService } from '@app/bookings';
import { EventsService } from '@app/events';
import { SettingsService } from '@app/settings';
import { Actor, AuditLog, EmailOutbox, TransactionRunner } from '@app/shared';
import { UsersService } from '@app/users';
import { ConfirmPaymentUseCase } from './confirm-payment.use-case.js';
import { Payment, PaymentStatus } from './payment.js';
import { PaymentRepository } from './payment.repository.js';
import { InvalidPaymentStateError, PaymentNotFoundError } from './payments.errors.js';

const REVIEWABLE = [PaymentStatus.Pending, PaymentStatus.AwaitingReview];

/**
 * Staff review of manual payments (bank transfer, mobile money): approving confirms the booking
 * and issues its tickets (the confirmation e-mail follows); rejecting fails the payment and tells
 * the buyer why (with the organisation's manual-payment instructions, to pay again), and the booking
 * stays payable until its hold ends. Each decision is audited.
 */
@Injectable()
export class ReviewPaymentUseCase {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly confirm: ConfirmPaymentUseCase,
    private readonly bookings: BookingsService,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly outbox: EmailOutbox,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly settings: SettingsService,
  ) {}

  /** @throws PaymentNotFoundError (404), InvalidPaymentStateError (409: not manual, or not pending review) */
  approve(actor: Actor, paymentId: string): Promise<Payment> {
    return this.tx.run(async () => {
      const payment = await this.reviewable(paymentId, 'approved');
      const result = await this.confirm.apply(
        { reference: payment.reference, status: 'success', amount: payment.amount, currency: payment.currency, source: 'approval' },
        actor.userId,
      );
      if (result.status === payment.status) throw new InvalidPaymentStateError(result.status, 'approved');
      await this.audit.record({
        action: 'payment.approved',
        actorId: actor.userId,
        entityType: 'payment',
        entityId: paymentId,
        details: { bookingId: payment.bookingId },
      });
      return result;
    });
  }

  /** @throws PaymentNotFoundError (404), InvalidPaymentStateError (409) */
  reject(actor: Actor, paymentId: string, reason: string): Promise<Payment> {
    return this.tx.run(async () => {
      const payment = await this.reviewable(paymentId, 'rejected');
      const failed = await this.payments.markFailed(paymentId, reason, REVIEWABLE, actor.userId);
      if (!failed) throw new InvalidPaymentStateError((await this.payments.findById(paymentId))?.status ?? payment.status, 'rejected');
      await this.audit.record({
        action: 'payment.rejected',
        actorId: actor.userId,
        entityType: 'payment',
        entityId: paymentId,
        details: { bookingId: payment.bookingId, reason },
      });
      const booking = await this.bookings.find(payment.bookingId);
      const buyer = await this.users.get(payment.userId);
      const event = booking ? await this.events.find(booking.eventId) : null;
      const { manualPaymentInstructions } = await this.settings.get();
      await this.outbox.enqueue({
        to: buyer.email,
        template: 'payment-rejected',
        data: {
          recipientName: buyer.name,
          bookingId: payment.bookingId,
          eventTitle: event?.title ?? '',
          reason,
          payableUntil: booking?.expiresAt ?? new Date(),
          paymentInstructions: manualPaymentInstructions || undefined,
        },
        dedupeKey: `payment-rejected:${paymentId}`,
      });
      return failed;
    });
  }

  private async reviewable(paymentId: string, action: string): Promise<Payment> {
    const payment = await this.payments.findById(paymentId);
    if (!payment) throw new PaymentNotFoundError();
    if (payment.provider !== 'manual') throw new InvalidPaymentStateError(`${payment.provider}`, `${action} by staff (only manual payments are reviewed)`);
    if (!REVIEWABLE.includes(payment.status)) throw new InvalidPaymentStateError(payment.status, action);
    return payment;
  }
}
