import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BookingsService, BookingStatus } from '@app/bookings';
import { PaymentGateways, PaymentLifecycle, PaymentProviderUnavailableError, PaymentsService, ProviderRefundReport, RefundResult } from '@app/payments';
import { Actor, AuditLog, DomainError, TransactionRunner } from '@app/shared';
import { TicketsService, TicketStatus } from '@app/tickets';
import { Refund, RefundStatus } from './refund.js';
import { RefundNotifier } from './refund-notifier.js';
import { EVENT_CANCELLED_REASON, RefundQueue, seatsOf } from './refund-queue.js';
import { RefundRepository } from './refund.repository.js';
import { InvalidRefundStateError, RefundExceedsPaidError, RefundNotFoundError, TicketNotRefundableError } from './refunds.errors.js';

/** How long (seconds) a sent refund may await its outcome before the provider is asked. */
export const REFUND_RECONCILE_AFTER_SECONDS = 300;

/**
 * Sends a refund to the payment's provider and applies the outcome, never paying back twice.
 *
 * 1. One transaction claims it (`pending | failed -> approved`, or an unclaimed `approved` one):
 *    two admins approving at once give one claim, hence one provider refund. For a ticket refund
 *    the tickets turn `refunded` (valid ones only: checked-in tickets never are) and the amount is
 *    reserved on the payment (`refunded_amount + amount <= paid`, a conditional update with a
 *    CHECK constraint behind it).
 * 2. The provider is asked (Paystack `POST /refund`; a manual payment records a manual refund).
 * 3. The answer decides, each in one transaction:
 *    - `processed`: `completed`; the seats go back on sale; the booking and the payment become
 *      `partially_refunded` or `refunded` (from the refunds completed, not those in flight).
 *    - refused (`failed`, a 4xx): `failed` with the reason, the tickets valid again, the
 *      reservation released (nothing half-done); an admin may approve it again.
 *    - queued (`pending`, Paystack's usual answer): stays `approved` with the provider's refund
 *      id until the provider's webhook (`refund.processed` / `refund.failed`) or reconciliation
 *      settles it.
 *    - not delivered (connection refused, circuit open, 429): back in the queue; the processor
 *      sends it again.
 *    - outcome unknown (timeout, 5xx, lost connection): stays `approved` and is reconciled: after
 *      {@link REFUND_RECONCILE_AFTER_SECONDS} the provider is asked whether it has the refund
 *      (by our refund id, left in its record); only when it has none is the refund sent again.
 *    The buyer is e-mailed at each step. A claim left behind by a crash is reconciled the same way.
 */
@Injectable()
export class ProcessRefundUseCase implements OnModuleInit {
  private readonly logger = new Logger(ProcessRefundUseCase.name);

  constructor(
    private readonly refunds: RefundRepository,
    private readonly payments: PaymentsService,
    private readonly tickets: TicketsService,
    private readonly bookings: BookingsService,
    private readonly gateways: PaymentGateways,
    private readonly lifecycle: PaymentLifecycle,
    private readonly queue: RefundQueue,
    private readonly notifier: RefundNotifier,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onProviderRefund((report) => this.settleReported(report));
  }

  /**
   * An admin approves (or retries a failed) refund; answers when the provider has answered: the
   * refund is then `completed`, `failed`, or still `approved` (queued at the provider, or to be
   * sent again / reconciled, with a note in `failureReason`).
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
      await this.audit.record({
        action: 'refund.approved',
        actorId: actor.userId,
        entityType: 'refund',
        entityId: refundId,
        details: { amount: claim.amount, bookingId: claim.bookingId },
      });
      await this.notifier.notify(claim, 'refund-approved');
      return claim;
    });
    return this.send(claimed);
  }

  /**
   * Sends approved refunds nobody has claimed yet (automatic ones, event cancellations, sends to
   * retry); safe on any number of replicas at once. Returns how many it completed.
   */
  async processDue(limit = 20): Promise<number> {
    let completed = 0;
    for (const id of await this.refunds.dueForProcessing(limit)) {
      const claim = await this.tx.run(() => this.refunds.claim(id, null));
      if (claim && (await this.send(claim)).status === RefundStatus.Completed) completed++;
    }
    return completed;
  }

