import { InPersonPaymentMethod, Payment, PaymentProvider, PaymentStatus } from '@app/payments';
import type { PaymentsRow } from '../schema.js';

/** A `payments` row as `SELECT *` returns it (bigint amounts as strings). */
export type PaymentRow = PaymentsRow;

/** Maps a payments row to the domain type. */
export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    bookingId: row.booking_id,
    userId: row.user_id,
    provider: row.provider as PaymentProvider,
    reference: row.reference,
    method: row.method as InPersonPaymentMethod | null,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status as PaymentStatus,
    refundedAmount: Number(row.refunded_amount),
    authorizationUrl: row.authorization_url,
    providerTransactionId: row.provider_transaction_id,
    paidAt: row.paid_at,
    failureReason: row.failure_reason,
    proof:
      row.proof_key && row.proof_content_type && row.proof_uploaded_at
        ? { key: row.proof_key, contentType: row.proof_content_type, size: row.proof_size ?? 0, uploadedAt: row.proof_uploaded_at }
        : null,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
