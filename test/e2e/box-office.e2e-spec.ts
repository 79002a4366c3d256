import { ProcessRefundUseCase } from '@app/refunds';
import { Role } from '@app/shared';
import { book, createEvent, CreatedEvent } from '../factories/events.js';
import { createAdmin, createUser, DEFAULT_PASSWORD, signIn, signUpCustomer, SignedInUser, uniqueEmail } from '../factories/users.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * The box office (`POST /box-office/sales`): an admin sells for cash or on a card terminal, or gives
 * tickets away (`comp`), to a buyer named by e-mail; the booking is confirmed with its tickets and
 * e-mailed, in one transaction, never past capacity. A buyer without an account gets a
 * passwordless one that only the owner of the address can claim (password reset).
 */
describe('box office (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let viewer: SignedInUser;
  let customer: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
    admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    customer = await signUpCustomer(t, { name: 'Existing Customer' });
  });
  afterAll(() => t.close());

  const sell = (user: SignedInUser, body: object, idempotencyKey?: string) => {
    const req = t.http().post('/api/v1/box-office/sales').set(user.auth);
    if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
    return req.send(body);
  };
  const saleOf = (event: CreatedEvent, overrides: Record<string, unknown> = {}) => ({
    eventId: event.id,
    items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 2 }],
    buyer: { name: 'Door Buyer', email: uniqueEmail('door'), phone: '0803 123 4567' },
    method: 'cash',
    ...overrides,
  });
  const counts = async (eventId: string) => {
    const [row] = await query<{ bookings: string; users: string; payments: string; mails: string; audits: string }>(
      t,
      `SELECT (SELECT count(*) FROM bookings WHERE event_id = $1) AS bookings, (SELECT count(*) FROM users) AS users,
              (SELECT count(*) FROM payments) AS payments, (SELECT count(*) FROM outbox_messages) AS mails,
              (SELECT count(*) FROM audit_logs WHERE action = 'box_office.sale') AS audits`,
      [eventId],
    );
    return row;
  };
  const auditOf = async (bookingId: string) =>
    await query<{ actor_id: string; details: Record<string, unknown> }>(
      t,
      `SELECT actor_id, details FROM audit_logs WHERE action = 'box_office.sale' AND entity_id = $1`,
      [bookingId],
    );

  it('cash to a new buyer: confirmed with tickets, a succeeded manual cash payment, e-mailed, a passwordless unverified account, audited', async () => {
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ price: 250_000, quantity: 10 }] });
    const body = saleOf(event);
    const res = await sell(admin, body).expect(201);
    expect(res.body).toMatchObject({
      status: 'confirmed',
      totalAmount: 500_000,
      currency: 'NGN',
      payment: { status: 'paid', paidAmount: 500_000, refundedAmount: 0 },
    });
    expect(res.body.tickets).toHaveLength(2);
    expect(res.body.tickets.every((x: { status: string; holderName: string }) => x.status === 'valid' && x.holderName === 'Door Buyer')).toBe(true);

    const [user] = await query<{ id: string; password_hash: string | null; email_verified_at: Date | null; phone: string; roles: string[]; name: string }>(
      t,
      'SELECT id, password_hash, email_verified_at, phone, roles, name FROM users WHERE email = $1',
      [body.buyer.email],
    );
    expect(user).toMatchObject({
      id: res.body.userId,
      password_hash: null,
      email_verified_at: null,
      phone: '+2348031234567',
      roles: ['customer'],
      name: 'Door Buyer',
    });

    const payments = await t.http().get('/api/v1/payments').query({ eventId: event.id }).set(admin.auth).expect(200);
    expect(payments.body.data).toEqual([
      expect.objectContaining({
        bookingId: res.body.id,
        provider: 'manual',
        method: 'cash',
        status: 'succeeded',
        amount: 500_000,
        instructions: null,
        paidAt: expect.any(String),
      }),
    ]);
    const [reviewed] = await query<{ reviewed_by: string }>(t, 'SELECT reviewed_by FROM payments WHERE booking_id = $1', [res.body.id]);
    expect(reviewed!.reviewed_by).toBe(admin.id);

    const mails = await query<{ template: string; data: { bookingId: string; tickets: unknown[] } }>(
      t,
      `SELECT template, data FROM outbox_messages WHERE "to" = $1`,
      [body.buyer.email],
    );
    expect(mails.map((m) => m.template)).toEqual(['booking-confirmed']);
    expect(mails[0]!.data).toMatchObject({ bookingId: res.body.id, tickets: [expect.anything(), expect.anything()] });

    const [audit] = await auditOf(res.body.id);
    expect(audit).toMatchObject({
      actor_id: admin.id,
      details: {
        method: 'cash',
        note: null,
        buyerEmail: body.buyer.email,
        buyerCreated: true,
        totalAmount: 500_000,
        faceValue: 500_000,
        currency: 'NGN',
        paymentId: payments.body.data[0].id,
      },
    });
    const again = await t.http().get(`/api/v1/bookings/${res.body.id}`).set(admin.auth).expect(200);
    expect(again.body).toEqual(res.body);
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.sold).toBe(2);
  });

  it('card terminal to an existing customer: the booking is theirs (their account unchanged), they see it and its tickets', async () => {
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ price: 100_000, quantity: 10 }] });
    const res = await sell(admin, saleOf(event, { method: 'card_terminal', buyer: { name: 'Typed At The Door', email: customer.email.toUpperCase() } })).expect(
      201,
    );
    expect(res.body.userId).toBe(customer.id);
    const mine = await t.http().get(`/api/v1/bookings/${res.body.id}`).set(customer.auth).expect(200);
    expect(mine.body.tickets).toHaveLength(2);
    expect(mine.body.tickets[0].holderName).toBe('Existing Customer');
    const [payment] = await query<{ method: string; amount: string; status: string }>(t, 'SELECT method, amount, status FROM payments WHERE booking_id = $1', [
      res.body.id,
    ]);
    expect(payment).toEqual({ method: 'card_terminal', amount: '200000', status: 'succeeded' });
    const [user] = await query<{ name: string }>(t, 'SELECT name FROM users WHERE id = $1', [customer.id]);
    expect(user!.name).toBe('Existing Customer');
    expect((await auditOf(res.body.id))[0]!.details).toMatchObject({ method: 'card_terminal', buyerCreated: false });
  });

  it('comp with a priced type: free (total 0, unit price 0, no payment), confirmed, audited with the note and the face value', async () => {
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ price: 750_000, quantity: 10 }] });
    const res = await sell(admin, saleOf(event, { method: 'comp', note: '  Guest of the headliner ' })).expect(201);
    expect(res.body).toMatchObject({
      status: 'confirmed',
      totalAmount: 0,
      items: [{ quantity: 2, unitPrice: 0 }],
      payment: { status: 'free', paidAmount: 0, payments: [] },
    });
    expect(res.body.tickets).toHaveLength(2);
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM payments WHERE booking_id = $1', [res.body.id]);
    expect(Number(n)).toBe(0);
    expect((await auditOf(res.body.id))[0]!.details).toMatchObject({
      method: 'comp',
      note: 'Guest of the headliner',
      totalAmount: 0,
      faceValue: 1_500_000,
      paymentId: null,
    });
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.sold).toBe(2);
  });

  it('refuses bad input with problem+json and changes nothing: comp without a note, bad buyer, unknown type, over maxPerBooking', async () => {
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ price: 100_000, quantity: 10, maxPerBooking: 3 }] });
    const before = await counts(event.id);
    const cases: [object, string][] = [
      [saleOf(event, { method: 'comp' }), 'note'],
      [saleOf(event, { method: 'comp', note: '   ' }), 'note'],
      [saleOf(event, { buyer: { name: 'X', email: 'not-an-email' } }), 'buyer.email'],
      [saleOf(event, { buyer: { name: 'X', email: uniqueEmail(), phone: '12' } }), 'buyer.phone'],
      [saleOf(event, { buyer: { email: uniqueEmail() } }), 'buyer.name'],
      [saleOf(event, { method: 'bitcoin' }), 'method'],
      [saleOf(event, { items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 0 }] }), 'items[0].quantity'],
      [saleOf(event, { items: [{ ticketTypeId: '0193a0c4-7b1e-7c55-9f00-2f4c1d9e8a10', quantity: 1 }] }), 'items[0].ticketTypeId'],
      [saleOf(event, { items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 4 }] }), 'items[0].quantity'],
      [saleOf(event, { attendees: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] }), 'attendees'],
    ];
    for (const [body, field] of cases) {
      const res = await sell(admin, body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await counts(event.id)).toEqual(before);
    await expectConsistentLedger(t, event.id);
  });

  it('only admins: a customer and a viewer get 403, anonymous 401, nothing changed', async () => {
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ quantity: 10 }] });
    const before = await counts(event.id);
    expect((await sell(customer, saleOf(event)).expect(403)).body.code).toBe('forbidden');
    expect((await sell(viewer, saleOf(event)).expect(403)).body.code).toBe('forbidden');
    await t.http().post('/api/v1/box-office/sales').send(saleOf(event)).expect(401);
    expect(await counts(event.id)).toEqual(before);
  });

  it('sells outside a ticket type’s online sales window and past maxPerBuyer, but never a draft, ended-sales event or past capacity', async () => {
    const later = new Date(Date.now() + 24 * 3600_000).toISOString();
    const event = await createEvent(t, admin, { capacity: 5, maxPerBuyer: 2, ticketTypes: [{ price: 100_000, quantity: 5, salesStartAt: later }] });
    const type = event.ticketTypes[0]!;
    expect((await book(t, customer, event.id, [{ ticketTypeId: type.id, quantity: 1 }]).expect(409)).body.code).toBe('ticket_type_not_on_sale');
    const res = await sell(
      admin,
      saleOf(event, { items: [{ ticketTypeId: type.id, quantity: 4 }], buyer: { name: 'Big Group', email: customer.email } }),
    ).expect(201);
    expect(res.body.tickets).toHaveLength(4);
    const [seats] = await query<{ seats: number }>(t, 'SELECT seats FROM buyer_seats WHERE event_id = $1 AND user_id = $2', [event.id, customer.id]);
    expect(seats!.seats).toBe(4);
    const full = await sell(admin, saleOf(event, { items: [{ ticketTypeId: type.id, quantity: 2 }] })).expect(409);
    expect(full.body).toMatchObject({ code: 'sold_out', available: { event: 1 } });
    await expectConsistentLedger(t, event.id);

    const draft = await createEvent(t, admin, { capacity: 5, draft: true, ticketTypes: [{ quantity: 5 }] });
    expect((await sell(admin, saleOf(draft)).expect(409)).body.code).toBe('event_not_on_sale');
    expect((await sell(admin, saleOf({ ...draft, id: '0193a0c4-7b1e-7c55-9f00-2f4c1d9e8a10' })).expect(404)).body.code).toBe('event_not_found');
  });

  it('Idempotency-Key: the same sale replays its first answer, one booking, one payment, one e-mail; another body is 422', async () => {
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ price: 100_000, quantity: 10 }] });
    const body = saleOf(event);
    const first = await sell(admin, body, 'door-sale-1').expect(201);
    const again = await sell(admin, body, 'door-sale-1').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await sell(admin, { ...body, method: 'card_terminal' }, 'door-sale-1').expect(422)).body.code).toBe('idempotency_key_reused');
    const [row] = await query<{ bookings: string; payments: string; mails: string }>(
      t,
      `SELECT (SELECT count(*) FROM bookings WHERE event_id = $1) AS bookings, (SELECT count(*) FROM payments p JOIN bookings b ON b.id = p.booking_id WHERE b.event_id = $1) AS payments,
              (SELECT count(*) FROM outbox_messages WHERE "to" = $2) AS mails`,
      [event.id, body.buyer.email],
    );
    expect(row).toEqual({ bookings: '1', payments: '1', mails: '1' });
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.sold).toBe(2);
  });

  it('Idempotency-Key: a serialization failure retries the whole sale, yet one booking, one payment and one e-mail commit, and the key replays it', async () => {
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ price: 100_000, quantity: 10 }] });
    const body = saleOf(event);
    // The first insert of this buyer's e-mail into the outbox fails as PostgreSQL fails a
    // serialization conflict (40001); a sequence counts the attempts (nextval is not rolled back).
    const tag = `retry_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    await query(t, `CREATE SEQUENCE ${tag}_attempts`);
    await query(
      t,
      `CREATE FUNCTION ${tag}_fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW."to" = '${body.buyer.email}' AND nextval('${tag}_attempts') = 1 THEN
             RAISE EXCEPTION 'forced serialization failure' USING ERRCODE = '40001';
           END IF;
           RETURN NEW;
         END $$`,
    );
    await query(t, `CREATE TRIGGER ${tag} AFTER INSERT ON outbox_messages FOR EACH ROW EXECUTE FUNCTION ${tag}_fail_once()`);
    try {
      const first = await sell(admin, body, 'door-sale-retried').expect(201);
      const [{ attempts }] = await query<{ attempts: string }>(t, `SELECT last_value AS attempts FROM ${tag}_attempts`);
      expect(attempts).toBe('2'); // the handler really ran twice
      const again = await sell(admin, body, 'door-sale-retried').expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['content-type']).toMatch(/^application\/json/);
      expect(again.body).toEqual(first.body);
      const [row] = await query<{ bookings: string; payments: string; mails: string; audits: string }>(
        t,
        `SELECT (SELECT count(*) FROM bookings WHERE event_id = $1) AS bookings, (SELECT count(*) FROM payments p JOIN bookings b ON b.id = p.booking_id WHERE b.event_id = $1) AS payments,
                (SELECT count(*) FROM outbox_messages WHERE "to" = $2) AS mails, (SELECT count(*) FROM audit_logs WHERE action = 'box_office.sale' AND entity_id = $3) AS audits`,
        [event.id, body.buyer.email, first.body.id],
      );
      expect(row).toEqual({ bookings: '1', payments: '1', mails: '1', audits: '1' });
      const ledger = await expectConsistentLedger(t, event.id);
      expect(ledger.event.sold).toBe(2);
    } finally {
      await query(t, `DROP TRIGGER IF EXISTS ${tag} ON outbox_messages`);
      await query(t, `DROP FUNCTION IF EXISTS ${tag}_fail_once()`);
      await query(t, `DROP SEQUENCE IF EXISTS ${tag}_attempts`);
    }
  });

  describe('the passwordless account', () => {
    const resetToken = async (email: string) => {
      const rows = await query<{ token: string; claim: boolean }>(
        t,
        `SELECT data->>'token' AS token, (data->>'claim')::boolean AS claim FROM outbox_messages WHERE "to" = $1 AND template = 'password-reset' ORDER BY id DESC`,
        [email],
      );
      return rows;
    };

    it('cannot sign in (invalid_credentials, audited no_password); registering with its e-mail signs nobody in and changes nothing, but mails the owner; only the owner’s reset claims it', async () => {
      const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ price: 100_000, quantity: 10 }] });
      const email = uniqueEmail('walk-in');
      const sale = (await sell(admin, saleOf(event, { buyer: { name: 'Walk In', email } })).expect(201)).body;

      const login = await t.http().post('/api/v1/auth/login').send({ email, password: DEFAULT_PASSWORD }).expect(401);
      expect(login.body.code).toBe('invalid_credentials');
      const [failed] = await query<{ details: { reason: string } }>(
        t,
        `SELECT details FROM audit_logs WHERE action = 'auth.login_failed' AND details->>'email' = $1`,
        [email],
      );
      expect(failed!.details.reason).toBe('no_password');

      // An attacker registers with the buyer's address: no session, no password set, nothing readable.
      const attacker = await t.http().post('/api/v1/auth/register').send({ email, password: 'attacker password 123', name: 'Mallory' }).expect(202);
      expect(attacker.body).toEqual({ status: 'password_reset_sent', email });
      expect(attacker.body.accessToken).toBeUndefined();
      const [account] = await query<{ password_hash: string | null; name: string; email_verified_at: Date | null }>(
        t,
        'SELECT password_hash, name, email_verified_at FROM users WHERE email = $1',
        [email],
      );
      expect(account).toEqual({ password_hash: null, name: 'Walk In', email_verified_at: null });
      expect((await t.http().post('/api/v1/auth/login').send({ email, password: 'attacker password 123' }).expect(401)).body.code).toBe('invalid_credentials');
      const mails = await resetToken(email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.claim).toBe(true);

      // The owner reads the message and sets their password: verified, signed in, their tickets there.
      const claimed = await t.http().post('/api/v1/auth/password-reset/confirm').send({ token: mails[0]!.token, password: 'the owner password' }).expect(200);
      expect(claimed.body.user).toMatchObject({ id: sale.userId, email, emailVerified: true });
      const auth = { Authorization: `Bearer ${claimed.body.accessToken}` };
      const list = await t.http().get('/api/v1/bookings').set(auth).expect(200);
      expect(list.body.data.map((b: { id: string }) => b.id)).toEqual([sale.id]);
      expect(list.body.data[0].tickets).toHaveLength(2);
      const [audit] = await query<{ details: { claimed: boolean } }>(
        t,
        `SELECT details FROM audit_logs WHERE action = 'auth.password_reset' AND entity_id = $1`,
        [sale.userId],
      );
      expect(audit!.details.claimed).toBe(true);

      // The token works once; the account now has a password, so registering is 409 as for any account.
      expect(
        (await t.http().post('/api/v1/auth/password-reset/confirm').send({ token: mails[0]!.token, password: 'another password' }).expect(400)).body.code,
      ).toBe('invalid_reset_token');
      expect((await t.http().post('/api/v1/auth/register').send({ email, password: 'attacker password 123', name: 'Mallory' }).expect(409)).body.code).toBe(
        'email_taken',
      );
      await signIn(t, email, 'the owner password');
      await t.http().post('/api/v1/auth/login').send({ email, password: 'attacker password 123' }).expect(401);
    });

    it('is claimed by asking for a password reset (the same answer for an unknown e-mail); a later sale to it finds the same account', async () => {
      const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ price: 0, quantity: 10 }] });
      const email = uniqueEmail('phone-sale');
      const first = (await sell(admin, saleOf(event, { buyer: { name: 'By Phone', email } })).expect(201)).body;
      expect(first).toMatchObject({ status: 'confirmed', totalAmount: 0 });
      const second = (
        await sell(admin, saleOf(event, { items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }], buyer: { name: 'Someone Else', email } })).expect(
          201,
        )
      ).body;
      expect(second.userId).toBe(first.userId);

      await t
        .http()
        .post('/api/v1/auth/password-reset')
        .send({ email: uniqueEmail('nobody') })
        .expect(202);
      await t.http().post('/api/v1/auth/password-reset').send({ email: email.toUpperCase() }).expect(202);
      await t.http().post('/api/v1/auth/password-reset').send({ email }).expect(202); // within the minute: no second message
      const mails = await resetToken(email);
      expect(mails).toHaveLength(1);
      await t.http().post('/api/v1/auth/password-reset/confirm').send({ token: 'not-a-token', password: 'the owner password' }).expect(400);
      const claimed = await t.http().post('/api/v1/auth/password-reset/confirm').send({ token: mails[0]!.token, password: 'the owner password' }).expect(200);
      expect(claimed.body.user).toMatchObject({ id: first.userId, emailVerified: true, name: 'By Phone' });
      const list = await t
        .http()
        .get('/api/v1/bookings')
        .set({ Authorization: `Bearer ${claimed.body.accessToken}` })
        .expect(200);
      expect(list.body.data.map((b: { id: string }) => b.id).sort()).toEqual([first.id, second.id].sort());
    });
  });

  it('an admin cancels a cash sale: tickets void, seats back, the cash refunded in full as a manual refund', async () => {
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ price: 300_000, quantity: 10 }] });
    const sale = (await sell(admin, saleOf(event, { items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 3 }] })).expect(201)).body;
    const cancelled = await t.http().post(`/api/v1/bookings/${sale.id}/cancel`).set(admin.auth).send({ reason: 'Bought the wrong night' }).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await t.app.get(ProcessRefundUseCase).processDue();
    const refunds = await query<{ kind: string; status: string; amount: string }>(t, 'SELECT kind, status, amount FROM refunds WHERE booking_id = $1', [
      sale.id,
    ]);
    expect(refunds).toEqual([{ kind: 'booking_cancelled', status: 'completed', amount: '900000' }]);
    const [payment] = await query<{ status: string; refunded_amount: string; method: string }>(
      t,
      'SELECT status, refunded_amount, method FROM payments WHERE booking_id = $1',
      [sale.id],
    );
    expect(payment).toEqual({ status: 'refunded', refunded_amount: '900000', method: 'cash' });
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.sold).toBe(0);
  });

  it('race: 30 box-office sales (some to one new e-mail) and 30 online bookings for 12 seats sell exactly 12, no 5xx, one account per e-mail, ledger consistent', async () => {
    const event = await createEvent(t, admin, {
      capacity: 12,
      ticketTypes: [
        { name: 'Door', price: 200_000, quantity: 12 },
        { name: 'Online free', price: 0, quantity: 12 },
      ],
    });
    const [door, online] = event.ticketTypes;
    const buyers = await Promise.all(Array.from({ length: 6 }, () => signUpCustomer(t)));
    const shared = uniqueEmail('shared-walk-in');
    const requests = [
      ...Array.from({ length: 30 }, (_, i) =>
        sell(
          admin,
          saleOf(event, {
            items: [{ ticketTypeId: door!.id, quantity: 1 }],
            method: i % 3 === 0 ? 'comp' : 'cash',
            note: 'race',
            buyer: { name: `Walk ${i}`, email: i % 2 ? shared : uniqueEmail('race') },
          }),
        ),
      ),
      ...Array.from({ length: 30 }, (_, i) => book(t, buyers[i % buyers.length]!, event.id, [{ ticketTypeId: online!.id, quantity: 1 }])),
    ];
    const results = await Promise.all(requests.map((r) => r.then((x) => x)));
    expect(results.filter((r) => r.status >= 500).map((r) => ({ status: r.status, body: r.body }))).toEqual([]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(12);
    for (const r of results.filter((x) => x.status !== 201)) expect([r.status, r.body.code]).toEqual([409, 'sold_out']);
    expect(results.filter((r) => r.status === 201).every((r) => r.body.status === 'confirmed')).toBe(true);
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event).toMatchObject({ sold: 12, held: 0 });
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM users WHERE email = $1', [shared]);
    expect(Number(n)).toBe(1);
    const sold = results.slice(0, 30).filter((r) => r.status === 201);
    const [{ paid }] = await query<{ paid: string }>(
      t,
      `SELECT count(*) AS paid FROM payments p JOIN bookings b ON b.id = p.booking_id WHERE b.event_id = $1 AND p.method = 'cash' AND p.status = 'succeeded'`,
      [event.id],
    );
    expect(Number(paid)).toBe(sold.filter((r) => r.body.totalAmount > 0).length);
    const [{ tickets }] = await query<{ tickets: string }>(t, `SELECT count(*) AS tickets FROM tickets WHERE event_id = $1 AND status = 'valid'`, [event.id]);
    expect(Number(tickets)).toBe(12);
  });
});
