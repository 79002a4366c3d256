import { Role } from '@app/shared';
import { book, createEvent, CreatedEvent } from '../factories/events.js';
import { payWithPaystack, settleRefundAtPaystack } from '../factories/payments.js';
import { ProcessRefundUseCase } from '@app/refunds';
import { scan } from '../factories/tickets.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { FakePaystack } from '../fakes/fake-paystack.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * Refunds through a fake Paystack: partial, full, concurrent approvals; Paystack's queued refunds
 * settled by its webhooks; refusals; and every way an answer can go missing, without ever paying
 * back twice.
 */
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
    t = await startTestApp({
      PAYSTACK_SECRET_KEY: paystack.secretKey,
      PAYSTACK_BASE_URL: paystack.url,
      PAYSTACK_TIMEOUT_MS: '400',
      PAYSTACK_BREAKER_HALF_OPEN_SECONDS: '1',
      JOBS_ENABLED: 'false',
      MAIL_WORKER_ENABLED: 'false',
    });
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
  async function paidBooking(
    quantity: number,
    capacity = quantity,
  ): Promise<{ event: CreatedEvent; bookingId: string; paymentId: string; tickets: { id: string; code: string }[] }> {
    const event = await createEvent(t, admin, { capacity, startsInHours: 1, ticketTypes: [{ price: 1_000_000, quantity: capacity }] });
    const booking = (await book(t, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity }]).expect(201)).body;
    const payment = await payWithPaystack(t, paystack, buyer, booking.id);
    const tickets = await query<{ id: string; code: string }>(t, 'SELECT id, code FROM tickets WHERE booking_id = $1 ORDER BY seq', [booking.id]);
    return { event, bookingId: booking.id, paymentId: payment.id, tickets };
  }
  const requestRefund = (body: object, user = buyer) => t.http().post('/api/v1/refunds').set(user.auth).send(body);
  const approve = (id: string, user = admin) => t.http().post(`/api/v1/refunds/${id}/approve`).set(user.auth);
  const getRefund = async (id: string) => (await t.http().get(`/api/v1/refunds/${id}`).set(admin.auth).expect(200)).body;
  const refundsAtPaystack = (paymentReference: string) => paystack.refunds.filter((r) => r.transactionReference === paymentReference);
  const paymentOf = async (paymentId: string) => (await t.http().get(`/api/v1/payments/${paymentId}`).set(buyer.auth).expect(200)).body;
  const ticketStatus = async (id: string) => (await query<{ status: string }>(t, 'SELECT status FROM tickets WHERE id = $1', [id]))[0]!.status;
  const processor = () => t.app.get(ProcessRefundUseCase);
  /** Approves; Paystack queues it (`approved`, with its refund id); then settles it by webhook. */
  async function approveAndSettle(id: string): Promise<Record<string, unknown>> {
    const sent = (await approve(id).expect(200)).body;
    expect(sent).toMatchObject({ status: 'approved', providerRefundId: expect.any(String), failureReason: null });
    await settleRefundAtPaystack(t, paystack, sent.providerRefundId);
    return getRefund(id);
  }

  it('refunds 2 of 4 tickets, then the rest; a third request is refused; refunded tickets scan refunded; the seats sell again', async () => {
    const { event, bookingId, paymentId, tickets } = await paidBooking(4);
    const first = await requestRefund({ bookingId, ticketIds: [tickets[0]!.id, tickets[1]!.id], reason: 'Two friends cannot come' }).expect(201);
    expect(first.body).toMatchObject({ kind: 'request', status: 'pending', amount: 2_000_000, currency: 'NGN', ticketIds: [tickets[0]!.id, tickets[1]!.id] });
    const before = paystack.refunds.length;
    const sent = (await approve(first.body.id).expect(200)).body;
    // Paystack queues refunds: nothing is settled until it says so.
    expect(sent).toMatchObject({ status: 'approved', providerRefundId: expect.any(String), completedAt: null });
    expect((await t.http().get(`/api/v1/bookings/${bookingId}`).set(buyer.auth).expect(200)).body.status).toBe('confirmed');
    await settleRefundAtPaystack(t, paystack, sent.providerRefundId);
    expect(await getRefund(first.body.id)).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
    expect(paystack.refunds.length).toBe(before + 1);
    expect(paystack.refunds.at(-1)).toMatchObject({ amount: 2_000_000 });
    const partly = (await t.http().get(`/api/v1/bookings/${bookingId}`).set(buyer.auth).expect(200)).body;
    expect(partly).toMatchObject({ status: 'partially_refunded', payment: { status: 'partially_refunded', paidAmount: 4_000_000, refundedAmount: 2_000_000 } });
    expect(partly.tickets.map((x: { status: string }) => x.status)).toEqual(['refunded', 'refunded', 'valid', 'valid']);
    expect((await t.http().get(`/api/v1/payments/${paymentId}`).set(buyer.auth).expect(200)).body).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 2_000_000,
    });
    const scanned = await scan(t, scanner, { eventId: event.id, code: tickets[0]!.code }).expect(200);
    expect(scanned.body.result).toBe('refunded');
    // The two seats are bookable again.
    expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ sold: 2, held: 0 });
    await book(t, stranger, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 2 }]).expect(201);

    const rest = await requestRefund({ bookingId, reason: 'Nobody can come now' }).expect(201);
    expect(rest.body.ticketIds.sort()).toEqual([tickets[2]!.id, tickets[3]!.id].sort());
    expect((await approveAndSettle(rest.body.id)).status).toBe('completed');
    expect((await t.http().get(`/api/v1/bookings/${bookingId}`).set(buyer.auth).expect(200)).body.status).toBe('refunded');
    expect((await t.http().get(`/api/v1/payments/${paymentId}`).set(buyer.auth).expect(200)).body).toMatchObject({
      status: 'refunded',
      refundedAmount: 4_000_000,
    });

    // `ticketIds: null` is not "all of them": it is refused.
    expect((await requestRefund({ bookingId, ticketIds: null, reason: 'Null is not all' }).expect(400)).body.errors[0].field).toBe('ticketIds');
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

  it('a refusal (4xx) leaves the refund failed with the reason and nothing half-done; it may be approved again', async () => {
    const { event, bookingId, paymentId, tickets } = await paidBooking(2);
    const refund = (await requestRefund({ bookingId, ticketIds: [tickets[0]!.id], reason: 'Sick' }).expect(201)).body;
    // Someone refunded most of it in Paystack's dashboard: Paystack refuses ours (more than what is left).
    const reference = (await paymentOf(paymentId)).reference as string;
    await fetch(`${paystack.url}/refund`, {
      method: 'POST',
      headers: { authorization: `Bearer ${paystack.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ transaction: reference, amount: 1_500_000 }),
    });
    const failed = (await approve(refund.id).expect(200)).body;
    expect(failed).toMatchObject({ status: 'failed', failureReason: expect.stringMatching(/cannot be more/) });
    expect(await ticketStatus(tickets[0]!.id)).toBe('valid');
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'succeeded', refundedAmount: 0 });
    expect((await t.http().get(`/api/v1/bookings/${bookingId}`).set(buyer.auth).expect(200)).body.status).toBe('confirmed');
    await expectConsistentLedger(t, event.id);
    // Approving again is allowed (and is refused again here).
    expect((await approve(refund.id).expect(200)).body.status).toBe('failed');
  });

  it('Paystack failing a refund it had queued (refund.failed webhook) fails it: tickets valid again, nothing reserved', async () => {
    const { bookingId, paymentId, tickets } = await paidBooking(2);
    const refund = (await requestRefund({ bookingId, ticketIds: [tickets[0]!.id], reason: 'Sick' }).expect(201)).body;
    const sent = (await approve(refund.id).expect(200)).body;
    expect(await ticketStatus(tickets[0]!.id)).toBe('refunded');
    expect((await paymentOf(paymentId)).refundedAmount).toBe(1_000_000);
    await settleRefundAtPaystack(t, paystack, sent.providerRefundId, 'failed');
    expect(await getRefund(refund.id)).toMatchObject({ status: 'failed', failureReason: expect.any(String) });
    expect(await ticketStatus(tickets[0]!.id)).toBe('valid');
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'succeeded', refundedAmount: 0 });
  });

  it('connection refused: nothing reached Paystack, so the refund goes back in the queue and is sent again by the processor', async () => {
    const { paymentId, bookingId, tickets } = await paidBooking(2);
    const reference = (await paymentOf(paymentId)).reference as string;
    const refund = (await requestRefund({ bookingId, ticketIds: [tickets[0]!.id], reason: 'Sick' }).expect(201)).body;
    await paystack.setDown('refuse');
    const queued = (await approve(refund.id).expect(200)).body;
    expect(queued).toMatchObject({ status: 'approved', providerRefundId: null, failureReason: expect.stringMatching(/^Not sent/) });
    expect(refundsAtPaystack(reference)).toHaveLength(0);
    await paystack.setDown(false);
    expect(await processor().processDue()).toBe(0); // sent now, and queued at Paystack
    const sent = await getRefund(refund.id);
    expect(sent).toMatchObject({ status: 'approved', providerRefundId: expect.any(String), failureReason: null });
    await settleRefundAtPaystack(t, paystack, sent.providerRefundId);
    expect((await getRefund(refund.id)).status).toBe('completed');
    expect(refundsAtPaystack(reference)).toHaveLength(1);
  });

  it('answer lost after Paystack refunded (reset, 5xx): never sent twice; reconciliation finds it by our id, or re-sends when Paystack has none', async () => {
    const { paymentId, bookingId, tickets } = await paidBooking(3);
    const reference = (await paymentOf(paymentId)).reference as string;

    // 1. Paystack created the refund, then the connection dropped before its answer.
    const lost = (await requestRefund({ bookingId, ticketIds: [tickets[0]!.id], reason: 'Lost answer' }).expect(201)).body;
    await paystack.setDown('lose-answers');
    const unknown = (await approve(lost.id).expect(200)).body;
    await paystack.setDown(false);
    expect(unknown).toMatchObject({ status: 'approved', providerRefundId: null, failureReason: expect.stringMatching(/^Outcome unknown/) });
    expect(refundsAtPaystack(reference)).toHaveLength(1);
    // Approving again, or the processor, never sends it while its outcome is unknown.
    expect((await approve(lost.id).expect(409)).body.code).toBe('invalid_refund_state');
    expect(await processor().processDue()).toBe(0);
    expect(await processor().reconcile(20, 60)).toBe(0); // not overdue yet
    expect(refundsAtPaystack(reference)).toHaveLength(1);
    // Reconciliation asks Paystack, finds its refund by our id, and waits for the outcome.
    await processor().reconcile(20, 0);
    const found = await getRefund(lost.id);
    expect(found).toMatchObject({ status: 'approved', providerRefundId: String(refundsAtPaystack(reference)[0]!.id), failureReason: null });
    paystack.processRefund(Number(found.providerRefundId)); // processed, but its webhook never comes
    expect(await processor().reconcile(20, 0)).toBe(1);
    expect((await getRefund(lost.id)).status).toBe('completed');
    expect(refundsAtPaystack(reference)).toHaveLength(1);

    // 2. Paystack answered 500 without creating anything: reconciliation re-queues it, the processor sends it once.
    const failedCall = (await requestRefund({ bookingId, ticketIds: [tickets[1]!.id], reason: 'Server error' }).expect(201)).body;
    await paystack.setDown('http500');
    expect((await approve(failedCall.id).expect(200)).body).toMatchObject({ status: 'approved', failureReason: expect.stringMatching(/^Outcome unknown/) });
    await paystack.setDown(false);
    expect(refundsAtPaystack(reference)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1100)); // the breaker lets calls through again
    expect(await processor().reconcile(20, 0)).toBe(1);
    expect(await getRefund(failedCall.id)).toMatchObject({ status: 'approved', failureReason: expect.stringMatching(/no record/) });
    await processor().processDue();
    const resent = await getRefund(failedCall.id);
    expect(resent.providerRefundId).toEqual(expect.any(String));
    expect(refundsAtPaystack(reference)).toHaveLength(2);
    await settleRefundAtPaystack(t, paystack, resent.providerRefundId);
    expect((await getRefund(failedCall.id)).status).toBe('completed');
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'partially_refunded', refundedAmount: 2_000_000 });
  });

  it('a refund completing while another is in flight does not mark the payment refunded; the other failing leaves it refundable', async () => {
    const { bookingId, paymentId, tickets } = await paidBooking(2);
    const a = (await requestRefund({ bookingId, ticketIds: [tickets[0]!.id], reason: 'First friend' }).expect(201)).body;
    const b = (await requestRefund({ bookingId, ticketIds: [tickets[1]!.id], reason: 'Second friend' }).expect(201)).body;
    const sentA = (await approve(a.id).expect(200)).body;
    const sentB = (await approve(b.id).expect(200)).body;
    expect((await paymentOf(paymentId)).refundedAmount).toBe(2_000_000); // both reserved
    await settleRefundAtPaystack(t, paystack, sentA.providerRefundId);
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'partially_refunded', refundedAmount: 2_000_000 });
    await settleRefundAtPaystack(t, paystack, sentB.providerRefundId, 'failed');
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'partially_refunded', refundedAmount: 1_000_000 });
    expect((await t.http().get(`/api/v1/bookings/${bookingId}`).set(buyer.auth).expect(200)).body.status).toBe('partially_refunded');
    // The rest can still be refunded.
    const again = (await requestRefund({ bookingId, reason: 'Second friend again' }).expect(201)).body;
    expect(again.ticketIds).toEqual([tickets[1]!.id]);
    expect((await approveAndSettle(again.id)).status).toBe('completed');
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'refunded', refundedAmount: 2_000_000 });
    expect((await t.http().get(`/api/v1/bookings/${bookingId}`).set(buyer.auth).expect(200)).body.status).toBe('refunded');
  });

  it('never refunds a checked-in ticket, nor more than was paid (the database refuses it too)', async () => {
    const { event, bookingId, paymentId, tickets } = await paidBooking(2);
    await scan(t, scanner, { eventId: event.id, code: tickets[0]!.code }).expect(200);
    const refused = await requestRefund({ bookingId, ticketIds: [tickets[0]!.id], reason: 'Left early' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'ticket_not_refundable', ticketIds: [tickets[0]!.id] });
    // Everything left is refunded; then the payment cannot give back more, whatever the code would try.
    const rest = (await requestRefund({ bookingId, reason: 'The other one' }).expect(201)).body;
    expect(rest.ticketIds).toEqual([tickets[1]!.id]);
    await approveAndSettle(rest.id);
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
    const mails = await query<{ template: string }>(t, `SELECT template FROM outbox_messages WHERE "to" = $1 AND data->>'refundId' = $2`, [
      buyer.email,
      refund.id,
    ]);
    expect(mails.map((m) => m.template).sort()).toEqual(['refund-rejected', 'refund-requested']);
    const viewerList = await t.http().get('/api/v1/refunds').query({ status: 'rejected' }).set(viewer.auth).expect(200);
    expect(viewerList.body.data.map((r: { id: string }) => r.id)).toContain(refund.id);
    const own = await t.http().get('/api/v1/refunds').set(stranger.auth).expect(200);
    expect(own.body.data).toEqual([]);
  });

  it('lists refunds and payments of one event newest first in keyset pages, filtered by status, provider and event', async () => {
    const { event, bookingId, paymentId, tickets } = await paidBooking(3, 4);
    const second = (await book(t, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }]).expect(201)).body;
    const secondPayment = await payWithPaystack(t, paystack, buyer, second.id);
    const made: string[] = [];
    for (const ticket of tickets) made.push((await requestRefund({ bookingId, ticketIds: [ticket.id], reason: 'One by one' }).expect(201)).body.id);
    await t.http().post(`/api/v1/refunds/${made[0]}/reject`).set(admin.auth).send({ reason: 'Not eligible' }).expect(200);

    /** Follows nextCursor with `limit` 1 and returns the ids in the order served. */
    const walk = async (path: string, filters: Record<string, string>, user = admin): Promise<string[]> => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await t
          .http()
          .get(path)
          .query({ ...filters, limit: 1, ...(cursor ? { cursor } : {}) })
          .set(user.auth)
          .expect(200);
        expect(res.body.data.length).toBeLessThanOrEqual(1);
        ids.push(...res.body.data.map((r: { id: string }) => r.id));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      return ids;
    };
    expect(await walk('/api/v1/refunds', { eventId: event.id })).toEqual([...made].reverse());
    expect(await walk('/api/v1/refunds', { eventId: event.id, status: 'pending' })).toEqual([made[2], made[1]]);
    expect(await walk('/api/v1/refunds', { eventId: event.id }, buyer)).toEqual([...made].reverse());
    expect(await walk('/api/v1/refunds', { eventId: event.id }, stranger)).toEqual([]);
    expect(await walk('/api/v1/payments', { eventId: event.id })).toEqual([secondPayment.id, paymentId]);
    expect(await walk('/api/v1/payments', { eventId: event.id, provider: 'manual' })).toEqual([]);
    expect(await walk('/api/v1/payments', { eventId: event.id, provider: 'paystack', status: 'succeeded' }, viewer)).toEqual([secondPayment.id, paymentId]);
    const bad = await t.http().get('/api/v1/refunds').query({ cursor: 'not-a-cursor' }).set(admin.auth).expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('five refund requests for the same tickets at once: one refund, the others 409 (requests of a booking run one at a time)', async () => {
    const { bookingId, tickets } = await paidBooking(2);
    const results = await Promise.all(Array.from({ length: 5 }, () => requestRefund({ bookingId, ticketIds: [tickets[0]!.id], reason: 'Clicked five times' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(4).fill('ticket_not_refundable'));
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM refunds WHERE booking_id = $1', [bookingId]);
    expect(Number(n)).toBe(1);
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
