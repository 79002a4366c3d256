import { createHash } from 'node:crypto';
import { MalformedWebhookError, WebhookEvent, WebhookReport } from '@app/payments';

/** The fields of a Paystack webhook body we read (everything else is kept in the payload only). */
interface PaystackEventBody {
  event?: unknown;
  data?: {
    reference?: unknown;
    transaction_reference?: unknown;
    transaction?: { reference?: unknown } | null;
    status?: unknown;
    amount?: unknown;
    currency?: unknown;
    id?: unknown;
    paid_at?: unknown;
    message?: unknown;
  } | null;
}

/**
 * Parses the raw body of a Paystack webhook whose signature the caller has checked
 * ({@link verifyPaystackSignature}) into a {@link WebhookEvent}. Paystack's protocol
 * (https://paystack.com/docs/payments/webhooks): a `POST` of JSON `{ event, data }`, signed in the
 * `x-paystack-signature` header (HMAC-SHA512 of the raw body with the secret key), delivered at
 * least once (retried until answered 200), with no event id of its own, so the event key is the
 * SHA-256 hex of the raw body. The events read:
 * - `charge.success`: `data` is a transaction (`reference`, `status`, `amount` in the subunit,
 *   `currency`, `id`, `paid_at`), reported as a `charge` (status `success`, `failed`, else `pending`);
 * - `refund.processed` / `refund.failed`: `data` is a refund (`id`, `amount`, `status`,
 *   `message`) naming its transaction by `transaction_reference` or `transaction.reference`,
 *   reported as a `refund`.
 * Any other event, or one without a reference, is recorded with `report: null`.
 * @throws MalformedWebhookError (400 `malformed_json`) when the body is not JSON.
 */
export function parsePaystackWebhook(rawBody: Buffer): WebhookEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new MalformedWebhookError();
  }
  const body: PaystackEventBody = payload !== null && typeof payload === 'object' ? (payload as PaystackEventBody) : {};
  const data = body.data !== null && typeof body.data === 'object' ? body.data : undefined;
  const event = body.event;
  const isRefund = event === 'refund.processed' || event === 'refund.failed';
  const candidate = isRefund ? (data?.transaction_reference ?? data?.transaction?.reference) : data?.reference;
  const reference = typeof candidate === 'string' ? candidate : null;
  const id = data?.id !== undefined ? String(data.id) : undefined;
  let report: WebhookReport | null = null;
  if (data && reference && event === 'charge.success') {
    report = {
      kind: 'charge',
      reference,
      status: data.status === 'success' ? 'success' : data.status === 'failed' ? 'failed' : 'pending',
      amount: Number(data.amount),
      currency: String(data.currency ?? ''),
      ...(id !== undefined ? { providerTransactionId: id } : {}),
      ...(data.paid_at ? { paidAt: new Date(data.paid_at as string) } : {}),
    };
  } else if (data && reference && isRefund) {
    report = {
      kind: 'refund',
      transactionReference: reference,
      providerRefundId: id ?? null,
      amount: Number(data.amount),
      status: event === 'refund.processed' ? 'processed' : 'failed',
      ...(typeof data.message === 'string' ? { message: data.message } : {}),
    };
  }
  return {
    eventKey: createHash('sha256').update(rawBody).digest('hex'),
    type: String(event ?? 'unknown'),
    reference,
    payload,
    report,
  };
}