  /**
   * Asks the provider about refunds whose outcome is overdue (sent at least `olderThanSeconds`
   * ago and neither settled by a webhook nor refused): applies what it says, or, when it has no
   * such refund, puts the refund back in the queue to be sent again. Safe on any number of
   * replicas (each refund is claimed for one check). Returns how many it settled or re-queued.
   */
  async reconcile(limit = 20, olderThanSeconds = REFUND_RECONCILE_AFTER_SECONDS): Promise<number> {
    let changed = 0;
    for (const refund of await this.tx.run(() => this.refunds.claimForReconciliation(limit, olderThanSeconds))) {
      const payment = await this.payments.find(refund.paymentId);
      if (!payment) continue;
      let found: RefundResult | null;
      try {
        found = await this.gateways.get(payment.provider).lookupRefund({
          reference: payment.reference,
          providerTransactionId: payment.providerTransactionId,
          providerRefundId: refund.providerRefundId,
          refundId: refund.id,
        });
      } catch (error) {
        this.logger.warn(
          `Refund ${refund.id}: the provider could not be asked (${error instanceof Error ? error.message : String(error)}); asking again later`,
        );
        continue;
      }
      if (found) {
        const settled = await this.apply(refund, found);
        if (settled.status !== RefundStatus.Approved) changed++;
      } else if (!refund.providerRefundId) {
        if (await this.tx.run(() => this.refunds.unclaim(refund.id, 'The provider has no record of this refund: it will be sent again.'))) changed++;
      } else {
        this.logger.error(`Refund ${refund.id}: the provider no longer knows its refund ${refund.providerRefundId}; check by hand`);
      }
    }
    return changed;
  }

  /** Step 1 for a claim out of pending or failed: mark the tickets, reserve the amount. */
  private async hold(refund: Refund): Promise<void> {
    if (refund.ticketIds.length) {
      const marked = await this.tickets.markRefunded(refund.bookingId, refund.ticketIds);
      if (marked.length !== refund.ticketIds.length) {
        const done = new Set(marked.map((t) => t.id));
        throw new TicketNotRefundableError(
          refund.ticketIds.filter((id) => !done.has(id)),
          'checked in, transferred or refunded meanwhile',
        );
      }
    }
    if (!(await this.payments.reserveRefund(refund.paymentId, refund.amount))) throw new RefundExceedsPaidError();
  }

  private async send(refund: Refund): Promise<Refund> {
    const payment = await this.payments.find(refund.paymentId);
    if (!payment) return this.failed(refund, 'The payment is gone.');
    try {
      const result = await this.gateways.get(payment.provider).refund({
        reference: payment.reference,
        amount: refund.amount,
        currency: refund.currency,
        reason: refund.reason,
        idempotencyKey: refund.id,
      });
      return await this.apply(refund, result);
    } catch (error) {
      if (error instanceof PaymentProviderUnavailableError && !error.delivered) {
        return this.tx.run(async () => (await this.refunds.unclaim(refund.id, `Not sent: ${error.message} It will be sent again.`)) ?? refund);
      }
      if (error instanceof DomainError && !(error instanceof PaymentProviderUnavailableError)) return this.failed(refund, error.message);
      // The provider may have refunded: never send again before asking it (reconcile).
      if (!(error instanceof DomainError)) this.logger.error({ err: error, refundId: refund.id }, 'Refund call failed unexpectedly');
      const note = `Outcome unknown: ${error instanceof DomainError ? error.message : 'the provider call failed'} It will be checked with the provider.`;
      return this.tx.run(async () => {
        const waiting = await this.refunds.awaitProvider(refund.id, null, note);
        if (waiting) await this.audit.record({ action: 'refund.outcome_unknown', entityType: 'refund', entityId: refund.id, details: { note } });
        return waiting ?? (await this.refunds.findById(refund.id)) ?? refund;
      });
    }
  }

