import { ProcessRefundUseCase } from '@app/refunds';
import { Role } from '@app/shared';
import { book, createEvent } from '../factories/events.js';
import { payWithPaystack, settleRefundAtPaystack } from '../factories/payments.js';
import { scan } from '../factories/tickets.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { FakePaystack } from '../fakes/fake-paystack.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * An organiser cancels a paid booking (`POST /bookings/{id}/cancel` by an admin, with a reason):
 * valid tickets cancelled and their seats released, checked-in tickets kept, what was paid refunded
 * in full through the payment's provider (Paystack, a local fake), the buyer e-mailed, audited;
 * exactly once under concurrent cancels, and consistent with check-ins racing it.
 */
describe('organiser cancellation of paid bookings (e2e)', () => {
  let t: TestApp;
  let paystack: FakePaystack;
  let admin: SignedInUser;
  let scanner: SignedInUser;
  let buyer: SignedInUser;

  beforeAll(async () => {
    paystack = await FakePaystack.start();
    t = await startTestApp({ PAYSTACK_SECRET_KEY: paystack.secretKey, PAYSTACK_BASE_URL: paystack.url, JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
    admin = await createAdmin(t);
    scanner = await createUser(t, [Role.Scanner]);
    buyer = await signUpCustomer(t, { name: 'Cancelled Buyer' });
  });
  afterAll(async () => {
    await t.close();
    await paystack.close();
  });

  async function paidBooking(quantity: number) {
    const event = await createEvent(t, admin, { capacity: 20, startsInHours: 1, ticketTypes: [{ price: 500_000, quantity: 20 }] });
    const booking = (await book(t, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity }]).expect(201)).body;
    const payment = await payWithPaystack(t, paystack, buyer, booking.id);
    const tickets = await query<{ id: string; code: string }>(t, 'SELECT id, code FROM tickets WHERE booking_id = $1 ORDER BY seq', [booking.id]);
    return { event, booking, payment, tickets };
  }
  const cancel = (id: string, user: SignedInUser, body: object = {}) => t.http().post(`/api/v1/bookings/${id}/cancel`).set(user.auth).send(body);
  const ticketStatuses = async (bookingId: string) =>
    (await query<{ status: string }>(t, 'SELECT status FROM tickets WHERE booking_id = $1 ORDER BY seq', [bookingId])).map((r) => r.status);

  it('cancels with a reason: valid tickets void, the checked-in one kept, seats back, a full refund through Paystack, the buyer told, audited', async () => {
    const { event, booking, payment, tickets } = await paidBooking(3);
    await scan(t, scanner, { eventId: event.id, code: tickets[0]!.code }).expect(200);

    const res = await cancel(booking.id, admin, { reason: 'Double booking, agreed with the buyer' }).expect(200);
    expect(res.body.status).toBe('cancelled');
    expect(await ticketStatuses(booking.id)).toEqual(['checked_in', 'cancelled', 'cancelled']);
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.sold).toBe(1);

    const refunds = await query<{ id: string; kind: string; status: string; amount: string; reason: string }>(
      t,
      'SELECT id, kind, status, amount, reason FROM refunds WHERE booking_id = $1',
      [booking.id],
    );
    expect(refunds).toEqual([
      { id: expect.any(String), kind: 'booking_cancelled', status: 'approved', amount: '1500000', reason: 'Double booking, agreed with the buyer' },
    ]);
    await t.app.get(ProcessRefundUseCase).processDue();
    const sent = paystack.refunds.filter((r) => r.transactionReference === payment.reference);
    expect(sent.map((r) => r.amount)).toEqual([1_500_000]);
    await settleRefundAtPaystack(t, paystack, String(sent[0]!.id));
    const [settled] = await query<{ status: string }>(t, 'SELECT status FROM refunds WHERE id = $1', [refunds[0]!.id]);
    expect(settled!.status).toBe('completed');

    const [mail] = await query<{ data: { reason: string; refundAmount: number; keptTickets: number } }>(
      t,
      `SELECT data FROM outbox_messages WHERE "to" = $1 AND template = 'booking-cancelled' AND data->>'bookingId' = $2`,
      [buyer.email, booking.id],
    );
    expect(mail!.data).toMatchObject({ reason: 'Double booking, agreed with the buyer', refundAmount: 1_500_000, keptTickets: 1 });
    const [audit] = await query<{ details: Record<string, unknown> }>(
      t,
      `SELECT details FROM audit_logs WHERE action = 'booking.cancelled' AND entity_id = $1`,
      [booking.id],
    );
    expect(audit!.details).toMatchObject({ reason: 'Double booking, agreed with the buyer', ticketsCancelled: 2, ticketsKept: 1, refundAmount: 1_500_000 });
  });

  it('refuses without a reason (400), a customer (409) and a second cancel (409), changing nothing', async () => {
    const { event, booking } = await paidBooking(2);
    const missing = await cancel(booking.id, admin).expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    await cancel(booking.id, admin, { reason: '   ' }).expect(400);
    expect((await cancel(booking.id, buyer, { reason: 'changed my mind' }).expect(409)).body.code).toBe('invalid_booking_state');
    expect(await ticketStatuses(booking.id)).toEqual(['valid', 'valid']);
    await cancel(booking.id, admin, { reason: 'Venue change' }).expect(200);
    expect((await cancel(booking.id, admin, { reason: 'Venue change' }).expect(409)).body.code).toBe('invalid_booking_state');
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM refunds WHERE booking_id = $1', [booking.id]);
    expect(Number(n)).toBe(1);
    await expectConsistentLedger(t, event.id);
  });

  it('five admins cancelling at once: one 200, one refund; scans racing the cancellation either admit or find the ticket cancelled', async () => {
    const admins = [admin, ...(await Promise.all(Array.from({ length: 4 }, () => createAdmin(t))))];
    const { event, booking, tickets } = await paidBooking(5);
    const [cancels, scans] = await Promise.all([
      Promise.all(admins.map((a) => cancel(booking.id, a, { reason: 'Race' }))),
      Promise.all(tickets.map((ticket) => scan(t, scanner, { eventId: event.id, code: ticket.code }))),
    ]);
    expect(cancels.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const statuses = await ticketStatuses(booking.id);
    for (const [i, res] of scans.entries()) {
      expect(res.status).toBe(200);
      expect(statuses[i]).toBe(res.body.result === 'ok' ? 'checked_in' : 'cancelled');
    }
    const [{ n, amount }] = await query<{ n: string; amount: string }>(t, 'SELECT count(*) AS n, sum(amount) AS amount FROM refunds WHERE booking_id = $1', [
      booking.id,
    ]);
    expect({ n: Number(n), amount: Number(amount) }).toEqual({ n: 1, amount: 2_500_000 });
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.sold).toBe(statuses.filter((s) => s === 'checked_in').length);
  });

  it('a free confirmed booking is cancelled without a reason and without a refund', async () => {
    const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ price: 0, quantity: 5 }] });
    const booking = (await book(t, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 2 }]).expect(201)).body;
    expect(booking.status).toBe('confirmed');
    await cancel(booking.id, admin).expect(200);
    expect(await ticketStatuses(booking.id)).toEqual(['cancelled', 'cancelled']);
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM refunds WHERE booking_id = $1', [booking.id]);
    expect(Number(n)).toBe(0);
    await expectConsistentLedger(t, event.id);
  });
});
