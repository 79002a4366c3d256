import { Role } from '@app/shared';
import { book, createEvent, CreatedEvent } from '../factories/events.js';
import { payWithPaystack } from '../factories/payments.js';
import { scan } from '../factories/tickets.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { FakePaystack } from '../fakes/fake-paystack.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/** Refunds through a fake Paystack: partial, full, concurrent approvals, provider failure and retry. */
describe('refunds (e2e)', () => {
  let t: TestApp;
  let paystack: FakePaystack;
  let admin: SignedInUser;
  let admins: SignedInUser[];
  let scanner: SignedInUser;
  let viewer: SignedInUser;
  let buyer: SignedInUser;
  let stranger: SignedInUser;

  beforeAll(async () => {
    paystack = await FakePaystack.start();
    t = await startTestApp({ PAYSTACK_SECRET_KEY: paystack.secretKey, PAYSTACK_BASE_URL: paystack.url, PAYSTACK_TIMEOUT_MS: '400', JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
    admin = await createAdmin(t);
    admins = [admin, ...(await Promise.all(Array.from({ length: 4 }, () => createAdmin(t))))];
    scanner = await createUser(t, [Role.Scanner]);
    viewer = await createUser(t, [Role.Viewer]);
    buyer = await signUpCustomer(t, { name: 'Refund Seeker' });
    stranger = await signUpCustomer(t);
  });
  afterAll(async () => {
    await t.close();
    await paystack.close();
  });

  /** A paid booking of `quantity` seats at 10,000.00 NGN each, on an event that opens for check-in now. */
  async function paidBooking(quantity: number, capacity = quantity): Promise<{ event: CreatedEvent; bookingId: string; paymentId: string; tickets: { id: string; code: string }[] }> {
    const event = await createEvent(t, admin, { capacity, startsInHours: 1, ticketTypes: [{ price: 1_000_000, quantity: capacity }] });
    const booking = (await book(t, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity }]).expect(201)).body;
    const payment = await payWithPaystack(t, paystack, buyer, booking.id);
    const tickets = await query<{ id: string; code: string }>(t, 'SELECT id, code FROM tickets WHERE booking_id = $1 ORDER BY seq', [booking.id]);
    return { event, bookingId: booking.id, paymentId: payment.id, tickets };
  }
  const requestRefund = (body: object, user = buyer) => t.http().post('/api/v1/refunds').set(user.auth).send(body);
  const approve = (id: string, user = admin) => t.http().post(`/api/v1/refunds/${id}/approve`).set(user.auth);

  it('refunds 2 of 4 tickets, then the rest; a third request is refused; refunded tickets scan refunded; the seats sell again', async () => {
    const { event, bookingId, paymentId, tickets } = await paidBooking(4);
    const first = await requestRefund({ bookingId, ticketIds: [tickets[0]!.id, tickets[1]!.id], reason: 'Two friends cannot come' }).expect(201);
    expect(first.body).toMatchObject({ kind: 'request', status: 'pending', amount: 2_000_000, currency: 'NGN', ticketIds: [tickets[0]!.id, tickets[1]!.id] });
    const before = paystack.refunds.length;
    const done = await approve(first.body.id).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
    expect(paystack.refunds.length).toBe(before + 1);
    expect(paystack.refunds.at(-1)).toMatchObject({ amount: 2_000_000 });
    const partly = (await t.http().get(`/api/v1/bookings/${bookingId}`).set(buyer.auth).expect(200)).body;
    expect(partly).toMatchObject({ status: 'partially_refunded', payment: { status: 'partially_refunded', paidAmount: 4_000_000, refundedAmount: 2_000_000 } });
    expect(partly.tickets.map((x: { status: string }) => x.status)).toEqual(['refunded', 'refunded', 'valid', 'valid']);
    expect((await t.http().get(`/api/v1/payments/${paymentId}`).set(buyer.auth).expect(200)).body).toMatchObject({ status: 'partially_refunded', refundedAmount: 2_000_000 });
    const scanned = await scan(t, scanner, { eventId: event.id, code: tickets[0]!.code }).expect(200);
    expect(scanned.body.result).toBe('refunded');
    // The two seats are bookable again.
    expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ sold: 2, held: 0 });
    await book(t, stranger, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 2 }]).expect(201);

    const rest = await requestRefund({ bookingId, reason: 'Nobody can come now' }).expect(201);
    expect(rest.body.ticketIds.sort()).toEqual([tickets[2]!.id, tickets[3]!.id].sort());
    expect((await approve(rest.body.id).expect(200)).body.status).toBe('completed');
    expect((await t.http().get(`/api/v1/bookings/${bookingId}`).set(buyer.auth).expect(200)).body.status).toBe('refunded');
    expect((await t.http().get(`/api/v1/payments/${paymentId}`).set(buyer.auth).expect(200)).body).toMatchObject({ status: 'refunded', refundedAmount: 4_000_000 });

    const third = await requestRefund({ bookingId, reason: 'Once more?' }).expect(409);
    expect(third.body.code).toBe('nothing_to_refund');
    const stats = await t.http().get(`/api/v1/events/${event.id}/stats`).set(viewer.auth).expect(200);
    expect(stats.body).toMatchObject({ refunded: 4_000_000, revenue: 4_000_000 });
    await expectConsistentLedger(t, event.id);
  });

  it('five admins approving one refund at once: one provider refund', async () => {
    const { bookingId, paymentId } = await paidBooking(2);
    const refund = (await requestRefund({ bookingId, reason: 'Plans changed' }).expect(201)).body;
    const before = paystack.refunds.length;
    const results = await Promise.all(admins.map((a) => approve(refund.id, a)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'invalid_refund_state')).toBe(true);
    expect(paystack.refunds.length).toBe(before + 1);
    expect((await t.http().get(`/api/v1/payments/${paymentId}`).set(buyer.auth).expect(200)).body.refundedAmount).toBe(2_000_000);
  });

  it('a provider failure leaves the refund failed with the reason and nothing half-done; a retry completes it', async () => {
    const { event, bookingId, paymentId, tickets } = await paidBooking(2);
    const refund = (await requestRefund({ bookingId, ticketIds: [tickets[0]!.id], reason: 'Sick' }).expect(201)).body;
    await paystack.setDown('http500');
    const failed = await approve(refund.id).expect(200);
    expect(failed.body).toMatchObject({ status: 'failed', failureReason: expect.any(String) });
    const [ticket] = await query<{ status: string }>(t, 'SELECT status FROM tickets WHERE id = $1', [tickets[0]!.id]);
    expect(ticket!.status).toBe('valid');
    expect((await t.http().get(`/api/v1/payments/${paymentId}`).set(buyer.auth).expect(200)).body).toMatchObject({ status: 'succeeded', refundedAmount: 0 });
    expect((await t.http().get(`/api/v1/bookings/${bookingId}`).set(buyer.auth).expect(200)).body.status).toBe('confirmed');
    await expectConsistentLedger(t, event.id);

    await paystack.setDown(false);
    await new Promise((r) => setTimeout(r, 100));
    let retried = await approve(refund.id);
    for (let i = 0; i < 40 && retried.body.status !== 'completed'; i++) {
      // The circuit breaker may still be open for a moment after the outage.
      await new Promise((r) => setTimeout(r, 250));
      retried = await approve(refund.id);
    }
    expect(retried.body.status).toBe('completed');
    expect((await t.http().get(`/api/v1/payments/${paymentId}`).set(buyer.auth).expect(200)).body.refundedAmount).toBe(1_000_000);
  });

  it('never refunds a checked-in ticket, nor more than was paid (the database refuses it too)', async () => {
    const { event, bookingId, paymentId, tickets } = await paidBooking(2);
    await scan(t, scanner, { eventId: event.id, code: tickets[0]!.code }).expect(200);
    const refused = await requestRefund({ bookingId, ticketIds: [tickets[0]!.id], reason: 'Left early' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'ticket_not_refundable', ticketIds: [tickets[0]!.id] });
    // Everything left is refunded; then the payment cannot give back more, whatever the code would try.
    const rest = (await requestRefund({ bookingId, reason: 'The other one' }).expect(201)).body;
    expect(rest.ticketIds).toEqual([tickets[1]!.id]);
    await approve(rest.id).expect(200);
    await expect(query(t, 'UPDATE payments SET refunded_amount = amount + 1 WHERE id = $1', [paymentId])).rejects.toThrow(/payments_refunded_check/);
  });

  it('a ticket in a pending refund is not requested twice; rejection e-mails the reason; ownership and roles hold', async () => {
    const { bookingId, tickets } = await paidBooking(2);
    const refund = (await requestRefund({ bookingId, ticketIds: [tickets[0]!.id], reason: 'First' }).expect(201)).body;
    const twice = await requestRefund({ bookingId, ticketIds: [tickets[0]!.id], reason: 'Again' }).expect(409);
    expect(twice.body.code).toBe('ticket_not_refundable');
    await requestRefund({ bookingId, reason: 'Not mine' }, stranger).expect(404);
    await t.http().get(`/api/v1/refunds/${refund.id}`).set(stranger.auth).expect(404);
    await approve(refund.id, buyer).expect(403);
    await t.http().post(`/api/v1/refunds/${refund.id}/reject`).set(viewer.auth).send({ reason: 'No' }).expect(403);
    const rejected = await t.http().post(`/api/v1/refunds/${refund.id}/reject`).set(admin.auth).send({ reason: 'Refunds closed for this event' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Refunds closed for this event' });
    await approve(refund.id).expect(409);
    const mails = await query<{ template: string }>(t, `SELECT template FROM outbox_messages WHERE "to" = $1 AND data->>'refundId' = $2`, [buyer.email, refund.id]);
    expect(mails.map((m) => m.template).sort()).toEqual(['refund-rejected', 'refund-requested']);
    const viewerList = await t.http().get('/api/v1/refunds').query({ status: 'rejected' }).set(viewer.auth).expect(200);
    expect(viewerList.body.data.map((r: { id: string }) => r.id)).toContain(refund.id);
    const own = await t.http().get('/api/v1/refunds').set(stranger.auth).expect(200);
    expect(own.body.data).toEqual([]);
  });

  it('never refunds a ticket the buyer transferred to someone else', async () => {
    const { bookingId, tickets } = await paidBooking(2);
    const friend = await signUpCustomer(t, { name: 'Friend' });
    const offer = await t.http().post('/api/v1/transfers').set(buyer.auth).send({ ticketId: tickets[0]!.id, toEmail: friend.email }).expect(201);
    await t.http().post(`/api/v1/transfers/${offer.body.id}/accept`).set(friend.auth).expect(200);
    const [given] = await query<{ id: string }>(t, `SELECT id FROM tickets WHERE replaces_ticket_id = $1`, [tickets[0]!.id]);
    const explicit = await requestRefund({ bookingId, ticketIds: [given!.id], reason: 'Not mine any more' }).expect(400);
    expect(explicit.body.errors[0].field).toBe('ticketIds');
    const all = (await requestRefund({ bookingId, reason: 'Everything I hold' }).expect(201)).body;
    expect(all.ticketIds).toEqual([tickets[1]!.id]);
    expect(all.amount).toBe(1_000_000);
  });

  it('honours Idempotency-Key on refund requests', async () => {
    const { bookingId } = await paidBooking(1);
    const first = await t.http().post('/api/v1/refunds').set(buyer.auth).set('Idempotency-Key', 'refund-1').send({ bookingId, reason: 'Once' }).expect(201);
    const again = await t.http().post('/api/v1/refunds').set(buyer.auth).set('Idempotency-Key', 'refund-1').send({ bookingId, reason: 'Once' }).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });
});
