import type { FakePaystack } from '../fakes/fake-paystack.js';
import type { TestApp } from '../setup/test-app.js';
import type { SignedInUser } from './users.js';

/** POST /bookings/{id}/payments; returns the raw response. */
export function startPayment(t: TestApp, user: SignedInUser, bookingId: string, provider: 'paystack' | 'manual', idempotencyKey?: string) {
  const req = t.http().post(`/api/v1/bookings/${bookingId}/payments`).set(user.auth);
  if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
  return req.send({ provider });
}

/** The buyer pays at the fake Paystack and Paystack sends its signed `charge.success` webhook. */
export async function payWithPaystack(t: TestApp, paystack: FakePaystack, user: SignedInUser, bookingId: string) {
  const payment = (await startPayment(t, user, bookingId, 'paystack').expect(201)).body as { id: string; reference: string; amount: number };
  const data = paystack.pay(payment.reference);
  const delivery = await paystack.sendWebhook(webhookUrl(t), 'charge.success', data);
  if (delivery.status !== 200) throw new Error(`webhook answered ${delivery.status}: ${delivery.body}`);
  return payment;
}

export const webhookUrl = (t: TestApp) => `${t.url}/api/v1/payments/webhooks/paystack`;

/**
 * Paystack settles a refund it queued (`processed` or `failed`) and sends its signed
 * `refund.processed` / `refund.failed` webhook, as it does in production days later.
 */
export async function settleRefundAtPaystack(t: TestApp, paystack: FakePaystack, providerRefundId: string, status: 'processed' | 'failed' = 'processed') {
  const data = paystack.processRefund(Number(providerRefundId), status);
  const delivery = await paystack.sendWebhook(webhookUrl(t), `refund.${status}`, data);
  if (delivery.status !== 200) throw new Error(`webhook answered ${delivery.status}: ${delivery.body}`);
}
