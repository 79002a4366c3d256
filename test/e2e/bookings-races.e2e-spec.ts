import { Client } from 'pg';
import { book, createEvent } from '../factories/events.js';
import { createAdmin, signUpCustomer, SignedInUser } from '../factories/users.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * Races over real HTTP against the real database: no amount of concurrency sells past an event's
 * capacity or a ticket type's quantity, and every counter equals the rows behind it.
 */
describe('booking races (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let buyers: SignedInUser[];

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    buyers = await Promise.all(Array.from({ length: 20 }, () => signUpCustomer(t)));
  });
  afterAll(() => t.close());

  const statuses = (results: { status: number }[]) =>
    results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

  it('300 concurrent requests for 100 seats: exactly 100 held, the rest 409 sold_out, no 5xx', async () => {
    const event = await createEvent(t, admin, { capacity: 100, ticketTypes: [{ quantity: 100 }] });
    const type = event.ticketTypes[0]!;
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => book(t, buyers[i % buyers.length]!, event.id, [{ ticketTypeId: type.id, quantity: 1 }])),
    );
    expect(statuses(results)).toEqual({ 201: 100, 409: 200 });
    for (const r of results.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ code: 'sold_out', available: { event: 0 } });
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.held).toBe(100);
    const [{ n }] = await query<{ n: string }>(t, `SELECT count(*) AS n FROM bookings WHERE event_id = $1`, [event.id]);
    expect(Number(n)).toBe(100);
  });

  it('two ticket types whose quantities exceed the capacity: both limits hold at once', async () => {
    const event = await createEvent(t, admin, {
      capacity: 100,
      ticketTypes: [
        { name: 'A', quantity: 80 },
        { name: 'B', quantity: 80 },
      ],
    });
    const [a, b] = event.ticketTypes;
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => book(t, buyers[i % buyers.length]!, event.id, [{ ticketTypeId: (i % 2 ? a : b)!.id, quantity: 1 }])),
    );
    expect(statuses(results)).toEqual({ 201: 100, 409: 200 });
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.held).toBe(100);
    for (const type of ledger.types) expect(type.held).toBeLessThanOrEqual(80);
  });

  it('20 buyers taking 2..5 seats each race for the last 30 seats: no partial overshoot', async () => {
    const event = await createEvent(t, admin, {
      capacity: 30,
      ticketTypes: [
        { name: 'Std', quantity: 25 },
        { name: 'VIP', quantity: 25 },
      ],
    });
    const [std, vip] = event.ticketTypes;
    const requests = buyers.map((buyer, i) => {
      const quantity = 2 + (i % 4);
      const items =
        i % 3 === 0
          ? [
              { ticketTypeId: std!.id, quantity },
              { ticketTypeId: vip!.id, quantity: 1 },
            ]
          : [{ ticketTypeId: (i % 2 ? std : vip)!.id, quantity }];
      return { buyer, items, seats: items.reduce((n, x) => n + x.quantity, 0) };
    });
    const results = await Promise.all(requests.map((r) => book(t, r.buyer, event.id, r.items)));
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const held = results.reduce((n, r, i) => n + (r.status === 201 ? requests[i]!.seats : 0), 0);
    results.forEach((r, i) => {
      if (r.status === 201) expect(r.body.items.reduce((n: number, x: { quantity: number }) => n + x.quantity, 0)).toBe(requests[i]!.seats);
      else {
        // Refused as a whole, and truly short of seats for this request when it was decided.
        expect(r.body.code).toBe('sold_out');
        const left = Math.min(
          r.body.available.event,
          ...requests[i]!.items.map(
            (it) => r.body.available.ticketTypes.find((x: { ticketTypeId: string }) => x.ticketTypeId === it.ticketTypeId).available - it.quantity + 1,
          ),
        );
        expect(left).toBeLessThan(requests[i]!.seats + 1);
      }
    });
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.held).toBe(held);
    expect(held).toBeLessThanOrEqual(30);
    expect(held).toBeGreaterThan(30 - 5); // the last refusal could only be for lack of seats
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body, and creates no second booking', async () => {
      const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ quantity: 10 }] });
      const items = [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 2 }];
      const first = await book(t, buyers[2]!, event.id, items, { idempotencyKey: 'order-123' }).expect(201);
      const again = await book(t, buyers[2]!, event.id, items, { idempotencyKey: 'order-123' }).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      // Another user may use the same key: keys are per user.
      const other = await book(t, buyers[3]!, event.id, items, { idempotencyKey: 'order-123' }).expect(201);
      expect(other.body.id).not.toBe(first.body.id);
      const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM bookings WHERE event_id = $1', [event.id]);
      expect(Number(n)).toBe(2);
    });

    it('takes any string of 1 to 255 characters as a key (spaces, punctuation, Latin-1), and refuses a longer one', async () => {
      const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ quantity: 10 }] });
      const items = [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }];
      for (const key of ['order 42 / retry #1', 'café-crème', `k${' '.repeat(253)}k`]) {
        const first = await book(t, buyers[8]!, event.id, items, { idempotencyKey: key }).expect(201);
        const again = await book(t, buyers[8]!, event.id, items, { idempotencyKey: key }).expect(201);
        expect(again.headers['idempotent-replayed']).toBe('true');
        expect(again.body).toEqual(first.body);
      }
      const tooLong = await book(t, buyers[8]!, event.id, items, { idempotencyKey: 'k'.repeat(256) }).expect(400);
      expect(tooLong.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ field: 'Idempotency-Key' })] });
      const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM bookings WHERE event_id = $1', [event.id]);
      expect(Number(n)).toBe(3);
    });

    it('refuses the same key with a different body (422) and changes nothing', async () => {
      const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ quantity: 10 }] });
      const type = event.ticketTypes[0]!;
      await book(t, buyers[4]!, event.id, [{ ticketTypeId: type.id, quantity: 1 }], { idempotencyKey: 'k-422' }).expect(201);
      const res = await book(t, buyers[4]!, event.id, [{ ticketTypeId: type.id, quantity: 2 }], { idempotencyKey: 'k-422' }).expect(422);
      expect(res.body.code).toBe('idempotency_key_reused');
      const ledger = await expectConsistentLedger(t, event.id);
      expect(ledger.event.held).toBe(1);
    });

    it('replays a final refusal (sold_out) too, and lets a failed validation be retried', async () => {
      const event = await createEvent(t, admin, { capacity: 1, ticketTypes: [{ quantity: 1 }] });
      const type = event.ticketTypes[0]!;
      await book(t, buyers[5]!, event.id, [{ ticketTypeId: type.id, quantity: 1 }]).expect(201);
      const refused = await book(t, buyers[6]!, event.id, [{ ticketTypeId: type.id, quantity: 1 }], { idempotencyKey: 'k-sold' }).expect(409);
      const replay = await book(t, buyers[6]!, event.id, [{ ticketTypeId: type.id, quantity: 1 }], { idempotencyKey: 'k-sold' }).expect(409);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(replay.body).toEqual(refused.body);
      await book(t, buyers[6]!, event.id, [{ ticketTypeId: type.id, quantity: 0 }], { idempotencyKey: 'k-bad' }).expect(400);
      await book(t, buyers[6]!, event.id, [{ ticketTypeId: type.id, quantity: 0 }], { idempotencyKey: 'k-bad' }).expect(400);
    });

    it('two requests in flight with one key: one 201, one 409 idempotency_key_in_progress', async () => {
      const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ quantity: 10 }] });
      const items = [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }];
      if (t.databaseUrl) {
        // Hold the event row so the first request is provably still in flight when the second arrives.
        const blocker = new Client({ connectionString: t.databaseUrl });
        await blocker.connect();
        await blocker.query('BEGIN');
        await blocker.query('SELECT 1 FROM events WHERE id = $1 FOR UPDATE', [event.id]);
        const first = book(t, buyers[7]!, event.id, items, { idempotencyKey: 'k-flight' }).then((r) => r);
        for (let i = 0; i < 50; i++) {
          await new Promise((r) => setTimeout(r, 20));
          const [{ n }] = await query<{ n: string }>(t, `SELECT count(*) AS n FROM idempotency_keys WHERE key = 'k-flight'`);
          if (Number(n) === 1) break;
        }
        const second = await book(t, buyers[7]!, event.id, items, { idempotencyKey: 'k-flight' });
        await blocker.query('COMMIT');
        await blocker.end();
        expect(second.status).toBe(409);
        expect(second.body.code).toBe('idempotency_key_in_progress');
        expect(second.headers['retry-after']).toBe('1');
        expect((await first).status).toBe(201);
      } else {
        // One connection on the embedded database: race many; one booking, every other answer a 409 or a replay.
        const results = await Promise.all(Array.from({ length: 10 }, () => book(t, buyers[7]!, event.id, items, { idempotencyKey: 'k-flight' })));
        const created = results.filter((r) => r.status === 201);
        expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
        expect(results.every((r) => r.status === 201 || (r.status === 409 && r.body.code === 'idempotency_key_in_progress'))).toBe(true);
      }
      const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM bookings WHERE event_id = $1', [event.id]);
      expect(Number(n)).toBe(1);
    });
  });
});
