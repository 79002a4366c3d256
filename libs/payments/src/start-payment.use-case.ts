import { Injectable } from '@nestjs/common';
import { BookingsService, BookingStatus } from '@app/bookings';
import { Actor, AuditLog, newId, TransactionRunner } from '@app/shared';
import { UsersService } from '@app/users';
import { newPaymentReference, Payment, PaymentStatus } from './payment.js';
import { PaymentGateways, PaymentProvider } from './payment-gateway.js';
import { PaymentRepository } from './payment.repository.js';
import { BookingNotPayableError, PaymentProviderDisabledError } from './payments.errors.js';

/**
 * Starts paying a booking: a `pending` payment with a unique reference for the booking's total
 * (minor units), and for Paystack the checkout (`POST /transaction/initialize`) whose
 * `authorizationUrl` the buyer visits. The payment row is written before the provider hears of
 * the reference, so every reference a provider knows is ours. Starting again while that checkout
 * is open (pending, same total) answers the same payment and URL: no second provider transaction
 * (two starts at the very same moment may still open two; either one confirms the booking, and a
 * second success is refunded as a duplicate). An admin paying another user's
 * booking is audited (`payment.started_for_user`), as every staff change is.
 *
 * @throws BookingNotFoundError (404) when the booking is not the actor's (admins pay any)
 * @throws BookingNotPayableError (409) unless the booking is `pending_payment` with its hold running
 * @throws PaymentProviderDisabledError (422), PaymentProviderUnavailableError (503), PaymentProviderError (422)
 */
@Injectable()
export class StartPaymentUseCase {
  constructor(
    private readonly bookings: BookingsService,
    private readonly users: UsersService,
    private readonly payments: PaymentRepository,
    private readonly gateways: PaymentGateways,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async execute(actor: Actor, bookingId: string, provider: PaymentProvider): Promise<Payment> {
    const booking = await this.bookings.getToActOn(actor, bookingId);
    if (booking.status !== BookingStatus.PendingPayment) throw new BookingNotPayableError(`it is ${booking.status}`);
    if (booking.expiresAt.getTime() <= Date.now()) throw new BookingNotPayableError('its hold has ended');
    if (booking.totalAmount === 0) throw new BookingNotPayableError('it is free');
    if (!this.gateways.enabledProviders().includes(provider)) throw new PaymentProviderDisabledError(provider);
    if (provider !== 'manual') {
      const open = await this.openCheckout(booking.id, provider, booking.totalAmount, booking.currency);
      if (open) return open;
    }

    const payment = await this.tx.run(async () => {
      const created = await this.payments.create({
        id: newId(),
        bookingId: booking.id,
        userId: booking.userId,
        provider,
        reference: newPaymentReference(),
        amount: booking.totalAmount,
        currency: booking.currency,
      });
      if (actor.userId !== booking.userId) {
        await this.audit.record({
          action: 'payment.started_for_user',
          actorId: actor.userId,
          entityType: 'payment',
          entityId: created.id,
          details: { bookingId: booking.id, userId: booking.userId, provider, amount: created.amount },
        });
      }
      return created;
    });
    if (provider === 'manual') return payment;

    const buyer = await this.users.get(booking.userId);
    const checkout = await this.gateways.get(provider).initialize({
      reference: payment.reference,
      amount: payment.amount,
      currency: payment.currency,
      email: buyer.email,
      metadata: { bookingId: booking.id, paymentId: payment.id },
    });
    await this.payments.setAuthorization(payment.id, checkout.authorizationUrl);
    return { ...payment, authorizationUrl: checkout.authorizationUrl };
  }

  /**
   * The booking's newest checkout with this provider that the buyer can still complete: pending,
   * for the booking's current total, with its authorization URL. Paying again answers it rather
   * than opening another provider transaction for the same seats.
   */
  private async openCheckout(bookingId: string, provider: PaymentProvider, amount: number, currency: string): Promise<Payment | null> {
    const payments = await this.payments.listForBookings([bookingId]);
    const open = payments.filter(
      (p) => p.provider === provider && p.status === PaymentStatus.Pending && p.amount === amount && p.currency === currency && p.authorizationUrl,
    );
    return open.at(-1) ?? null;
  }
}
