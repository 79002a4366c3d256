import type { Page, PageRequest } from '@app/shared';
import type { Refund, RefundKind, RefundStatus } from './refund.js';

export type NewRefund = Pick<Refund, 'id' | 'bookingId' | 'paymentId' | 'userId' | 'kind' | 'amount' | 'currency' | 'reason' | 'ticketIds' | 'requestedBy'> & {
  /** `approved` for automatic and event-cancellation refunds (queued for the processor). */
  status: RefundStatus.Pending | RefundStatus.Approved;
};

export interface RefundFilter {
  status?: RefundStatus;
  eventId?: string;
  userId?: string;
  bookingId?: string;
  kind?: RefundKind;
}

/** Port: refunds. All changes are conditional statements and join the current transaction. */
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
  /** Approved and unclaimed refunds (automatic, event cancellation), oldest first; rows locked by others are skipped. */
  abstract dueForProcessing(limit: number): Promise<string[]>;
  /** `approved (claimed) -> completed`. */
  abstract complete(id: string, providerRefundId: string | null): Promise<Refund | null>;
  /** `approved (claimed) -> failed` with the reason, releasing the claim. */
  abstract fail(id: string, reason: string): Promise<Refund | null>;
  /** `pending -> rejected`. */
  abstract reject(id: string, decidedBy: string, reason: string): Promise<Refund | null>;
  /** Tickets of the booking named by refunds not rejected or failed (requested or in progress). */
  abstract ticketsInOpenRefunds(bookingId: string): Promise<string[]>;
}
