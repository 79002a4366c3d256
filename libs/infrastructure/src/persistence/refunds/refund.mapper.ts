import { Refund, RefundKind, RefundStatus } from '@app/refunds';
import type { RefundsRow } from '../schema.js';

/** A `refunds` row as `SELECT *` returns it (bigint `amount` as a string). */
export type RefundRow = RefundsRow;

/** The domain refund of a row (amount in minor units, timestamps UTC). */
export function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    bookingId: row.booking_id,
    paymentId: row.payment_id,
    userId: row.user_id,
    kind: row.kind as RefundKind,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status as RefundStatus,
    reason: row.reason,
    ticketIds: row.ticket_ids ?? [],
    requestedBy: row.requested_by,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    rejectionReason: row.rejection_reason,
    failureReason: row.failure_reason,
    providerRefundId: row.provider_refund_id,
    processingStartedAt: row.processing_started_at,
    completedAt: row.completed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
