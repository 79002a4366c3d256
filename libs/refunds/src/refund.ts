/**
 * `pending -> approved -> completed | failed`; `pending -> rejected`; a failed refund may be
 * approved again (a retry). Every transition is one conditional statement on the status.
 */
export enum RefundStatus {
  Pending = 'pending',
  Approved = 'approved',
  Completed = 'completed',
  Failed = 'failed',
  Rejected = 'rejected',
}

/**
 * `request`: asked by the buyer or an admin for chosen tickets; `automatic`: a payment that
 * arrived when its booking could no longer take it; `event_cancelled`: the organiser cancelled
 * the event.
 */
export type RefundKind = 'request' | 'automatic' | 'event_cancelled' | 'booking_cancelled';

/** Money back for (part of) a payment. Amounts in minor units of `currency`. */
export interface Refund {
  id: string;
  bookingId: string;
  paymentId: string;
  userId: string;
  kind: RefundKind;
  amount: number;
  currency: string;
  status: RefundStatus;
  reason: string;
  /** The tickets refunded (a `request`); empty for whole-payment refunds without tickets. */
  ticketIds: string[];
  requestedBy: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  rejectionReason: string | null;
  failureReason: string | null;
  providerRefundId: string | null;
  /** Set while one process is refunding it through the provider (the claim). */
  processingStartedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
