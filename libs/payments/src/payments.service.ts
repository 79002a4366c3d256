import { Injectable, Logger } from '@nestjs/common';
import { Actor, canReadAll, DomainError, FileContent, FileStorage, hasRole, Page, PageRequest, Role, TransactionRunner } from '@app/shared';
import { ConfirmPaymentUseCase } from './confirm-payment.use-case.js';
import { Payment, PaymentStatus } from './payment.js';
import { PaymentGateways } from './payment-gateway.js';
import { PaymentLifecycle } from './payment-lifecycle.js';
import { BookingPayments, summarizeBookingPayments } from './payment-summary.js';
import { PaymentFilter, PaymentRepository, WebhookInbox } from './payment.repository.js';
import { InvalidPaymentStateError, PaymentNotFoundError } from './payments.errors.js';

/**
 * Reading payments, proofs of manual payments, verify calls and provider webhooks. The payment
 * rows are this lib's: refunds read them and move their refunded amounts only through the methods
 * below, each one statement joining the caller's transaction.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly payments: PaymentRepository,
    private readonly gateways: PaymentGateways,
    private readonly confirm: ConfirmPaymentUseCase,
    private readonly lifecycle: PaymentLifecycle,
    private readonly inbox: WebhookInbox,
    private readonly files: FileStorage,
    private readonly tx: TransactionRunner,
  ) {}

  /** @throws PaymentNotFoundError (404) unless the actor owns it or is staff (admin, viewer). */
  async get(actor: Actor, id: string): Promise<Payment> {
    const payment = await this.payments.findById(id);
    if (!payment || !(payment.userId === actor.userId || canReadAll(actor))) throw new PaymentNotFoundError();
    return payment;
  }

  list(filter: PaymentFilter, page: PageRequest): Promise<Page<Payment>> {
    return this.payments.list(filter, page);
  }

  /**
   * Each booking's payments, oldest first, with their {@link summarizeBookingPayments summary}, in
   * one read whatever the number of bookings. Keyed by booking id; a booking without payments
   * has an empty list (and is `free` or `unpaid`).
   */
  async ofBookings(bookings: readonly { id: string; totalAmount: number }[]): Promise<Map<string, BookingPayments>> {
    const payments = bookings.length ? await this.payments.listForBookings(bookings.map((b) => b.id)) : [];
    return new Map(
      bookings.map((booking) => {
        const own = payments.filter((p) => p.bookingId === booking.id);
        return [booking.id, { payments: own, summary: summarizeBookingPayments(booking.totalAmount, own) }];
      }),
    );
  }

  /** The payment, or null; no visibility rule (the caller has checked who acts). */
  find(id: string): Promise<Payment | null> {
    return this.payments.findById(id);
  }

  /** The payment that paid the booking (succeeded or partly refunded), if any. */
  findPaidForBooking(bookingId: string): Promise<Payment | null> {
    return this.payments.findPaidForBooking(bookingId);
  }

  /**
   * Reserves `amount` (minor units) of a paid payment for a refund: `refunded_amount + amount <=
   * amount paid` in one conditional statement (a CHECK constraint behind it). False when it would exceed.
   */
  reserveRefund(id: string, amount: number): Promise<boolean> {
    return this.payments.reserveRefund(id, amount);
  }

  /** Gives back `amount` (minor units) reserved for a refund that failed. */
  releaseRefund(id: string, amount: number): Promise<void> {
    return this.payments.releaseRefund(id, amount);
  }

  /**
   * A refund completed: `succeeded | partially_refunded -> partially_refunded | refunded` from the
   * sum of the payment's completed refunds. Null when the payment was in neither state.
   */
  settleRefunded(id: string): Promise<Payment | null> {
    return this.payments.settleRefunded(id);
  }

  /**
   * Stores the proof of a manual payment (`pending | awaiting_review -> awaiting_review`); the
   * caller has checked its type by magic bytes and its size. A new proof replaces the old one.
   * @throws PaymentNotFoundError (404: not the owner's), InvalidPaymentStateError (409)
   */
  async attachProof(actor: Actor, id: string, file: { data: Buffer; contentType: string }): Promise<Payment> {
    const payment = await this.payments.findById(id);
    if (!payment || payment.userId !== actor.userId) throw new PaymentNotFoundError();
    if (payment.provider !== 'manual') throw new InvalidPaymentStateError(payment.provider, 'given a proof (only manual payments take one)');
    if (payment.status !== PaymentStatus.Pending && payment.status !== PaymentStatus.AwaitingReview)
      throw new InvalidPaymentStateError(payment.status, 'given a proof');
    const stored = await this.files.put({ data: file.data, contentType: file.contentType, folder: 'payment-proofs' });
    const attached = await this.tx.run(() =>
      this.payments.attachProof(id, { key: stored.key, contentType: stored.contentType, size: stored.size, uploadedAt: new Date() }),
    );
    if (!attached) {
      await this.files.delete(stored.key).catch(() => undefined);
      throw new InvalidPaymentStateError((await this.payments.findById(id))?.status ?? payment.status, 'given a proof');
    }
    if (attached.replaced)
      await this.files.delete(attached.replaced.key).catch((error: unknown) => this.logger.warn({ err: error }, 'Could not delete a replaced proof'));
    return attached.payment;
  }

  /** The proof file. @throws PaymentNotFoundError (404: not the owner's or staff's, or no proof) */
  async proof(actor: Actor, id: string): Promise<FileContent> {
    const payment = await this.get(actor, id);
    const content = payment.proof ? await this.files.get(payment.proof.key) : null;
    if (!content) throw new DomainError('proof_not_found', 'not_found', 'This payment has no proof.');
    return content;
  }

  /**
   * Asks the provider about the payment (Paystack `GET /transaction/verify/:reference`) and
   * applies the answer (see ConfirmPaymentUseCase).
   * @throws PaymentNotFoundError (404: unknown, or not the owner's and not an admin), PaymentProviderUnavailableError (503),
   *   PaymentVerificationNotSupportedError (422: a manual payment), PaymentProviderError (422)
   */
  async verify(actor: Actor, reference: string): Promise<Payment> {
    const payment = await this.payments.findByReference(reference);
    if (!payment || !(payment.userId === actor.userId || hasRole(actor, Role.Admin))) throw new PaymentNotFoundError();
    // Manual payments throw PaymentVerificationNotSupportedError (422): staff review them.
    const verified = await this.gateways.get(payment.provider).verify(reference);
    return this.confirm.apply({ ...verified, source: 'verify' });
  }

  /**
   * A Paystack webhook, checked and parsed by the Paystack gateway (`PaymentGateway.parseWebhook`:
   * a wrong signature or a body that is not JSON changes nothing). Each distinct delivery is
   * recorded once in the inbox (a replay is a no-op); a `charge` report is applied as the
   * provider's word (amount and currency must match; a payment of another provider is left
   * alone) and a `refund` report settles the refund it names (through {@link PaymentLifecycle}),
   * all in one transaction. Returns whether the event was new.
   * @throws InvalidWebhookSignatureError (401), MalformedWebhookError (400)
   */
  async handlePaystackWebhook(rawBody: Buffer, signature: string | undefined): Promise<{ duplicate: boolean }> {
    const event = this.gateways.get('paystack').parseWebhook(rawBody, signature);
    return this.tx.run(async () => {
      const fresh = await this.inbox.record('paystack', event.eventKey, event.type, event.reference, event.payload);
      if (!fresh) return { duplicate: true };
      const report = event.report;
      if (report?.kind === 'charge') {
        const known = await this.payments.findByReference(report.reference);
        if (!known) {
          this.logger.warn(`Paystack charge.success for an unknown reference ${report.reference}`);
          return { duplicate: false };
        }
        // Only Paystack's own payments: a manual payment is confirmed by a review of its proof.
        if (known.provider !== 'paystack') {
          this.logger.warn(`Paystack charge.success for ${report.reference}, a ${known.provider} payment: ignored`);
          return { duplicate: false };
        }
        const { kind: _kind, ...reported } = report;
        await this.confirm.apply({ ...reported, source: 'webhook' });
      }
      if (report?.kind === 'refund') {
        const { kind: _kind, ...reported } = report;
        await this.lifecycle.providerRefund({ provider: 'paystack', ...reported });
      }
      return { duplicate: false };
    });
  }
}
