import { PAID_STATUSES } from '@app/payments';
import { newId } from '@app/shared';
import { DataSource } from 'typeorm';
import { book, createEvent, CreatedEvent } from '../factories/events.js';
import { tinyPng } from '../factories/files.js';
import { startPayment } from '../factories/payments.js';
import { createAdmin, signUpCustomer, SignedInUser } from '../factories/users.js';
import { expectMoneyCountersConsistent, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const HOUR = 3_600_000;

/**
 * The trigger-kept money and sales counters (MoneyCounters migration) on the cases where the
 * split of money over ticket types is not a plain sum: a ticket refund, a whole-booking refund
 * spread over the types in ticket_type_id order, an event-cancellation refund, a payment reversed
 * and restored, a confirmation moved to another hour, a booking deleted, and two refunds of one
 * booking completing in two concurrent transactions. Each case states the figures it expects
 * and then recomputes every counter from the rows (expectMoneyCountersConsistent).
 */
describe('money and sales counters (integration)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let buyer: SignedInUser;
  let event: CreatedEvent;
  /** The event's two types, in ticket_type_id order (the order a whole-booking refund is spread in). */
  let first: { id: string; price: number };
  let second: { id: string; price: number };

  const stats = async () => (await t.http().get(`/api/v1/events/${event.id}/stats`).set(admin.auth).expect(200)).body;
  const perType = async () => {
    const body = await stats();
    const of = (id: string) => body.ticketTypes.find((tt: { ticketTypeId: string }) => tt.ticketTypeId === id);
    return {
      revenue: body.revenue,
      refunded: body.refunded,
      first: [of(first.id).revenue, of(first.id).refunded],
      second: [of(second.id).revenue, of(second.id).refunded],
    };
  };
  /** The event's hourly sales series from `from` to `to` (ISO 8601, UTC). */
  const hourlySales = async (eventId: string, from: string, to: string) =>
    (await t.http().get(`/api/v1/events/${eventId}/sales`).query({ interval: 'hour', from, to }).set(admin.auth).expect(200)).body;
  const overviewMoney = async () => (await t.http().get('/api/v1/stats/overview').set(admin.auth).expect(200)).body.money;
  /** A paid booking: booked through the API, paid manually and approved. */
  const paidBooking = async (items: { ticketTypeId: string; quantity: number }[]) => {
    const booking = (await book(t, buyer, event.id, items).expect(201)).body;
    const payment = (await startPayment(t, buyer, booking.id, 'manual').expect(201)).body;
    await t
      .http()
      .post(`/api/v1/payments/${payment.id}/proof`)
      .set(buyer.auth)
      .attach('file', await tinyPng(), 'r.png')
      .expect(200);
    await t.http().post(`/api/v1/payments/${payment.id}/approve`).set(admin.auth).expect(200);
    return { bookingId: booking.id as string, paymentId: payment.id as string };
  };
  /** A refund row, pending; `complete` moves it to completed as the refund flows do (one UPDATE). */
  const refund = async (b: { bookingId: string; paymentId: string }, kind: string, amount: number, ticketIds: string[] = []) => {
    const id = newId();
    await query(
      t,
      `INSERT INTO refunds (id, booking_id, payment_id, user_id, kind, amount, currency, status, reason, ticket_ids)
       VALUES ($1, $2, $3, $4, $5, $6, 'NGN', 'pending', 'test', $7::uuid[])`,
      [id, b.bookingId, b.paymentId, buyer.id, kind, amount, ticketIds],
    );
    return id;
  };
  const complete = (id: string) => query(t, `UPDATE refunds SET status = 'completed', completed_at = now() WHERE id = $1`, [id]);

  beforeAll(async () => {
    t = await startTestApp({ MAIL_WORKER_ENABLED: 'false', JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    buyer = await signUpCustomer(t);
    event = await createEvent(t, admin, {
      capacity: 100,
      startsInHours: 2,
      ticketTypes: [
        { name: 'A', price: 1_000, quantity: 40 },
        { name: 'B', price: 3_000, quantity: 40 },
      ],
    });
    [first, second] = event.ticketTypes.map((tt) => ({ id: tt.id, price: tt.price })).sort((x, y) => (x.id < y.id ? -1 : 1)) as [typeof first, typeof second];
  });
  afterAll(() => t.close());

  it('the trigger counts the statuses PAID_STATUSES names as paid', async () => {
    const [fn] = await query<{ src: string }>(t, `SELECT prosrc AS src FROM pg_proc WHERE proname = 'payments_money_count'`);
    expect(fn!.src).toContain(`IN (${PAID_STATUSES.map((s) => `'${s}'`).join(', ')})`);
  });

  it('a ticket refund, then a whole-booking refund spread in ticket_type_id order, a reversal and its undoing', async () => {
    const b = await paidBooking([
      { ticketTypeId: first.id, quantity: 2 },
      { ticketTypeId: second.id, quantity: 1 },
    ]);
    expect(await perType()).toEqual({ revenue: 5_000, refunded: 0, first: [2_000, 0], second: [3_000, 0] });

    // One ticket of the first type refunded: its unit price, on its type.
    const [ticket] = await query<{ id: string }>(t, 'SELECT id FROM tickets WHERE booking_id = $1 AND ticket_type_id = $2 ORDER BY seq LIMIT 1', [
      b.bookingId,
      first.id,
    ]);
    const ticketRefund = await refund(b, 'request', first.price, [ticket!.id]);
    expect((await perType()).refunded).toBe(0); // pending counts nothing
    await complete(ticketRefund);
    expect(await perType()).toEqual({ revenue: 5_000, refunded: 1_000, first: [2_000, 1_000], second: [3_000, 0] });
    await expectMoneyCountersConsistent(t, event.id);

    // 2,500 for the whole booking: the first type's unrefunded 1,000, then 1,500 of the second's 3,000.
    const whole = await refund(b, 'automatic', 2_500);
    await complete(whole);
    expect(await perType()).toEqual({ revenue: 5_000, refunded: 3_500, first: [2_000, 2_000], second: [3_000, 1_500] });
    await expectMoneyCountersConsistent(t, event.id);

    // The payment reversed: no revenue, so nothing to spread the whole refund over; the ticket
    // refund still counts by unit price, and the event's refunded total is what was paid back.
    const before = await overviewMoney();
    await query(t, `UPDATE payments SET status = 'failed' WHERE id = $1`, [b.paymentId]);
    expect(await perType()).toEqual({ revenue: 0, refunded: 3_500, first: [0, 1_000], second: [0, 0] });
    const ngn = (money: { currency: string; revenue: number }[]) => money.find((m) => m.currency === 'NGN')!.revenue;
    expect(ngn(await overviewMoney())).toBe(ngn(before) - 5_000);
    await expectMoneyCountersConsistent(t, event.id);
    await query(t, `UPDATE payments SET status = 'succeeded' WHERE id = $1`, [b.paymentId]);
    expect(await perType()).toEqual({ revenue: 5_000, refunded: 3_500, first: [2_000, 2_000], second: [3_000, 1_500] });
    expect(await overviewMoney()).toEqual(before);
    await expectMoneyCountersConsistent(t, event.id);
  });

  it('an event-cancellation refund covers the booking type by type, capped at what each type was paid', async () => {
    const start = await perType();
    const b = await paidBooking([{ ticketTypeId: second.id, quantity: 2 }]);
    const cancel = await refund(b, 'event_cancelled', 6_000);
    await complete(cancel);
    const now = await perType();
    expect(now.second).toEqual([start.second[0] + 6_000, start.second[1] + 6_000]);
    expect(now.first).toEqual(start.first);
    expect(now.refunded).toBe(start.refunded + 6_000);
    await expectMoneyCountersConsistent(t, event.id);
  });

  it('a confirmation moved to another hour moves its booking, seats and revenue; a refund moved moves its amount', async () => {
    const b = await paidBooking([
      { ticketTypeId: first.id, quantity: 1 },
      { ticketTypeId: second.id, quantity: 1 },
    ]);
    const earlier = new Date(Math.floor((Date.now() - 50 * HOUR) / HOUR) * HOUR + 20 * 60_000);
    await query(t, 'UPDATE bookings SET confirmed_at = $2 WHERE id = $1', [b.bookingId, earlier]);
    const hour = new Date(Math.floor(earlier.getTime() / HOUR) * HOUR);
    const series = await hourlySales(event.id, hour.toISOString(), new Date(hour.getTime() + HOUR).toISOString());
    expect(series.buckets).toHaveLength(1);
    expect(series.buckets[0]).toMatchObject({ bookings: 1, tickets: 2, revenue: 4_000, refunded: 0 });
    // The same hour from its 30th minute: read from the rows (the booking is at minute 20, so out).
    const half = await hourlySales(event.id, new Date(hour.getTime() + 30 * 60_000).toISOString(), new Date(hour.getTime() + HOUR).toISOString());
    expect(half.buckets[0]).toMatchObject({ bookings: 0, tickets: 0, revenue: 0 });
    const part = await refund(
      b,
      'request',
      first.price,
      (await query<{ id: string }>(t, 'SELECT id FROM tickets WHERE booking_id = $1 AND ticket_type_id = $2', [b.bookingId, first.id])).map((r) => r.id),
    );
    await complete(part);
    await query(t, 'UPDATE refunds SET completed_at = $2 WHERE id = $1', [part, new Date(hour.getTime() + 10 * 60_000)]);
    const moved = await hourlySales(event.id, hour.toISOString(), new Date(hour.getTime() + HOUR).toISOString());
    expect(moved.buckets[0]).toMatchObject({ bookings: 1, tickets: 2, revenue: 4_000, refunded: 1_000 });
    await expectMoneyCountersConsistent(t, event.id);
  });

  it('a booking deleted (items first, or by the cascade) takes its sales out', async () => {
    for (const itemsFirst of [true, false]) {
      const id = newId();
      await query(
        t,
        `INSERT INTO bookings (id, event_id, user_id, status, total_amount, currency, attendees, expires_at, confirmed_at)
                      VALUES ($1, $2, $3, 'confirmed', 1000, 'NGN', '[]', now(), now())`,
        [id, event.id, buyer.id],
      );
      await query(t, 'INSERT INTO booking_items (booking_id, ticket_type_id, quantity, unit_price) VALUES ($1, $2, 1, 1000)', [id, first.id]);
      await expectMoneyCountersConsistent(t, event.id);
      if (itemsFirst) await query(t, 'DELETE FROM booking_items WHERE booking_id = $1', [id]);
      await query(t, 'DELETE FROM bookings WHERE id = $1', [id]);
      await expectMoneyCountersConsistent(t, event.id);
    }
  });

  // Two transactions at once need a database server (the embedded one has a single connection).
  (process.env.DATABASE_URL ? it : it.skip)(
    'two refunds of one booking completing in concurrent transactions are both credited (per-booking lock)',
    async () => {
      const b = await paidBooking([
        { ticketTypeId: first.id, quantity: 2 },
        { ticketTypeId: second.id, quantity: 2 },
      ]);
      const start = await perType();
      const tickets = await query<{ id: string; ticket_type_id: string }>(
        t,
        'SELECT id, ticket_type_id FROM tickets WHERE booking_id = $1 ORDER BY ticket_type_id, seq',
        [b.bookingId],
      );
      const r1 = await refund(b, 'request', first.price, [tickets[0]!.id]);
      const r2 = await refund(b, 'automatic', 4_000);
      // Each completes in its own transaction and runs its deferred money triggers at once (SET
      // CONSTRAINTS ALL IMMEDIATE, as at commit): the second must wait on the booking's lock while the
      // first is uncommitted, then recompute with the first in view (not credit from a stale read).
      const ds = t.app.get(DataSource);
      const [one, two] = [ds.createQueryRunner(), ds.createQueryRunner()];
      try {
        await one.startTransaction();
        await two.startTransaction();
        await one.query(`UPDATE refunds SET status = 'completed', completed_at = now() WHERE id = $1`, [r1]);
        await one.query('SET CONSTRAINTS ALL IMMEDIATE');
        await two.query(`UPDATE refunds SET status = 'completed', completed_at = now() WHERE id = $1`, [r2]);
        const waiting = two.query('SET CONSTRAINTS ALL IMMEDIATE');
        await new Promise((resolve) => setTimeout(resolve, 300));
        await one.commitTransaction();
        await waiting;
        await two.commitTransaction();
      } finally {
        await one.release();
        await two.release();
      }
      // Ticket refund 1,000 on the first type; 4,000 spread: first type's unrefunded 1,000, then 3,000 of the second's 6,000.
      const now = await perType();
      expect([now.first[1] - start.first[1], now.second[1] - start.second[1], now.refunded - start.refunded]).toEqual([2_000, 3_000, 5_000]);
      await expectMoneyCountersConsistent(t, event.id);
    },
  );
});
