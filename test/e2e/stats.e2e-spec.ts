import { Role } from '@app/shared';
import { book, createEvent, CreatedEvent } from '../factories/events.js';
import { tinyPng } from '../factories/files.js';
import { startPayment } from '../factories/payments.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** GET /stats/overview and GET /events/{id}/sales over bookings seeded through the API (free, manual payments, refunds). */
describe('dashboard stats (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let viewer: SignedInUser;
  let buyer: SignedInUser;
  let event: CreatedEvent;
  let usdEvent: CreatedEvent;
  /** UTC midnight today. */
  const today = Math.floor(Date.now() / DAY) * DAY;
  const at = (ms: number) => new Date(ms).toISOString();

  const payManually = async (bookingId: string, approve: boolean) => {
    const payment = (await startPayment(t, buyer, bookingId, 'manual').expect(201)).body;
    await t
      .http()
      .post(`/api/v1/payments/${payment.id}/proof`)
      .set(buyer.auth)
      .attach('file', await tinyPng(), 'receipt.png')
      .expect(200);
    if (approve) expect((await t.http().post(`/api/v1/payments/${payment.id}/approve`).set(admin.auth).expect(200)).body.status).toBe('succeeded');
    return payment;
  };
  const ticketsOf = async (bookingId: string) =>
    (
      (await t.http().get('/api/v1/tickets').query({ eventId: event.id, limit: 100 }).set(buyer.auth).expect(200)).body.data as {
        id: string;
        bookingId: string;
        ticketTypeId: string;
        qrPayload: string;
      }[]
    ).filter((ticket) => ticket.bookingId === bookingId);
  const sales = (q: Record<string, string>, user = viewer) => t.http().get(`/api/v1/events/${event.id}/sales`).query(q).set(user.auth);

  beforeAll(async () => {
    t = await startTestApp({ MAIL_WORKER_ENABLED: 'false', JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    buyer = await signUpCustomer(t);

    // Published, on sale, check-in open (starts within the hour).
    event = await createEvent(t, admin, {
      capacity: 100,
      startsInHours: 1,
      ticketTypes: [
        { name: 'Free', price: 0, quantity: 50 },
        { name: 'VIP', price: 250_000, quantity: 20 },
      ],
    });
    const [free, vip] = event.ticketTypes as [CreatedEvent['ticketTypes'][0], CreatedEvent['ticketTypes'][0]];

    // 1. Free: confirmed at once, 3 seats.
    const b1 = (await book(t, buyer, event.id, [{ ticketTypeId: free.id, quantity: 3 }]).expect(201)).body;
    expect(b1.status).toBe('confirmed');
    // 2. VIP x2 + Free x1, paid manually and approved: 500,000.
    const b2 = (
      await book(t, buyer, event.id, [
        { ticketTypeId: vip.id, quantity: 2 },
        { ticketTypeId: free.id, quantity: 1 },
      ]).expect(201)
    ).body;
    await payManually(b2.id, true);
    // 3. VIP x1 with a proof awaiting review; 4. VIP x1 not paid at all.
    const b3 = (await book(t, buyer, event.id, [{ ticketTypeId: vip.id, quantity: 1 }]).expect(201)).body;
    await payManually(b3.id, false);
    await book(t, buyer, event.id, [{ ticketTypeId: vip.id, quantity: 1 }]).expect(201);

    // One VIP seat of booking 2 refunded (a manual refund completes on approval), the other asked for and pending.
    const b2Vip = (await ticketsOf(b2.id)).filter((ticket) => ticket.ticketTypeId === vip.id);
    const refund = (
      await t
        .http()
        .post('/api/v1/refunds')
        .set(buyer.auth)
        .send({ bookingId: b2.id, ticketIds: [b2Vip[0]!.id], reason: 'Cannot come' })
        .expect(201)
    ).body;
    await t.http().post(`/api/v1/refunds/${refund.id}/approve`).set(admin.auth).expect(200);
    expect((await t.http().get(`/api/v1/refunds/${refund.id}`).set(admin.auth).expect(200)).body.status).toBe('completed');
    await t
      .http()
      .post('/api/v1/refunds')
      .set(buyer.auth)
      .send({ bookingId: b2.id, ticketIds: [b2Vip[1]!.id], reason: 'Maybe not either' })
      .expect(201);

    // One free ticket of booking 1 checked in.
    const [first] = await ticketsOf(b1.id);
    expect((await t.http().post('/api/v1/check-ins').set(admin.auth).send({ eventId: event.id, code: first!.qrPayload }).expect(200)).body.result).toBe('ok');

    // A USD event with one paid seat, which then ends (published, its end passed: effectively completed).
    usdEvent = await createEvent(t, admin, { capacity: 10, currency: 'USD', ticketTypes: [{ name: 'GA', price: 5_000, quantity: 10 }] });
    const c1 = (await book(t, buyer, usdEvent.id, [{ ticketTypeId: usdEvent.ticketTypes[0]!.id, quantity: 1 }]).expect(201)).body;
    await payManually(c1.id, true);
    await query(t, `UPDATE events SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [usdEvent.id]);
    await query(t, `UPDATE bookings SET confirmed_at = now() - interval '4 hours' WHERE id = $1`, [c1.id]);

    // A draft, and a cancelled event.
    await createEvent(t, admin, { capacity: 5, draft: true, ticketTypes: [{ quantity: 5 }] });
    const cancelled = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ quantity: 5 }] });
    await t.http().post(`/api/v1/events/${cancelled.id}/cancel`).set(admin.auth).expect(200);

    // Sales at known instants: booking 1 two days ago at 09:15 UTC, booking 2 at 11:40; the refund completed yesterday at 08:00.
    await query(t, 'UPDATE bookings SET confirmed_at = $2 WHERE id = $1', [b1.id, at(today - 2 * DAY + 9 * HOUR + 15 * 60_000)]);
    await query(t, 'UPDATE bookings SET confirmed_at = $2 WHERE id = $1', [b2.id, at(today - 2 * DAY + 11 * HOUR + 40 * 60_000)]);
    await query(t, 'UPDATE refunds SET completed_at = $2 WHERE id = $1', [refund.id, at(today - DAY + 8 * HOUR)]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('the overview counts events by effective status, bookings by status, seats, check-ins, money per currency and the review queues', async () => {
    const res = await t.http().get('/api/v1/stats/overview').set(viewer.auth).expect(200);
    expect(res.body).toEqual({
      events: { total: 4, draft: 1, published: 1, cancelled: 1, completed: 1 },
      bookings: { total: 5, pendingPayment: 2, confirmed: 2, expired: 0, cancelled: 0, partiallyRefunded: 1, refunded: 0 },
      // 3 free + (2 VIP + 1 free) - 1 refunded VIP on the NGN event, 1 on the USD one.
      ticketsSold: 6,
      ticketsCheckedIn: 1,
      money: [
        { currency: 'NGN', revenue: 500_000, refunded: 250_000 },
        { currency: 'USD', revenue: 5_000, refunded: 0 },
      ],
      paymentsAwaitingReview: 1,
      refundsPending: 1,
      refundsProcessing: 0,
    });
    // The stored status is still `published`: the overview uses the effective one.
    expect((await query<{ status: string }>(t, 'SELECT status FROM events WHERE id = $1', [usdEvent.id]))[0]!.status).toBe('published');
    await t.http().get('/api/v1/stats/overview').set(admin.auth).expect(200);
  });

  it('hourly series: every bucket of the range, empty ones included, per ticket type and in total', async () => {
    const [free, vip] = event.ticketTypes;
    const from = today - 2 * DAY + 9 * HOUR;
    const res = await sales({ interval: 'hour', from: at(from), to: at(from + 3 * HOUR) }).expect(200);
    const zero = (id: string) => ({ ticketTypeId: id, bookings: 0, tickets: 0, revenue: 0 });
    expect(res.body).toEqual({
      eventId: event.id,
      currency: 'NGN',
      interval: 'hour',
      from: at(from),
      to: at(from + 3 * HOUR),
      ticketTypes: [
        { ticketTypeId: free!.id, name: 'Free' },
        { ticketTypeId: vip!.id, name: 'VIP' },
      ],
      buckets: [
        {
          start: at(from),
          bookings: 1,
          tickets: 3,
          revenue: 0,
          refunded: 0,
          ticketTypes: [{ ticketTypeId: free!.id, bookings: 1, tickets: 3, revenue: 0 }, zero(vip!.id)],
        },
        { start: at(from + HOUR), bookings: 0, tickets: 0, revenue: 0, refunded: 0, ticketTypes: [zero(free!.id), zero(vip!.id)] },
        {
          start: at(from + 2 * HOUR),
          bookings: 1,
          tickets: 3,
          revenue: 500_000,
          refunded: 0,
          ticketTypes: [
            { ticketTypeId: free!.id, bookings: 1, tickets: 1, revenue: 0 },
            { ticketTypeId: vip!.id, bookings: 1, tickets: 2, revenue: 500_000 },
          ],
        },
      ],
      totals: { bookings: 2, tickets: 6, revenue: 500_000, refunded: 0 },
    });
    // A `from` inside a bucket: the bucket starts on the hour, sales before `from` are left out.
    const inside = await sales({ interval: 'hour', from: at(from + 30 * 60_000), to: at(from + 3 * HOUR) }).expect(200);
    expect(inside.body.buckets.map((b: { start: string; bookings: number }) => [b.start, b.bookings])).toEqual([
      [at(from), 0],
      [at(from + HOUR), 0],
      [at(from + 2 * HOUR), 1],
    ]);
  });

  it('daily series by default: from the first sale to now, refunds in the bucket they completed in', async () => {
    const res = await sales({}).expect(200);
    expect(res.body.interval).toBe('day');
    expect(res.body.from).toBe(at(today - 2 * DAY));
    expect(Date.now() - Date.parse(res.body.to)).toBeLessThan(60_000);
    expect(res.body.buckets.map((b: object) => ({ ...b, ticketTypes: undefined }))).toEqual([
      { start: at(today - 2 * DAY), bookings: 2, tickets: 6, revenue: 500_000, refunded: 0, ticketTypes: undefined },
      { start: at(today - DAY), bookings: 0, tickets: 0, revenue: 0, refunded: 250_000, ticketTypes: undefined },
      { start: at(today), bookings: 0, tickets: 0, revenue: 0, refunded: 0, ticketTypes: undefined },
    ]);
    expect(res.body.buckets[0].ticketTypes).toEqual([
      { ticketTypeId: event.ticketTypes[0]!.id, bookings: 2, tickets: 4, revenue: 0 },
      { ticketTypeId: event.ticketTypes[1]!.id, bookings: 1, tickets: 2, revenue: 500_000 },
    ]);
    expect(res.body.totals).toEqual({ bookings: 2, tickets: 6, revenue: 500_000, refunded: 250_000 });
    // Hourly by default: every hour from the first sale's (09:00 two days ago) to now's.
    const hourly = (await sales({ interval: 'hour' }).expect(200)).body;
    expect(hourly.from).toBe(at(today - 2 * DAY + 9 * HOUR));
    expect(hourly.buckets).toHaveLength(48 - 9 + Math.floor((Date.now() - today) / HOUR) + 1);
    expect(hourly.totals).toEqual(res.body.totals);
    // The series matches the event's stats revenue (every sale here was confirmed).
    const stats = (await t.http().get(`/api/v1/events/${event.id}/stats`).set(viewer.auth).expect(200)).body;
    expect(hourly.totals.revenue).toBe(stats.revenue);
  });

  it('a published event past its end: the default range ends at its end (after its last sale)', async () => {
    const res = (await t.http().get(`/api/v1/events/${usdEvent.id}/sales`).query({ interval: 'hour' }).set(admin.auth).expect(200)).body;
    expect(res.currency).toBe('USD');
    const endsAt = (await t.http().get(`/api/v1/events/${usdEvent.id}`).set(admin.auth).expect(200)).body.endsAt;
    expect(res.to).toBe(endsAt);
    expect(res.totals).toEqual({ bookings: 1, tickets: 1, revenue: 5_000, refunded: 0 });
  });

  it('refuses a bad interval, a bad date-time, an empty or reversed range and more than 1000 buckets (400 validation_failed)', async () => {
    const fields = async (q: Record<string, string>) => {
      const res = await sales(q).expect(400);
      expect(res.body.code).toBe('validation_failed');
      return (res.body.errors as { field: string }[]).map((e) => e.field);
    };
    expect(await fields({ interval: 'week' })).toEqual(['interval']);
    expect(await fields({ from: 'yesterday' })).toEqual(['from']);
    expect(await fields({ from: at(today), to: at(today) })).toEqual(['to']);
    expect(await fields({ from: at(today), to: at(today - DAY) })).toEqual(['to']);
    // 1000 hourly buckets pass, 1001 do not.
    await sales({ interval: 'hour', from: at(today - 1000 * HOUR), to: at(today) }).expect(200);
    expect(await fields({ interval: 'hour', from: at(today - 1001 * HOUR), to: at(today) })).toEqual(['to']);
    // The default range counts too: a year of hours.
    expect(await fields({ interval: 'hour', from: at(today - 365 * DAY) })).toEqual(['from']);
  });

  it('staff only: a customer gets 403, no token 401; an unknown event 404', async () => {
    expect((await t.http().get('/api/v1/stats/overview').set(buyer.auth).expect(403)).body.code).toBe('forbidden');
    expect((await t.http().get('/api/v1/stats/overview').expect(401)).body.code).toBe('unauthorized');
    expect((await sales({}, buyer).expect(403)).body.code).toBe('forbidden');
    expect((await t.http().get(`/api/v1/events/${event.id}/sales`).expect(401)).body.code).toBe('unauthorized');
    expect((await t.http().get('/api/v1/events/0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70/sales').set(viewer.auth).expect(404)).body.code).toBe('event_not_found');
  });
});
