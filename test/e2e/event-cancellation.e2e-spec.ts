import { CancelEventUseCase } from '@app/event-cancellation';
import { JobScheduler } from '../../apps/api/src/jobs/job-scheduler.js';
import { book, createEvent } from '../factories/events.js';
import { payWithPaystack, settleRefundAtPaystack, startPayment } from '../factories/payments.js';
import { tinyPng } from '../factories/files.js';
import { scan } from '../factories/tickets.js';
import { decideTransfer, offerTransfer } from '../factories/transfers.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { Role } from '@app/shared';
import { FakePaystack } from '../fakes/fake-paystack.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * Cancelling an event with pending, Paystack-paid, manually paid and free bookings: each is
 * handled exactly once even when the pass stops half-way and runs again.
 */
describe('event cancellation (e2e)', () => {
  let t: TestApp;
  let paystack: FakePaystack;
  let admin: SignedInUser;
  let scanner: SignedInUser;
  let buyers: SignedInUser[];

  beforeAll(async () => {
    paystack = await FakePaystack.start();
    t = await startTestApp({ PAYSTACK_SECRET_KEY: paystack.secretKey, PAYSTACK_BASE_URL: paystack.url, JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
    admin = await createAdmin(t);
    scanner = await createUser(t, [Role.Scanner]);
    buyers = await Promise.all(Array.from({ length: 6 }, (_, i) => signUpCustomer(t, { name: `Buyer ${i}` })));
  });
  afterAll(async () => {
    await t.close();
    await paystack.close();
  });

  it('cancels pending bookings, refunds paid ones in full, cancels every ticket, tells every buyer; resumable', async () => {
    const event = await createEvent(t, admin, {
      capacity: 50,
      startsInHours: 1,
      ticketTypes: [
        { name: 'Paid', price: 500_000, quantity: 40 },
        { name: 'Free', price: 0, quantity: 10 },
      ],
    });
    const [paid, free] = event.ticketTypes;
    const pending = (await book(t, buyers[0]!, event.id, [{ ticketTypeId: paid!.id, quantity: 2 }]).expect(201)).body;
    expect(pending.status).toBe('pending_payment');
    const online = (await book(t, buyers[1]!, event.id, [{ ticketTypeId: paid!.id, quantity: 3 }]).expect(201)).body;
    const onlinePayment = await payWithPaystack(t, paystack, buyers[1]!, online.id);
    const manual = (await book(t, buyers[2]!, event.id, [{ ticketTypeId: paid!.id, quantity: 1 }]).expect(201)).body;
    const manualPayment = (await startPayment(t, buyers[2]!, manual.id, 'manual').expect(201)).body;
    await t
      .http()
      .post(`/api/v1/payments/${manualPayment.id}/proof`)
      .set(buyers[2]!.auth)
      .attach('file', await tinyPng(), 'r.png')
      .expect(200);
    await t.http().post(`/api/v1/payments/${manualPayment.id}/approve`).set(admin.auth).expect(200);
    const freeBooking = (await book(t, buyers[3]!, event.id, [{ ticketTypeId: free!.id, quantity: 2 }]).expect(201)).body;
    const freeTickets = await query<{ code: string }>(t, 'SELECT code FROM tickets WHERE booking_id = $1', [freeBooking.id]);

    // Cancel, handling only one booking before "the process dies"; then the job finishes; then it finds nothing left.
    await t.app.get(CancelEventUseCase).execute({ userId: admin.id, email: admin.email, name: admin.name, roles: admin.roles }, event.id, 1);
    const handledFirst = await query<{ n: string }>(t, `SELECT count(*) AS n FROM bookings WHERE event_id = $1 AND status = 'cancelled'`, [event.id]);
    expect(Number(handledFirst[0]!.n)).toBe(1);
    expect(await t.app.get(JobScheduler).runNow('event-cancellations')).toBe(3);
    expect(await t.app.get(JobScheduler).runNow('event-cancellations')).toBe(0);

    const bookings = await query<{ id: string; status: string }>(t, 'SELECT id, status FROM bookings WHERE event_id = $1', [event.id]);
    expect(bookings.every((b) => b.status === 'cancelled')).toBe(true);
    const refunds = await query<{ booking_id: string; amount: string; kind: string; status: string }>(
      t,
      'SELECT booking_id, amount, kind, status FROM refunds r WHERE booking_id IN (SELECT id FROM bookings WHERE event_id = $1) ORDER BY booking_id',
      [event.id],
    );
    expect(refunds.map((r) => [r.booking_id, Number(r.amount), r.kind, r.status]).sort()).toEqual(
      [
        [online.id, 1_500_000, 'event_cancelled', 'approved'],
        [manual.id, 500_000, 'event_cancelled', 'approved'],
      ].sort(),
    );
    const tickets = await query<{ status: string }>(t, 'SELECT status FROM tickets WHERE event_id = $1', [event.id]);
    expect(tickets).toHaveLength(6);
    expect(tickets.every((x) => x.status === 'cancelled')).toBe(true);
    const mails = await query<{ to: string }>(
      t,
      `SELECT "to" FROM outbox_messages WHERE template = 'event-cancelled' AND data->>'eventTitle' = (SELECT title FROM events WHERE id = $1)`,
      [event.id],
    );
    expect(mails.map((m) => m.to).sort()).toEqual([buyers[0]!.email, buyers[1]!.email, buyers[2]!.email, buyers[3]!.email].sort());
    const scanned = await scan(t, scanner, { eventId: event.id, code: freeTickets[0]!.code }).expect(200);
    expect(['cancelled', 'event_not_open']).toContain(scanned.body.result);

    // The refunds go out through each payment's provider: Paystack for one, a manual record for the other.
    const before = paystack.refunds.length;
    expect(await t.app.get(JobScheduler).runNow('send-refunds')).toBe(1); // the manual one; Paystack queues its own
    expect(await t.app.get(JobScheduler).runNow('send-refunds')).toBe(0);
    expect(paystack.refunds.length).toBe(before + 1);
    expect(paystack.refunds.at(-1)).toMatchObject({ amount: 1_500_000 });
    await settleRefundAtPaystack(t, paystack, String(paystack.refunds.at(-1)!.id));
    expect((await t.http().get(`/api/v1/payments/${onlinePayment.id}`).set(buyers[1]!.auth).expect(200)).body.status).toBe('refunded');
    expect((await t.http().get(`/api/v1/payments/${manualPayment.id}`).set(buyers[2]!.auth).expect(200)).body.status).toBe('refunded');
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event).toMatchObject({ sold: 0, held: 0 });
  });

  it('POST /events/{id}/cancel answers the cancelled event, once; nobody can book it afterwards', async () => {
    const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ price: 0, quantity: 5 }] });
    await book(t, buyers[4]!, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }]).expect(201);
    await t.http().post(`/api/v1/events/${event.id}/cancel`).set(buyers[4]!.auth).expect(403);
    const res = await t.http().post(`/api/v1/events/${event.id}/cancel`).set(admin.auth).expect(200);
    expect(res.body.status).toBe('cancelled');
    const again = await t.http().post(`/api/v1/events/${event.id}/cancel`).set(admin.auth).expect(409);
    expect(again.body).toMatchObject({ code: 'invalid_event_state', status: 409, eventStatus: 'cancelled' });
    const refused = await book(t, buyers[4]!, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }]).expect(409);
    expect(refused.body.code).toBe('event_not_on_sale');
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'event.cancelled', entityId: event.id }).set(admin.auth).expect(200);
    expect(audit.body.data).toHaveLength(1);
  });

  it('a draft is not cancelled (it is deleted instead): 409, nothing changes', async () => {
    const event = await createEvent(t, admin, { capacity: 5, draft: true, ticketTypes: [{ price: 0, quantity: 5 }] });
    const res = await t.http().post(`/api/v1/events/${event.id}/cancel`).set(admin.auth).expect(409);
    expect(res.body).toMatchObject({ code: 'invalid_event_state', eventStatus: 'draft' });
    expect((await t.http().get(`/api/v1/events/${event.id}`).set(admin.auth).expect(200)).body.status).toBe('draft');
  });

  it('a ticket refund in flight when the event is cancelled, then failed by Paystack: its tickets are cancelled and its amount refunded for the cancellation', async () => {
    const event = await createEvent(t, admin, { capacity: 4, startsInHours: 1, ticketTypes: [{ price: 100_000, quantity: 4 }] });
    const booking = (await book(t, buyers[5]!, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 3 }]).expect(201)).body;
    const payment = await payWithPaystack(t, paystack, buyers[5]!, booking.id);
    const tickets = await query<{ id: string }>(t, 'SELECT id FROM tickets WHERE booking_id = $1 ORDER BY seq', [booking.id]);
    const request = (
      await t
        .http()
        .post('/api/v1/refunds')
        .set(buyers[5]!.auth)
        .send({ bookingId: booking.id, ticketIds: [tickets[0]!.id], reason: 'One cannot come' })
        .expect(201)
    ).body;
    const sent = (await t.http().post(`/api/v1/refunds/${request.id}/approve`).set(admin.auth).expect(200)).body;
    expect(sent).toMatchObject({ status: 'approved', providerRefundId: expect.any(String) });
    // Stats count refunds once they are completed, per ticket type as in the total: this one is still in flight.
    const inFlight = (await t.http().get(`/api/v1/events/${event.id}/stats`).set(admin.auth).expect(200)).body;
    expect([inFlight.refunded, inFlight.ticketTypes[0].refunded]).toEqual([0, 0]);

    // The event is cancelled meanwhile: the other two tickets are cancelled and refunded (what is not in flight).
    await t.http().post(`/api/v1/events/${event.id}/cancel`).set(admin.auth).expect(200);
    const cancellation = await query<{ amount: string }>(t, `SELECT amount FROM refunds WHERE booking_id = $1 AND kind = 'event_cancelled'`, [booking.id]);
    expect(cancellation.map((r) => Number(r.amount))).toEqual([200_000]);

    // Paystack then fails the first refund: the ticket cannot come back; its amount is refunded for the cancellation.
    await settleRefundAtPaystack(t, paystack, sent.providerRefundId, 'failed');
    expect((await t.http().get(`/api/v1/refunds/${request.id}`).set(admin.auth).expect(200)).body.status).toBe('failed');
    const statuses = await query<{ status: string }>(t, 'SELECT status FROM tickets WHERE booking_id = $1 ORDER BY seq', [booking.id]);
    expect(statuses.map((x) => x.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const owed = await query<{ amount: string; status: string }>(
      t,
      `SELECT amount, status FROM refunds WHERE booking_id = $1 AND kind = 'event_cancelled' ORDER BY amount`,
      [booking.id],
    );
    expect(owed.map((r) => [Number(r.amount), r.status])).toEqual([
      [100_000, 'approved'],
      [200_000, 'approved'],
    ]);
    expect((await t.http().get(`/api/v1/payments/${payment.id}`).set(buyers[5]!.auth).expect(200)).body.refundedAmount).toBe(300_000);
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event).toMatchObject({ sold: 0, held: 0 });
  });

  it('stats keep the revenue of the seats sold after the event is cancelled, and count every refund per ticket type as in the total', async () => {
    const event = await createEvent(t, admin, {
      capacity: 10,
      ticketTypes: [
        { name: 'A', price: 1_000, quantity: 5 },
        { name: 'B', price: 2_500, quantity: 5 },
      ],
    });
    const [a, b] = event.ticketTypes;
    const payManually = async (buyer: SignedInUser, bookingId: string) => {
      const payment = (await startPayment(t, buyer, bookingId, 'manual').expect(201)).body;
      await t
        .http()
        .post(`/api/v1/payments/${payment.id}/proof`)
        .set(buyer.auth)
        .attach('file', await tinyPng(), 'r.png')
        .expect(200);
      await t.http().post(`/api/v1/payments/${payment.id}/approve`).set(admin.auth).expect(200);
    };
    const first = (
      await book(t, buyers[0]!, event.id, [
        { ticketTypeId: a!.id, quantity: 2 },
        { ticketTypeId: b!.id, quantity: 1 },
      ]).expect(201)
    ).body;
    await payManually(buyers[0]!, first.id);
    const second = (await book(t, buyers[1]!, event.id, [{ ticketTypeId: a!.id, quantity: 1 }]).expect(201)).body;
    await payManually(buyers[1]!, second.id);
    // One ticket of type A refunded on request (a manual refund completes on approval).
    const refund = (await t.http().post('/api/v1/refunds').set(buyers[1]!.auth).send({ bookingId: second.id, reason: 'Cannot come' }).expect(201)).body;
    expect((await t.http().post(`/api/v1/refunds/${refund.id}/approve`).set(admin.auth).expect(200)).body.status).toBe('completed');

    const stats = async () => (await t.http().get(`/api/v1/events/${event.id}/stats`).set(admin.auth).expect(200)).body;
    const before = await stats();
    expect(before).toMatchObject({ revenue: 5_500, refunded: 1_000 });
    expect(before.ticketTypes).toEqual([
      expect.objectContaining({ name: 'A', revenue: 3_000, refunded: 1_000 }),
      expect.objectContaining({ name: 'B', revenue: 2_500, refunded: 0 }),
    ]);

    // Cancelling refunds the rest (the first booking in full); what was sold stays revenue, the refunds add up by type.
    await t.http().post(`/api/v1/events/${event.id}/cancel`).set(admin.auth).expect(200);
    await t.app.get(JobScheduler).runNow('event-cancellations');
    await t.app.get(JobScheduler).runNow('send-refunds');
    const after = await stats();
    expect(after).toMatchObject({ sold: 0, revenue: 5_500, refunded: 5_500 });
    expect(after.ticketTypes).toEqual([
      expect.objectContaining({ name: 'A', revenue: 3_000, refunded: 3_000 }),
      expect.objectContaining({ name: 'B', revenue: 2_500, refunded: 2_500 }),
    ]);
  });

  it('e-mails the holders too: a transfer recipient whose ticket the cancellation voids is told, once, as is the buyer', async () => {
    const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ name: 'Free', price: 0, quantity: 5 }] });
    const booking = (await book(t, buyers[0]!, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 2 }]).expect(201)).body;
    const recipient = await signUpCustomer(t, { name: 'Ticket Recipient' });
    const transfer = (await offerTransfer(t, buyers[0]!, { ticketId: booking.tickets[0].id, toEmail: recipient.email }).expect(201)).body;
    const accepted = (await decideTransfer(t, recipient, transfer.id, 'accept').expect(200)).body;

    await t.http().post(`/api/v1/events/${event.id}/cancel`).set(admin.auth).expect(200);
    await t.app.get(JobScheduler).runNow('event-cancellations');
    const held = (await t.http().get(`/api/v1/tickets/${accepted.newTicketId}`).set(recipient.auth).expect(200)).body;
    expect(held.status).toBe('cancelled');
    const title = (await t.http().get(`/api/v1/events/${event.id}`).set(admin.auth).expect(200)).body.title;
    const mails = await query<{ to: string }>(t, `SELECT "to" FROM outbox_messages WHERE template = 'event-cancelled' AND data->>'eventTitle' = $1`, [title]);
    expect(mails.map((m) => m.to).sort()).toEqual([buyers[0]!.email, recipient.email].sort());
  });
});