  /** Applies a provider's answer (to the refund call, or to a lookup). */
  private apply(refund: Refund, result: RefundResult): Promise<Refund> {
    if (result.status === 'processed') return this.succeeded(refund, result.providerRefundId);
    if (result.status === 'failed') return this.failed(refund, result.message ?? 'The provider refused the refund.');
    return this.tx.run(async () => {
      const waiting = await this.refunds.awaitProvider(refund.id, result.providerRefundId, null);
      if (waiting && !refund.providerRefundId) {
        await this.audit.record({ action: 'refund.sent', entityType: 'refund', entityId: refund.id, details: { providerRefundId: result.providerRefundId } });
      }
      return waiting ?? (await this.refunds.findById(refund.id)) ?? refund;
    });
  }

  /** A provider's webhook about a refund: settles the refund it names, in the webhook's transaction. */
  private async settleReported(report: ProviderRefundReport): Promise<void> {
    const refund = await this.refunds.findAwaitingProvider(report.transactionReference, report.providerRefundId, report.amount);
    if (!refund) {
      this.logger.warn(
        `${report.provider} reported refund ${report.providerRefundId ?? '?'} of ${report.transactionReference} ${report.status}, but no refund of ours awaits it`,
      );
      return;
    }
    if (report.status === 'processed') await this.succeeded(refund, report.providerRefundId);
    else await this.failed(refund, report.message ?? 'The provider could not complete the refund.');
  }

  private succeeded(refund: Refund, providerRefundId: string | null): Promise<Refund> {
    return this.tx.run(async () => {
      const done = await this.refunds.complete(refund.id, providerRefundId);
      if (!done) return (await this.refunds.findById(refund.id)) ?? refund;
      if (done.kind === 'request' && done.ticketIds.length) {
        const tickets = await this.tickets.listByBooking(done.bookingId);
        // Tickets of refunds still in flight count as kept: those refunds may yet fail.
        const inFlight = new Set(await this.refunds.ticketsInOpenRefunds(done.bookingId));
        const kept = (t: (typeof tickets)[number]) =>
          t.status === TicketStatus.Valid || t.status === TicketStatus.CheckedIn || (t.status === TicketStatus.Refunded && inFlight.has(t.id));
        const left = tickets.filter(kept).length;
        // Lock order (kept by the bookings lib): the booking, then the event and its ticket types.
        await this.bookings.settleRefund(done.bookingId, left === 0, seatsOf(tickets.filter((t) => done.ticketIds.includes(t.id))));
      }
      await this.payments.settleRefunded(done.paymentId);
      await this.audit.record({
        action: 'refund.completed',
        entityType: 'refund',
        entityId: done.id,
        details: { amount: done.amount, providerRefundId: done.providerRefundId },
      });
      await this.notifier.notify(done, 'refund-completed');
      return done;
    });
  }

  private failed(refund: Refund, reason: string): Promise<Refund> {
    return this.tx.run(async () => {
      const failed = await this.refunds.fail(refund.id, reason);
      if (!failed) return (await this.refunds.findById(refund.id)) ?? refund;
      await this.payments.releaseRefund(failed.paymentId, failed.amount);
      if (failed.ticketIds.length) {
        await this.tickets.revertRefunded(failed.ticketIds);
        const booking = await this.bookings.find(failed.bookingId);
        if (booking?.status === BookingStatus.Cancelled) {
          // The event was cancelled while this refund was in flight: its tickets cannot come back,
          // and its cancellation refunded only the rest. Cancel them and refund them that way.
          const cancelled = await this.tickets.cancelValidOfBooking(booking.id);
          if (cancelled.length) await this.bookings.releaseSold(booking, seatsOf(cancelled));
          const payment = await this.payments.find(failed.paymentId);
          if (payment) await this.queue.queue(payment, 'event_cancelled', EVENT_CANCELLED_REASON, failed.amount);
        }
      }
      await this.audit.record({ action: 'refund.failed', entityType: 'refund', entityId: failed.id, details: { reason } });
      await this.notifier.notify(failed, 'refund-failed', reason);
      return failed;
    });
  }
}
