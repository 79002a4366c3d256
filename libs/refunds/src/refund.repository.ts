import type { Page, PageRequest } from '@app/shared';
import type { Refund, RefundStatus } from './refund.js';

export type NewRefund = Pick<Refund, 'id' | 'bookingId' | 'paymentId' | 'userId' | 'kind' | 'amount' | 'currency' | 'reason' | 'ticketIds' | 'requestedBy'> & {
  /** `approved` for automatic and event-cancellation refunds (queued for the processor). */
  status: RefundStatus.Pending | RefundStatus.Approved;
};

export interface RefundFilter {
  status?: RefundStatus;
  eventId?: string;
  userId?: string;
}

/**
 * Port: refunds. All changes are conditional statements and join the current transaction.
 *
 * An `approved` refund is either unclaimed (`processingStartedAt` null: queued for the processor)
 * or claimed (set: one process is sending it, or it was sent and the provider's outcome is
 * awaited; `processingStartedAt` then is when it was last sent or checked).
 */
export abstract class RefundRepository {
  abstract create(refund: NewRefund): Promise<Refund>;
  abstract findById(id: string): Promise<Refund | null>;
  /** Newest first. */
  abstract list(filter: RefundFilter, page: PageRequest): Promise<Page<Refund>>;
  /**
   * Claims the refund for one process to send to the provider: `pending | failed -> approved`
   * (a staff approval, `decidedBy` set) or an already `approved` one not yet claimed, setting
   * `processing_started_at`. Null when another process won (or the state does not allow it).
   */
  abstract claim(id: string, decidedBy: string | null): Promise<Refund | null>;
  /** Approved and unclaimed refunds (automatic, event cancellation, sends to retry), oldest first. */
  abstract dueForProcessing(limit: number): Promise<string[]>;
  /**
   * A claimed refund now awaits the provider's outcome (queued there, or the answer was lost):
   * records the provider's refund id when known and a note for staff, and restarts the clock of
   * {@link claimForReconciliation}. Null unless it is approved and claimed.
   */
  abstract awaitProvider(id: string, providerRefundId: string | null, note: string | null): Promise<Refund | null>;
  /**
   * Gives a claimed refund back to the queue (the provider certainly did not receive it), with a
   * note for staff: the processor sends it again. Null unless it is approved and claimed.
   */
  abstract unclaim(id: string, note: string): Promise<Refund | null>;
  /**
   * Claims, for one process, up to `limit` approved refunds claimed at least `olderThanSeconds`
   * ago (their outcome is overdue), restarting their clock in the same statement so that no other
   * process checks them at the same time. Oldest first.
   */
  abstract claimForReconciliation(limit: number, olderThanSeconds: number): Promise<Refund[]>;
  /**
   * The claimed refund a provider's report is about: by the provider's refund id, else one of
   * the transaction's refunds for this amount whose answer was lost (no provider id yet).
   */
  abstract findAwaitingProvider(transactionReference: string, providerRefundId: string | null, amount: number): Promise<Refund | null>;
  /** `approved (claimed) -> completed`; keeps the known provider refund id when none is given. */
  abstract complete(id: string, providerRefundId: string | null): Promise<Refund | null>;
  /** `approved (claimed) -> failed` with the reason, releasing the claim. */
  abstract fail(id: string, reason: string): Promise<Refund | null>;
  /** `pending -> rejected`. */
  abstract reject(id: string, decidedBy: string, reason: string): Promise<Refund | null>;
  /** Tickets of the booking named by refunds still open: `pending` (requested) or `approved` (in progress). */
  abstract ticketsInOpenRefunds(bookingId: string): Promise<string[]>;
}
