import { Payment, ReviewPaymentUseCase, StartPaymentUseCase } from '@app/payments';
import { Actor } from '@app/shared';
import type { FakePaystack } from '../fakes/fake-paystack.js';
import type { NestContainer } from '../setup/db.js';
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

/**
 * The service tier's way to pay: `buyer` starts a manual payment of the booking
 * (StartPaymentUseCase, what POST /bookings/{id}/payments calls) and the admin `reviewer` approves
 * it (ReviewPaymentUseCase.approve), which confirms the booking and issues its tickets. Returns
 * the approved payment (`succeeded`).
 */
export async function payManually(t: NestContainer, buyer: Actor, reviewer: Actor, bookingId: string): Promise<Payment> {
  const payment = await t.app.get(StartPaymentUseCase).execute(buyer, bookingId, 'manual');
  return t.app.get(ReviewPaymentUseCase).approve(reviewer, payment.id);
}
