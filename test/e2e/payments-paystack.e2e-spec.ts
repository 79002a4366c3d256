import { OutboxWorker } from '@app/infrastructure';
import { book, createEvent, CreatedEvent } from '../factories/events.js';
import { payWithPaystack, startPayment, webhookUrl } from '../factories/payments.js';
import { decodeQrPng } from '../factories/tickets.js';
import { createAdmin, signUpCustomer, SignedInUser } from '../factories/users.js';
import { FakePaystack } from '../fakes/fake-paystack.js';
import { FakeSmtpServer } from '../fakes/smtp-server.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/** Paystack end to end, against a fake Paystack and a real SMTP server on loopback. */
describe('payments through Paystack (e2e)', () => {
  let t: TestApp;
  let paystack: FakePaystack;
  let smtp: FakeSmtpServer;
  let admin: SignedInUser;
  let buyer: SignedInUser;
  let event: CreatedEvent;

  beforeAll(async () => {
    paystack = await FakePaystack.start();
    smtp = await FakeSmtpServer.start();
    t = await startTestApp({
      PAYSTACK_SECRET_KEY: paystack.secretKey,
      PAYSTACK_BASE_URL: paystack.url,
      PAYSTACK_TIMEOUT_MS: '400',
      // Long enough that the breaker cannot go half-open while a test is still probing it on a slow machine.
      PAYSTACK_BREAKER_HALF_OPEN_SECONDS: '3',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_WORKER_ENABLED: 'false',
      JOBS_ENABLED: 'false',
    });
    admin = await createAdmin(t);
    buyer = await signUpCustomer(t, { name: 'Paying Buyer' });
    event = await createEvent(t, admin, { capacity: 100, startsInHours: 2, ticketTypes: [{ name: 'Regular', price: 150000, quantity: 100 }] });
  });
  // An outage a failed test left on must not fail the tests after it.
  afterEach(() => paystack.setDown(false));
  afterAll(async () => {
    await t.close();
    await paystack.close();
    await smtp.stop();
  });

  const newBooking = async (quantity = 2) => (await book(t, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity }]).expect(201)).body;
  const bookingOf = async (id: string) => (await t.http().get(`/api/v1/bookings/${id}`).set(buyer.auth).expect(200)).body;

  it('pays a booking end to end: initialize, checkout, signed webhook, tickets in the inbox', async () => {
    const booking = await newBooking(2);
    const started = await startPayment(t, buyer, booking.id, 'paystack').expect(201);
    expect(started.body).toMatchObject({ provider: 'paystack', status: 'pending', amount: 300000, currency: 'NGN', reference: expect.stringMatching(/^PAY-/) });
    expect(started.body.authorizationUrl).toMatch(/^https?:\/\//);
    const initialized = paystack.transaction(started.body.reference);
    expect(initialized).toMatchObject({ amount: 300000, currency: 'NGN', email: buyer.email });

    const data = paystack.pay(started.body.reference);
    expect((await paystack.sendWebhook(webhookUrl(t), 'charge.success', data)).status).toBe(200);
    expect((await bookingOf(booking.id)).status).toBe('confirmed');
    const payment = await t.http().get(`/api/v1/payments/${started.body.id}`).set(buyer.auth).expect(200);
    expect(payment.body).toMatchObject({ status: 'succeeded', paidAt: expect.any(String) });

    const tickets = await query<{ id: string; code: string }>(t, 'SELECT id, code FROM tickets WHERE booking_id = $1 ORDER BY seq', [booking.id]);
    expect(tickets).toHaveLength(2);
    const view = await bookingOf(booking.id);
    expect(view.payment).toEqual({
      status: 'paid',
      paidAmount: 300000,
      refundedAmount: 0,
      payments: [{ id: started.body.id, provider: 'paystack', reference: started.body.reference, status: 'succeeded', amount: 300000 }],
    });
    expect(view.tickets.map((x: { code: string; status: string }) => [x.code, x.status])).toEqual(tickets.map((x) => [x.code, 'valid']));
    await t.app.get(OutboxWorker).drain();
    // Two messages to the buyer: the registration's verify-email, and the booking confirmation.
    const mails = await smtp.waitFor(2, { to: buyer.email });
    const mail = mails.find((m) => m.parsed.subject !== 'Confirm your e-mail address');
    expect(mail!.parsed.subject).toMatch(/ticket/i);
    const qrImages = mail!.parsed.attachments.filter((a) => a.contentType === 'image/png');
    expect(qrImages).toHaveLength(2);
    const decoded = qrImages.map((a) => decodeQrPng(a.content));
    for (const ticket of tickets) {
      const view = await t.http().get(`/api/v1/tickets/${ticket.id}`).set(buyer.auth).expect(200);
      expect(decoded).toContain(view.body.qrPayload);
      expect(mail!.parsed.text).toContain(ticket.code);
    }
    await expectConsistentLedger(t, event.id);
  });

  it('a webhook replayed 10 times racing 3 verify calls confirms once: one set of tickets, one e-mail', async () => {
    const booking = await newBooking(3);
    const started = await startPayment(t, buyer, booking.id, 'paystack').expect(201);
    const data = paystack.pay(started.body.reference);
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => paystack.sendWebhook(webhookUrl(t), 'charge.success', data)),
      ...Array.from({ length: 3 }, () => t.http().get(`/api/v1/payments/verify/${started.body.reference}`).set(buyer.auth)),
    ]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await bookingOf(booking.id)).status).toBe('confirmed');
    const [{ n: tickets }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM tickets WHERE booking_id = $1', [booking.id]);
    expect(Number(tickets)).toBe(3);
    const [{ n: inbox }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM payment_webhook_events WHERE reference = $1', [started.body.reference]);
    expect(Number(inbox)).toBe(1);
    const [{ n: mails }] = await query<{ n: string }>(
      t,
      `SELECT count(*) AS n FROM outbox_messages WHERE template = 'booking-confirmed' AND data->>'bookingId' = $1`,
      [booking.id],
    );
    expect(Number(mails)).toBe(1);
    const [{ n: succeeded }] = await query<{ n: string }>(t, `SELECT count(*) AS n FROM audit_logs WHERE action = 'payment.succeeded' AND entity_id = $1`, [
      started.body.id,
    ]);
    expect(Number(succeeded)).toBe(1);
    await expectConsistentLedger(t, event.id);
  });

  it('paying again reuses the open checkout: 30 starts in a row make one Paystack transaction', async () => {
    const booking = await newBooking(1);
    const initializes = () => paystack.requests.filter((r) => r.path === '/transaction/initialize').length;
    const before = initializes();
    const first = (await startPayment(t, buyer, booking.id, 'paystack').expect(201)).body;
    for (let i = 0; i < 29; i++) {
      const again = (await startPayment(t, buyer, booking.id, 'paystack').expect(201)).body;
      expect({ id: again.id, reference: again.reference, authorizationUrl: again.authorizationUrl }).toEqual({
        id: first.id,
        reference: first.reference,
        authorizationUrl: first.authorizationUrl,
      });
    }
    expect(initializes() - before).toBe(1);
    expect((await bookingOf(booking.id)).payment.payments).toHaveLength(1);
    // A manual payment is its own thing and opens no Paystack transaction.
    await startPayment(t, buyer, booking.id, 'manual').expect(201);
    expect(initializes() - before).toBe(1);
  });

  it('refuses a bad or missing signature with 401 and changes nothing', async () => {
    const booking = await newBooking(1);
    const started = await startPayment(t, buyer, booking.id, 'paystack').expect(201);
    const data = paystack.pay(started.body.reference);
    for (const signature of ['invalid', 'missing'] as const) {
      const res = await paystack.sendWebhook(webhookUrl(t), 'charge.success', data, { signature });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'invalid_signature' });
    }
    const tampered = await fetch(webhookUrl(t), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-paystack-signature': (await paystack.sendWebhook(`${t.url}/api/v1/health`, 'charge.success', data)).signature!,
      },
      body: JSON.stringify({ event: 'charge.success', data: { ...data, amount: 1 } }),
    });
    expect(tampered.status).toBe(401);
    expect((await bookingOf(booking.id)).status).toBe('pending_payment');
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM payment_webhook_events WHERE reference = $1', [started.body.reference]);
    expect(Number(n)).toBe(0);
  });

  it('never confirms a manual payment from a Paystack webhook naming its reference: only a review confirms it', async () => {
    const booking = await newBooking(1);
    const manual = (await startPayment(t, buyer, booking.id, 'manual').expect(201)).body;
    const data = {
      id: 987654,
      reference: manual.reference,
      amount: manual.amount,
      currency: manual.currency,
      status: 'success',
      paid_at: new Date().toISOString(),
    };
    expect((await paystack.sendWebhook(webhookUrl(t), 'charge.success', data)).status).toBe(200);
    expect((await bookingOf(booking.id)).status).toBe('pending_payment');
    const payment = await t.http().get(`/api/v1/payments/${manual.id}`).set(buyer.auth).expect(200);
    expect(payment.body).toMatchObject({ provider: 'manual', status: 'pending', paidAt: null });
    const tickets = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM tickets WHERE booking_id = $1', [booking.id]);
    expect(Number(tickets[0]!.n)).toBe(0);
  });

  it('never accepts an amount or currency that differs from the booking', async () => {
    const booking = await newBooking(2);
    const started = await startPayment(t, buyer, booking.id, 'paystack').expect(201);
    const data = paystack.pay(started.body.reference, { amount: 100 });
    expect((await paystack.sendWebhook(webhookUrl(t), 'charge.success', data)).status).toBe(200);
    expect((await bookingOf(booking.id)).status).toBe('pending_payment');
    const payment = await t.http().get(`/api/v1/payments/${started.body.id}`).set(buyer.auth).expect(200);
    expect(payment.body).toMatchObject({ status: 'failed', failureReason: expect.stringMatching(/mismatch/i) });
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'payment.amount_mismatch', entityId: started.body.id }).set(admin.auth).expect(200);
    expect(audit.body.data).toHaveLength(1);
    // The verify call reports the same mismatch: still not paid.
    const again = await startPayment(t, buyer, booking.id, 'paystack').expect(201);
    paystack.pay(again.body.reference, { currency: 'USD' });
    const verified = await t.http().get(`/api/v1/payments/verify/${again.body.reference}`).set(buyer.auth).expect(200);
    expect(verified.body.status).toBe('failed');
    expect((await bookingOf(booking.id)).status).toBe('pending_payment');
  });

  it('provider down: 503 with Retry-After, the breaker opens, then recovers', async () => {
    const booking = await newBooking(1);
    await paystack.setDown('http500');
    const first = await startPayment(t, buyer, booking.id, 'paystack').expect(503);
    expect(first.body.code).toBe('payment_provider_unavailable');
    expect(Number(first.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 5; i++) await startPayment(t, buyer, booking.id, 'paystack');
    const before = paystack.requests.length;
    const fast = await startPayment(t, buyer, booking.id, 'paystack').expect(503);
    expect(paystack.requests.length).toBe(before); // the breaker is open: Paystack is not even asked
    expect(Number(fast.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await paystack.setDown(false);
    await new Promise((r) => setTimeout(r, 3200));
    const recovered = await startPayment(t, buyer, booking.id, 'paystack').expect(201);
    expect(recovered.body.authorizationUrl).toBeTruthy();
  });

  it('a checkout Paystack reports abandoned (not finished yet) or failed is still confirmed when the money does arrive', async () => {
    const booking = await newBooking(1);
    const started = await startPayment(t, buyer, booking.id, 'paystack').expect(201);
    // The buyer has not finished the checkout: Paystack's verify says `abandoned`. Nothing changes.
    expect((await t.http().get(`/api/v1/payments/verify/${started.body.reference}`).set(buyer.auth).expect(200)).body.status).toBe('pending');
    // A first card is declined: Paystack says `failed`, and so do we.
    paystack.pay(started.body.reference, { status: 'failed' });
    expect((await t.http().get(`/api/v1/payments/verify/${started.body.reference}`).set(buyer.auth).expect(200)).body.status).toBe('failed');
    // The buyer retries on the same checkout and pays: the money is in, so the payment succeeds.
    await paystack.sendWebhook(webhookUrl(t), 'charge.success', paystack.pay(started.body.reference));
    expect((await t.http().get(`/api/v1/payments/${started.body.id}`).set(buyer.auth).expect(200)).body).toMatchObject({
      status: 'succeeded',
      failureReason: null,
    });
    expect((await bookingOf(booking.id)).status).toBe('confirmed');
  });

  it('with an Idempotency-Key, a checkout whose answer was lost still counts: the payment row was committed before Paystack was called', async () => {
    const booking = await newBooking(1);
    await paystack.setDown('lose-answers');
    await startPayment(t, buyer, booking.id, 'paystack', 'pay-lost').expect(503);
    await paystack.setDown(false);
    const [lost] = await query<{ reference: string; status: string }>(t, 'SELECT reference, status FROM payments WHERE booking_id = $1', [booking.id]);
    expect(lost).toMatchObject({ status: 'pending' });
    expect(paystack.transaction(lost!.reference)).toBeDefined(); // Paystack opened the checkout
    // The 503 was not stored: the same key may try again at once (a new attempt with a new reference).
    const retried = await startPayment(t, buyer, booking.id, 'paystack', 'pay-lost').expect(201);
    expect(retried.body.reference).not.toBe(lost!.reference);
    // The buyer had reached the first checkout and pays there: that payment is ours and confirms the booking.
    await paystack.sendWebhook(webhookUrl(t), 'charge.success', paystack.pay(lost!.reference));
    expect((await bookingOf(booking.id)).status).toBe('confirmed');
  });

  it('honours Idempotency-Key on starting a payment', async () => {
    const booking = await newBooking(1);
    const first = await startPayment(t, buyer, booking.id, 'paystack', 'pay-once').expect(201);
    const again = await startPayment(t, buyer, booking.id, 'paystack', 'pay-once').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM payments WHERE booking_id = $1', [booking.id]);
    expect(Number(n)).toBe(1);
  });

  it('refuses to pay a booking that is not payable, or not yours', async () => {
    const other = await signUpCustomer(t);
    const booking = await newBooking(1);
    await startPayment(t, other, booking.id, 'paystack').expect(404);
    const paid = await newBooking(1);
    await payWithPaystack(t, paystack, buyer, paid.id);
    const res = await startPayment(t, buyer, paid.id, 'paystack').expect(409);
    expect(res.body.code).toBe('booking_not_payable');
    await t.http().post(`/api/v1/bookings/${booking.id}/payments`).set(buyer.auth).send({ provider: 'bitcoin' }).expect(400);
    await t.http().get('/api/v1/payments').set(buyer.auth).expect(403);
    const list = await t.http().get('/api/v1/payments').query({ eventId: event.id, status: 'succeeded' }).set(admin.auth).expect(200);
    expect(list.body.data.length).toBeGreaterThan(0);
    expect(list.body.data.every((p: { status: string }) => p.status === 'succeeded')).toBe(true);
  });
});
