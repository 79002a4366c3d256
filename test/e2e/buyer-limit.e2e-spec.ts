import { book, createEvent } from '../factories/events.js';
import { createAdmin, signUpCustomer, SignedInUser } from '../factories/users.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * `maxPerBuyer`: the seats one user holds or has bought for an event, over all their bookings,
 * never exceed it under any concurrency (a guarded counter, `buyer_seats`); seats given back
 * (cancel, expiry, refund) count no more; an admin booking for a user is not limited.
 */
describe('limit per buyer (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const event = (maxPerBuyer: number, price = 0) =>
    createEvent(t, admin, { capacity: 500, maxPerBuyer, ticketTypes: [{ price, quantity: 500, maxPerBooking: 10 }] });

  it('defaults to 10 and can be changed; out-of-range values are refused', async () => {
    const startsAt = new Date(Date.now() + 48 * 3600_000);
    const created = await t
      .http()
      .post('/api/v1/events')
      .set(admin.auth)
      .send({
        title: 'Default limit',
        venue: 'Hall',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3600_000),
        timezone: 'UTC',
        capacity: 100,
        currency: 'NGN',
      })
      .expect(201);
    expect(created.body.maxPerBuyer).toBe(10);
    const patched = await t.http().patch(`/api/v1/events/${created.body.id}`).set(admin.auth).send({ maxPerBuyer: 4 }).expect(200);
    expect(patched.body.maxPerBuyer).toBe(4);
    for (const maxPerBuyer of [0, 10_001, 2.5, null]) {
      const res = await t.http().patch(`/api/v1/events/${created.body.id}`).set(admin.auth).send({ maxPerBuyer }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['maxPerBuyer']);
    }
  });

  it('30 concurrent single-seat bookings by one buyer: exactly 10 succeed, the rest are 409 buyer_limit_reached, nothing extra held', async () => {
    const sale = await event(10);
    const buyer = await signUpCustomer(t);
    const results = await Promise.all(Array.from({ length: 30 }, () => book(t, buyer, sale.id, [{ ticketTypeId: sale.ticketTypes[0]!.id, quantity: 1 }])));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(10).fill(201), ...Array(20).fill(409)]);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'buyer_limit_reached', maxPerBuyer: 10, remaining: 0 });
    }
    const [row] = await query<{ sold: number; held: number }>(t, 'SELECT sold, held FROM events WHERE id = $1', [sale.id]);
    expect(row!.sold + row!.held).toBe(10);
    await expectConsistentLedger(t, sale.id);
  });

  it('counts across bookings and ticket quantities, per buyer: two buyers racing each get their own 10', async () => {
    const sale = await event(10);
    const [ada, bob] = [await signUpCustomer(t), await signUpCustomer(t)];
    const results = await Promise.all(
      [ada, bob].flatMap((buyer) =>
        Array.from({ length: 8 }, () =>
          book(t, buyer, sale.id, [{ ticketTypeId: sale.ticketTypes[0]!.id, quantity: 3 }]).then((r) => ({ buyer: buyer.id, status: r.status })),
        ),
      ),
    );
    for (const buyer of [ada, bob]) {
      // 3 bookings of 3 fit in 10; a fourth would make 12.
      expect(results.filter((r) => r.buyer === buyer.id && r.status === 201)).toHaveLength(3);
    }
    const last = await book(t, ada, sale.id, [{ ticketTypeId: sale.ticketTypes[0]!.id, quantity: 2 }]).expect(409);
    expect(last.body).toMatchObject({ code: 'buyer_limit_reached', remaining: 1 });
    await book(t, ada, sale.id, [{ ticketTypeId: sale.ticketTypes[0]!.id, quantity: 1 }]).expect(201);
    await expectConsistentLedger(t, sale.id);
  });

  it('seats given back count no more: a cancelled hold frees its seats for the same buyer', async () => {
    const sale = await event(4, 5000);
    const buyer = await signUpCustomer(t);
    const first = await book(t, buyer, sale.id, [{ ticketTypeId: sale.ticketTypes[0]!.id, quantity: 4 }]).expect(201);
    expect((await book(t, buyer, sale.id, [{ ticketTypeId: sale.ticketTypes[0]!.id, quantity: 1 }]).expect(409)).body.remaining).toBe(0);
    await t.http().post(`/api/v1/bookings/${first.body.id}/cancel`).set(buyer.auth).expect(200);
    await book(t, buyer, sale.id, [{ ticketTypeId: sale.ticketTypes[0]!.id, quantity: 4 }]).expect(201);
    await expectConsistentLedger(t, sale.id);
  });

  it('an admin booking on behalf of a buyer is not limited, but counts toward what the buyer may still take', async () => {
    const sale = await event(3);
    const buyer = await signUpCustomer(t);
    await book(t, admin, sale.id, [{ ticketTypeId: sale.ticketTypes[0]!.id, quantity: 5 }], { userId: buyer.id }).expect(201);
    const refused = await book(t, buyer, sale.id, [{ ticketTypeId: sale.ticketTypes[0]!.id, quantity: 1 }]).expect(409);
    expect(refused.body).toMatchObject({ code: 'buyer_limit_reached', maxPerBuyer: 3, remaining: 0 });
    const [counter] = await query<{ seats: number }>(t, 'SELECT seats FROM buyer_seats WHERE event_id = $1 AND user_id = $2', [sale.id, buyer.id]);
    expect(counter!.seats).toBe(5);
    await expectConsistentLedger(t, sale.id);
  });
});
