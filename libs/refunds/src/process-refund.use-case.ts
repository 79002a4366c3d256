import { Injectable, Logger } from '@nestjs/common';
import { BookingRepository } from '@app/bookings';
import { PaymentGateways, PaymentRepository } from '@app/payments';
import { Actor, AuditLog, DomainError, TransactionRunner } from '@app/shared';
import { TicketRepository, TicketStatus } from '@app/tickets';
import { Refund, RefundStatus } from './refund.js';
import { RefundNotifier } from './refund-notifier.js';
import { RefundRepository } from './refund.repository.js';
import { InvalidRefundStateError, RefundExceedsPaidError, RefundNotFoundError, TicketNotRefundableError } from './refunds.errors.js';

/**
 * Sends a refund to the payment's provider, exactly once per approval, and applies the outcome.
 *
 * 1. One transaction claims it (`pending | failed -> approved`, or an unclaimed `approved` one):
 *    two admins approving at once give one claim, hence one provider refund. For a ticket refund
 *    the tickets turn `refunded` (valid ones only: checked-in tickets never are) and the amount is
 *    reserved on the payment (`refunded_amount + amount <= paid`, a conditional update with a
 *    CHECK constraint behind it).
 * 2. The provider refunds (Paystack `POST /refund`; a manual payment records a manual refund).
 * 3. One transaction applies the outcome. Success: `completed`, the seats go back on sale, the
 *    booking and the payment become `partially_refunded` or `refunded`. Failure: `failed` with the
 *    reason, the tickets are valid again, the reservation is released (nothing half-done); the
 *    refund can be approved again. The buyer is e-mailed at each step.
 */
@Injectable()
export class ProcessRefundUseCase {
  private readonly logger = new Logger(ProcessRefundUseCase.name);

  constructor(
    private readonly refunds: RefundRepository,
    private readonly payments: PaymentRepository,
    private readonly tickets: TicketRepository,
    private readonly bookings: BookingRepository,
    private readonly gateways: PaymentGateways,
    private readonly notifier: RefundNotifier,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /**
   * An admin approves (or retries a failed) refund; answers when the provider has answered.
   * @throws RefundNotFoundError (404), InvalidRefundStateError (409), TicketNotRefundableError (409),
   *   RefundExceedsPaidError (409)
   */
  async approve(actor: Actor, refundId: string): Promise<Refund> {
    const claimed = await this.tx.run(async () => {
      const refund = await this.refunds.findById(refundId);
      if (!refund) throw new RefundNotFoundError();
      if (refund.status !== RefundStatus.Pending && refund.status !== RefundStatus.Failed) throw new InvalidRefundStateError(refund.status, 'approved');
      const claim = await this.refunds.claim(refundId, actor.userId);
      if (!claim) throw new InvalidRefundStateError((await this.refunds.findById(refundId))?.status ?? refund.status, 'approved');
      await this.hold(claim);
      await this.audit.record({ action: 'refund.approved', actorId: actor.userId, entityType: 'refund', entityId: refundId, details: { amount: claim.amount, bookingId: claim.bookingId } });
      await this.notifier.notify(claim, 'refund-approved');
      return claim;
    });
    return this.send(claimed);
  }

  /**
   * Sends approved refunds nobody has claimed yet (automatic ones, event cancellations); safe on
   * any number of replicas at once. Returns how many it completed.
   */
  async processDue(limit = 20): Promise<number> {
    let completed = 0;
    for (const id of await this.tx.run(() => this.refunds.dueForProcessing(limit))) {
      const claim = await this.tx.run(() => this.refunds.claim(id, null));
      if (claim && (await this.send(claim)).status === RefundStatus.Completed) completed++;
    }
    return completed;
  }

  /** Step 1 for a claim out of pending or failed: mark the tickets, reserve the amount. */
  private async hold(refund: Refund): Promise<void> {
    if (refund.ticketIds.length) {
      const marked = await this.tickets.markRefunded(refund.bookingId, refund.ticketIds);
      if (marked.length !== refund.ticketIds.length) {
        const done = new Set(marked.map((t) => t.id));
        throw new TicketNotRefundableError(refund.ticketIds.filter((id) => !done.has(id)), 'checked in, transferred or refunded meanwhile');
      }
    }
    if (!(await this.payments.reserveRefund(refund.paymentId, refund.amount))) throw new RefundExceedsPaidError();
  }

  private async send(refund: Refund): Promise<Refund> {
    const payment = await this.payments.findById(refund.paymentId);
    let outcome: { ok: true; providerRefundId: string | null } | { ok: false; reason: string };
    try {
      if (!payment) throw new Error('the payment is gone');
      const result = await this.gateways.get(payment.provider).refund({
        reference: payment.reference,
        amount: refund.amount,
        currency: refund.currency,
        reason: refund.reason,
        idempotencyKey: refund.id,
      });
      // Paystack accepts refunds asynchronously (`pending`): accepted is done on our side.
      outcome = result.status === 'failed' ? { ok: false, reason: result.message ?? 'The provider refused the refund.' } : { ok: true, providerRefundId: result.providerRefundId };
    } catch (error) {
      outcome = { ok: false, reason: error instanceof DomainError ? error.message : 'The provider could not be reached.' };
      if (!(error instanceof DomainError)) this.logger.error({ err: error, refundId: refund.id }, 'Refund failed unexpectedly');
    }
    return outcome.ok ? this.succeeded(refund, outcome.providerRefundId) : this.failed(refund, outcome.reason);
  }

  private succeeded(refund: Refund, providerRefundId: string | null): Promise<Refund> {
    return this.tx.run(async () => {
      const done = await this.refunds.complete(refund.id, providerRefundId);
      if (!done) return (await this.refunds.findById(refund.id)) ?? refund;
      if (done.kind === 'request' && done.ticketIds.length) {
        const tickets = await this.tickets.listByBooking(done.bookingId);
        const refunded = tickets.filter((t) => done.ticketIds.includes(t.id));
        const perType = new Map<string, number>();
        for (const t of refunded) perType.set(t.ticketTypeId, (perType.get(t.ticketTypeId) ?? 0) + 1);
        const booking = await this.bookings.findById(done.bookingId);
        if (booking) await this.bookings.releaseSold(booking.eventId, [...perType].map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity })));
        const left = tickets.filter((t) => t.status === TicketStatus.Valid || t.status === TicketStatus.CheckedIn).length;
        await this.bookings.settleAfterRefund(done.bookingId, left === 0);
      }
      await this.payments.settleRefunded(done.paymentId);
      await this.audit.record({ action: 'refund.completed', entityType: 'refund', entityId: done.id, details: { amount: done.amount, providerRefundId } });
      await this.notifier.notify(done, 'refund-completed');
      return done;
    });
  }

  private failed(refund: Refund, reason: string): Promise<Refund> {
    return this.tx.run(async () => {
      const failed = await this.refunds.fail(refund.id, reason);
      if (!failed) return (await this.refunds.findById(refund.id)) ?? refund;
      if (failed.ticketIds.length) await this.tickets.revertRefunded(failed.ticketIds);
      await this.payments.releaseRefund(failed.paymentId, failed.amount);
      await this.audit.record({ action: 'refund.failed', entityType: 'refund', entityId: failed.id, details: { reason } });
      await this.notifier.notify(failed, 'refund-failed', reason);
      return failed;
    });
  }
}
