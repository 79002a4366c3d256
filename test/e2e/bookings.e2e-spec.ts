import { Role } from '@app/shared';
import { book, createEvent, CreatedEvent } from '../factories/events.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const HOUR = 3600_000;

describe('bookings (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let viewer: SignedInUser;
  let alice: SignedInUser;
  let bob: SignedInUser;
  let event: CreatedEvent;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    alice = await signUpCustomer(t, { name: 'Alice' });
    bob = await signUpCustomer(t, { name: 'Bob' });
    event = await createEvent(t, admin, {
      capacity: 50,
      ticketTypes: [
        { name: 'Regular', price: 150000, quantity: 40, maxPerBooking: 4 },
        { name: 'VIP', price: 500000, quantity: 10 },
      ],
    });
  });
  afterAll(() => t.close());

  it('holds seats at once: 201 pending_payment with total, currency and expiry', async () => {
    const [regular, vip] = event.ticketTypes;
    const before = Date.now();
    const res = await book(
      t,
      alice,
      event.id,
      [
        { ticketTypeId: regular!.id, quantity: 2 },
        { ticketTypeId: vip!.id, quantity: 1 },
      ],
      {
        attendees: [{ name: 'Alice' }, { name: 'Carol', email: 'Carol@Example.com' }],
      },
    ).expect(201);
    expect(res.body).toMatchObject({
      eventId: event.id,
      userId: alice.id,
      status: 'pending_payment',
      totalAmount: 2 * 150000 + 500000,
      currency: 'NGN',
      attendees: [{ name: 'Alice' }, { name: 'Carol', email: 'carol@example.com' }],
    });
    const expiresIn = Date.parse(res.body.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(14 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60_000 + 5000);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        { ticketTypeId: regular!.id, quantity: 2, unitPrice: 150000 },
        { ticketTypeId: vip!.id, quantity: 1, unitPrice: 500000 },
      ]),
    );
    const detail = await t.http().get(`/api/v1/events/${event.id}`).expect(200);
    expect(detail.body.available).toBe(47);
    await expectConsistentLedger(t, event.id);
  });

  it("takes the hold's end from the database clock, not the server's (a server clock 5 min ahead changes nothing)", async () => {
    const skew = jest.spyOn(Date, 'now').mockImplementation(() => new Date().getTime() + 5 * 60_000);
    let res;
    try {
      res = await book(t, bob, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }]).expect(201);
    } finally {
      skew.mockRestore();
    }
    const [{ created }] = await query<{ created: Date }>(t, 'SELECT created_at AS created FROM bookings WHERE id = $1', [res.body.id]);
    // Created and expiring by the same (database) clock: exactly the hold time apart.
    expect(Date.parse(res.body.expiresAt) - new Date(created).getTime()).toBe(15 * 60_000);
  });

  it('a refused multi-type booking leaves no partial hold (the first type taken is given back)', async () => {
    const two = await createEvent(t, admin, {
      capacity: 10,
      ticketTypes: [
        { name: 'A', quantity: 10 },
        { name: 'B', quantity: 1 },
      ],
    });
    const [a, b] = two.ticketTypes; // ids are time-ordered: A is locked and taken before B is refused
    await book(t, alice, two.id, [{ ticketTypeId: b!.id, quantity: 1 }]).expect(201);
    const refused = await book(t, bob, two.id, [
      { ticketTypeId: a!.id, quantity: 2 },
      { ticketTypeId: b!.id, quantity: 1 },
    ]).expect(409);
    expect(refused.body).toMatchObject({ code: 'sold_out', available: { event: 9 } });
    expect(refused.body.available.ticketTypes).toEqual(
      expect.arrayContaining([
        { ticketTypeId: a!.id, available: 9 },
        { ticketTypeId: b!.id, available: 0 },
      ]),
    );
    const ledger = await expectConsistentLedger(t, two.id);
    expect(ledger.event.held).toBe(1);
    expect(ledger.types.find((x) => x.id === a!.id)!.held).toBe(0);
  });

  it('confirms a free booking at once', async () => {
    const free = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ price: 0, quantity: 5 }] });
    const res = await book(t, bob, free.id, [{ ticketTypeId: free.ticketTypes[0]!.id, quantity: 2 }]).expect(201);
    expect(res.body).toMatchObject({ status: 'confirmed', totalAmount: 0, confirmedAt: expect.any(String) });
    const ledger = await expectConsistentLedger(t, free.id);
    expect(ledger.event).toMatchObject({ sold: 2, held: 0 });
    const cancel = await t.http().post(`/api/v1/bookings/${res.body.id}/cancel`).set(bob.auth).expect(409);
    expect(cancel.body.code).toBe('invalid_booking_state');
  });

  describe('bad input: a clear 4xx and nothing held', () => {
    const cases: [string, () => object, number, string][] = [
      ['a zero quantity', () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 0 }] }), 400, 'items[0].quantity'],
      ['a negative quantity', () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: -3 }] }), 400, 'items[0].quantity'],
      ['a huge quantity', () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1e9 }] }), 400, 'items[0].quantity'],
      [
        'a quantity over maxPerBooking',
        () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 5 }] }),
        400,
        'items[0].quantity',
      ],
      ['a fractional quantity', () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1.5 }] }), 400, 'items[0].quantity'],
      [
        'an unknown ticket type',
        () => ({ eventId: event.id, items: [{ ticketTypeId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] }),
        400,
        'items[0].ticketTypeId',
      ],
      ['a malformed ticket type id', () => ({ eventId: event.id, items: [{ ticketTypeId: 'abc', quantity: 1 }] }), 400, 'items[0].ticketTypeId'],
      ['a malformed event id', () => ({ eventId: "1' OR 1=1", items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }] }), 400, 'eventId'],
      ['no items', () => ({ eventId: event.id, items: [] }), 400, 'items'],
      [
        'the same ticket type twice',
        () => ({
          eventId: event.id,
          items: [
            { ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 },
            { ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 },
          ],
        }),
        400,
        'items[1].ticketTypeId',
      ],
      [
        'more attendees than seats',
        () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }], attendees: [{ name: 'A' }, { name: 'B' }] }),
        400,
        'attendees',
      ],
      ['attendees: null', () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }], attendees: null }), 400, 'attendees'],
      [
        'an attendee e-mail of null',
        () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }], attendees: [{ name: 'A', email: null }] }),
        400,
        'attendees[0].email',
      ],
      ['userId: null', () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }], userId: null }), 400, 'userId'],
      [
        'an unknown event',
        () => ({ eventId: '00000000-0000-4000-8000-000000000000', items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }] }),
        404,
        '',
      ],
    ];
    for (const [name, body, status, field] of cases) {
      it(name, async () => {
        const before = await expectConsistentLedger(t, event.id);
        const res = await t.http().post('/api/v1/bookings').set(bob.auth).send(body()).expect(status);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        const after = await expectConsistentLedger(t, event.id);
        expect(after.event).toEqual(before.event);
      });
    }

    it('a ticket type of another event', async () => {
      const other = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ quantity: 5 }] });
      const res = await book(t, bob, event.id, [{ ticketTypeId: other.ticketTypes[0]!.id, quantity: 1 }]).expect(400);
      expect(res.body.errors[0].field).toBe('items[0].ticketTypeId');
      expect((await expectConsistentLedger(t, other.id)).event.held).toBe(0);
    });

    it('an event that is not published (404 for customers, 409 for admins)', async () => {
      const draft = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ quantity: 5 }], draft: true });
      const items = [{ ticketTypeId: draft.ticketTypes[0]!.id, quantity: 1 }];
      await book(t, bob, draft.id, items).expect(404);
      const res = await book(t, admin, draft.id, items).expect(409);
      expect(res.body.code).toBe('event_not_on_sale');
      expect((await expectConsistentLedger(t, draft.id)).event.held).toBe(0);
    });

    it('a closed sales window', async () => {
      const closed = await createEvent(t, admin, {
        capacity: 5,
        ticketTypes: [{ quantity: 5, salesStartAt: new Date(Date.now() + HOUR).toISOString() }],
      });
      const res = await book(t, bob, closed.id, [{ ticketTypeId: closed.ticketTypes[0]!.id, quantity: 1 }]).expect(409);
      expect(res.body.code).toBe('ticket_type_not_on_sale');
      expect((await expectConsistentLedger(t, closed.id)).event.held).toBe(0);
    });
  });

  it("customers see their own bookings only; another customer's booking is 404", async () => {
    const mine = await book(t, bob, event.id, [{ ticketTypeId: event.ticketTypes[1]!.id, quantity: 1 }]).expect(201);
    await t.http().get(`/api/v1/bookings/${mine.body.id}`).set(bob.auth).expect(200);
    const probe = await t.http().get(`/api/v1/bookings/${mine.body.id}`).set(alice.auth).expect(404);
    expect(probe.body.code).toBe('booking_not_found');
    await t.http().post(`/api/v1/bookings/${mine.body.id}/cancel`).set(alice.auth).expect(404);
    const aliceList = await t.http().get('/api/v1/bookings').set(alice.auth).expect(200);
    expect(aliceList.body.data.every((b: { userId: string }) => b.userId === alice.id)).toBe(true);
    // The e-mail filter is for staff: a customer cannot use it to see others.
    const sneaky = await t.http().get('/api/v1/bookings').query({ email: bob.email }).set(alice.auth).expect(200);
    expect(sneaky.body.data.every((b: { userId: string }) => b.userId === alice.id)).toBe(true);
    const staff = await t.http().get('/api/v1/bookings').query({ email: bob.email.toUpperCase(), eventId: event.id }).set(viewer.auth).expect(200);
    expect(staff.body.data.map((b: { id: string }) => b.id)).toContain(mine.body.id);
    expect(staff.body.data.every((b: { userId: string }) => b.userId === bob.id)).toBe(true);
    await t.http().get(`/api/v1/bookings/${mine.body.id}`).set(viewer.auth).expect(200);
  });

  it('takes an optional team name: trimmed, shown, filtered case-insensitively; blank, too long or null refused with nothing held', async () => {
    const [regular] = event.ticketTypes;
    const seats = async () => (await t.http().get(`/api/v1/events/${event.id}`).expect(200)).body.available as number;
    const team = await book(t, bob, event.id, [{ ticketTypeId: regular!.id, quantity: 2 }], { teamName: '  Kano Chess Club ' }).expect(201);
    expect(team.body.teamName).toBe('Kano Chess Club');
    expect((await t.http().get(`/api/v1/bookings/${team.body.id}`).set(bob.auth).expect(200)).body.teamName).toBe('Kano Chess Club');
    const plain = await book(t, bob, event.id, [{ ticketTypeId: regular!.id, quantity: 1 }]).expect(201);
    expect(plain.body.teamName).toBeNull();

    const listed = await t.http().get('/api/v1/bookings').query({ teamName: 'KANO chess club', eventId: event.id }).set(viewer.auth).expect(200);
    expect(listed.body.data.map((b: { id: string }) => b.id)).toEqual([team.body.id]);
    // A customer's filter stays within their own bookings.
    const own = await t.http().get('/api/v1/bookings').query({ teamName: 'Kano Chess Club' }).set(alice.auth).expect(200);
    expect(own.body.data).toEqual([]);

    const before = await seats();
    for (const teamName of ['   ', 'x'.repeat(101), null]) {
      const res = await t
        .http()
        .post('/api/v1/bookings')
        .set(bob.auth)
        .send({ eventId: event.id, items: [{ ticketTypeId: regular!.id, quantity: 1 }], teamName })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['teamName']);
    }
    expect(await seats()).toBe(before);
    await expectConsistentLedger(t, event.id);
  });

  it('the owner cancels a pending booking once; the seats come back once', async () => {
    const res = await book(t, alice, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 4 }]).expect(201);
    const before = await expectConsistentLedger(t, event.id);
    const results = await Promise.all(Array.from({ length: 5 }, () => t.http().post(`/api/v1/bookings/${res.body.id}/cancel`).set(alice.auth)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(4);
    const after = await expectConsistentLedger(t, event.id);
    expect(after.event.held).toBe(before.event.held - 4);
  });

  it('an admin books on behalf of a user; a customer cannot', async () => {
    const items = [{ ticketTypeId: event.ticketTypes[1]!.id, quantity: 1 }];
    const res = await book(t, admin, event.id, items, { userId: bob.id }).expect(201);
    expect(res.body.userId).toBe(bob.id);
    await t.http().get(`/api/v1/bookings/${res.body.id}`).set(bob.auth).expect(200);
    await book(t, alice, event.id, items, { userId: bob.id }).expect(403);
    await book(t, admin, event.id, items, { userId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    await book(t, viewer, event.id, items).expect(403);
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'booking.created_for_user', entityId: res.body.id }).set(admin.auth).expect(200);
    expect(audit.body.data[0]).toMatchObject({ actorId: admin.id, details: { userId: bob.id } });
  });
});
