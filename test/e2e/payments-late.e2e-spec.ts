import { OutboxWorker } from '@app/infrastructure';
import { newPaymentReference, PaymentGateways, PaymentRepository } from '@app/payments';
import { newId } from '@app/shared';
import { JobScheduler } from '../../apps/api/src/jobs/job-scheduler.js';
import { expireHolds as endHolds } from '../factories/clock.js';
import { book, createEvent } from '../factories/events.js';
import { settleRefundAtPaystack, startPayment, webhookUrl } from '../factories/payments.js';
import { createAdmin, signUpCustomer, SignedInUser } from '../factories/users.js';
import { FakePaystack } from '../fakes/fake-paystack.js';
import { FakeSmtpServer } from '../fakes/smtp-server.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/** Payments that land after the hold ended (1.2 s holds here): re-take the seats, or refund automatically. */
describe('late payments (e2e)', () => {
  let t: TestApp;
  let paystack: FakePaystack;
  let smtp: FakeSmtpServer;
  let admin: SignedInUser;
  let early: SignedInUser;
  let late: SignedInUser;

  beforeAll(async () => {
    paystack = await FakePaystack.start();
    smtp = await FakeSmtpServer.start();
    t = await startTestApp({
      PAYSTACK_SECRET_KEY: paystack.secretKey,
      PAYSTACK_BASE_URL: paystack.url,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_WORKER_ENABLED: 'false',
      BOOKING_HOLD_MINUTES: '0.02',
      JOBS_ENABLED: 'false',
    });
    admin = await createAdmin(t);
    early = await signUpCustomer(t, { name: 'Early' });
    late = await signUpCustomer(t, { name: 'Late Payer' });
  });
  afterAll(async () => {
    await t.close();
    await paystack.close();
    await smtp.stop();
  });

  /** The event's holds end (expires_at moved back rather than waited out), then the sweeper runs. */
  const expireHolds = async (eventId: string) => {
    expect(await endHolds(t, eventId)).toBeGreaterThan(0);
    await t.app.get(JobScheduler).runNow('expire-holds');
  };

  it('re-takes the seats when they are still free: the booking is confirmed with its tickets', async () => {
    const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ price: 1000, quantity: 5 }] });
    const booking = (await book(t, late, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 2 }]).expect(201)).body;
    const payment = (await startPayment(t, late, booking.id, 'paystack').expect(201)).body;
    await expireHolds(event.id);
    expect((await t.http().get(`/api/v1/bookings/${booking.id}`).set(late.auth).expect(200)).body.status).toBe('expired');
    await paystack.sendWebhook(webhookUrl(t), 'charge.success', paystack.pay(payment.reference));
    expect((await t.http().get(`/api/v1/bookings/${booking.id}`).set(late.auth).expect(200)).body.status).toBe('confirmed');
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM tickets WHERE booking_id = $1', [booking.id]);
    expect(Number(n)).toBe(2);
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.sold).toBe(2);
  });

  it('refunds in full, through the provider, when the seats were sold meanwhile; the buyer is told', async () => {
    const event = await createEvent(t, admin, {
      capacity: 2,
      ticketTypes: [
        { name: 'Paid', price: 7000, quantity: 2 },
        { name: 'Guest list', price: 0, quantity: 2 },
      ],
    });
    const [paid, guest] = event.ticketTypes;
    const booking = (await book(t, late, event.id, [{ ticketTypeId: paid!.id, quantity: 2 }]).expect(201)).body;
    const payment = (await startPayment(t, late, booking.id, 'paystack').expect(201)).body;
    await expireHolds(event.id);
    // The seats go to someone else for good (free tickets are confirmed at once: no hold to expire).
    expect((await book(t, early, event.id, [{ ticketTypeId: guest!.id, quantity: 2 }]).expect(201)).body.status).toBe('confirmed');
    await paystack.sendWebhook(webhookUrl(t), 'charge.success', paystack.pay(payment.reference));

    expect((await t.http().get(`/api/v1/bookings/${booking.id}`).set(late.auth).expect(200)).body.status).toBe('expired');
    const refunds = await t.http().get('/api/v1/refunds').set(late.auth).expect(200);
    const refund = refunds.body.data.find((r: { paymentId: string }) => r.paymentId === payment.id);
    expect(refund).toMatchObject({ kind: 'automatic', status: 'approved', amount: 14000, currency: 'NGN' });
    const refundsBefore = paystack.refunds.length;
    await t.app.get(JobScheduler).runNow('send-refunds'); // queued at Paystack
    expect(await t.app.get(JobScheduler).runNow('send-refunds')).toBe(0);
    expect(paystack.refunds.length).toBe(refundsBefore + 1);
    expect(paystack.refunds.at(-1)).toMatchObject({ amount: 14000 });
    await settleRefundAtPaystack(t, paystack, String(paystack.refunds.at(-1)!.id));
    const settled = await t.http().get(`/api/v1/payments/${payment.id}`).set(late.auth).expect(200);
    expect(settled.body).toMatchObject({ status: 'refunded', refundedAmount: 14000 });
    await t.app.get(OutboxWorker).drain();
    const mail = (await smtp.waitFor(1, { to: late.email })).find((m) => /refund/i.test(m.parsed.subject ?? ''));
    expect(mail).toBeDefined();
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event).toMatchObject({ held: 0, sold: 2 });
  });

  it('a second payment of an already paid booking is refunded automatically', async () => {
    const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ price: 5000, quantity: 5 }] });
    const booking = (await book(t, late, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }]).expect(201)).body;
    const first = (await startPayment(t, late, booking.id, 'paystack').expect(201)).body;
    // Paying again answers the open checkout; a second one exists only when two starts raced,
    // which is opened here directly, as the losing start of such a race would have.
    expect((await startPayment(t, late, booking.id, 'paystack').expect(201)).body.id).toBe(first.id);
    const second = await t.app
      .get(PaymentRepository)
      .create({ id: newId(), bookingId: booking.id, userId: late.id, provider: 'paystack', reference: newPaymentReference(), amount: 5000, currency: 'NGN' });
    await t.app
      .get(PaymentGateways)
      .get('paystack')
      .initialize({ reference: second.reference, amount: 5000, currency: 'NGN', email: late.email, metadata: { bookingId: booking.id, paymentId: second.id } });
    await paystack.sendWebhook(webhookUrl(t), 'charge.success', paystack.pay(first.reference));
    await paystack.sendWebhook(webhookUrl(t), 'charge.success', paystack.pay(second.reference));
    await t.app.get(JobScheduler).runNow('send-refunds');
    await settleRefundAtPaystack(t, paystack, String(paystack.refunds.at(-1)!.id));
    const one = await t.http().get(`/api/v1/payments/${first.id}`).set(late.auth).expect(200);
    const two = await t.http().get(`/api/v1/payments/${second.id}`).set(late.auth).expect(200);
    expect(one.body.status).toBe('succeeded');
    expect(two.body).toMatchObject({ status: 'refunded', refundedAmount: 5000 });
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM tickets WHERE booking_id = $1', [booking.id]);
    expect(Number(n)).toBe(1);
  });

  it('a payment landing on a booking its owner cancelled is refunded, never re-takes the seats', async () => {
    const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ price: 5000, quantity: 5 }] });
    const booking = (await book(t, late, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 2 }]).expect(201)).body;
    const payment = (await startPayment(t, late, booking.id, 'paystack').expect(201)).body;
    await t.http().post(`/api/v1/bookings/${booking.id}/cancel`).set(late.auth).expect(200);
    await paystack.sendWebhook(webhookUrl(t), 'charge.success', paystack.pay(payment.reference));
    expect((await t.http().get(`/api/v1/bookings/${booking.id}`).set(late.auth).expect(200)).body.status).toBe('cancelled');
    const refund = (await t.http().get('/api/v1/refunds').set(late.auth).expect(200)).body.data.find((r: { paymentId: string }) => r.paymentId === payment.id);
    expect(refund).toMatchObject({ kind: 'automatic', status: 'approved', amount: 10000, reason: expect.stringMatching(/cancelled/) });
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event).toMatchObject({ held: 0, sold: 0 });
  });

  it('payment, cancel and expiry racing on a due hold, 12 rounds: one wins each time; seats, tickets and refunds follow the winner', async () => {
    const event = await createEvent(t, admin, { capacity: 40, ticketTypes: [{ price: 5000, quantity: 40 }] });
    const type = event.ticketTypes[0]!;
    const buyers = await Promise.all(Array.from({ length: 12 }, (_, i) => signUpCustomer(t, { name: `Racer ${i}` })));
    const scheduler = t.app.get(JobScheduler);
    const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 15));
    const raced: { bookingId: string; paymentId: string; webhook: number; cancel: number }[] = [];
    for (const buyer of buyers) {
      const booking = (await book(t, buyer, event.id, [{ ticketTypeId: type.id, quantity: 2 }]).expect(201)).body;
      const payment = (await startPayment(t, buyer, booking.id, 'paystack').expect(201)).body;
      const paid = paystack.pay(payment.reference);
      await query(t, `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE id = $1`, [booking.id]); // the hold is due
      // At once, each a few ms apart at random: Paystack's webhook, the owner's cancel, a sweeper run.
      const [webhook, cancel] = await Promise.all([
        jitter().then(() => paystack.sendWebhook(webhookUrl(t), 'charge.success', paid)),
        jitter().then(() => t.http().post(`/api/v1/bookings/${booking.id}/cancel`).set(buyer.auth)),
        jitter().then(() => scheduler.runNow('expire-holds')),
      ]);
      raced.push({ bookingId: booking.id, paymentId: payment.id, webhook: webhook.status, cancel: cancel.status });
    }

    let confirmed = 0;
    const winners: Record<string, number> = { payment: 0, cancel: 0, expiry: 0 };
    for (const round of raced) {
      expect(round.webhook).toBe(200);
      expect([200, 409]).toContain(round.cancel);
      const [booking] = await query<{ status: string; cancelled: boolean; expired: boolean; confirmed: boolean }>(
        t,
        'SELECT status, cancelled_at IS NOT NULL AS cancelled, expired_at IS NOT NULL AS expired, confirmed_at IS NOT NULL AS confirmed FROM bookings WHERE id = $1',
        [round.bookingId],
      );
      // One transition out of pending_payment: cancelled, or expired (then re-taken by the payment), or confirmed.
      expect(Number(booking!.cancelled) + Number(booking!.expired && !booking!.cancelled) + Number(!booking!.expired && booking!.confirmed)).toBe(1);
      winners[booking!.cancelled ? 'cancel' : booking!.expired ? 'expiry' : 'payment']!++;
      const tickets = await query<{ status: string }>(t, 'SELECT status FROM tickets WHERE booking_id = $1', [round.bookingId]);
      const refunds = await query<{ kind: string; amount: string }>(t, 'SELECT kind, amount FROM refunds WHERE payment_id = $1', [round.paymentId]);
      if (round.cancel === 200) {
        // The cancel won: no ticket was ever issued, and the money that arrived goes back, once.
        expect({ booking: booking!.status, tickets, refunds }).toEqual({
          booking: 'cancelled',
          tickets: [],
          refunds: [{ kind: 'automatic', amount: '10000' }],
        });
      } else {
        // The payment won (or the expiry did, and the payment took the free seats again): two tickets, once; no refund.
        expect({ booking: booking!.status, tickets: tickets.map((x) => x.status), refunds }).toEqual({
          booking: 'confirmed',
          tickets: ['valid', 'valid'],
          refunds: [],
        });
        confirmed++;
      }
    }
    console.info(`payment/cancel/expiry race, 12 rounds: won by ${JSON.stringify(winners)}`);
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event).toMatchObject({ held: 0, sold: confirmed * 2 });
  });
});
