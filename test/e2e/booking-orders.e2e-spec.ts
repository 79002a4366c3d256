import { Role } from '@app/shared';
import { book, CreatedEvent } from '../factories/events.js';
import { tinyPng } from '../factories/files.js';
import { startPayment } from '../factories/payments.js';
import { createOpenEvent, scan } from '../factories/tickets.js';
import { decideTransfer, offerTransfer } from '../factories/transfers.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * The back office's "find an order": searching bookings (`q`), a booking's timeline, and sending
 * its tickets again.
 */
describe('finding and acting on an order (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let viewer: SignedInUser;
  let scanner: SignedInUser;
  let buyer: SignedInUser;
  let other: SignedInUser;
  let recipient: SignedInUser;
  let event: CreatedEvent;

  beforeAll(async () => {
    t = await startTestApp({ MAIL_WORKER_ENABLED: 'false', JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    scanner = await createUser(t, [Role.Scanner]);
    buyer = await signUpCustomer(t, { name: 'Ngozi Okonkwo-Search' });
    other = await signUpCustomer(t, { name: 'Other Person' });
    recipient = await signUpCustomer(t, { name: 'Transfer Recipient' });
    event = await createOpenEvent(t, admin, { capacity: 50, ticketTypes: [{ name: 'Regular', price: 250_000, quantity: 50 }] });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A booking paid manually (proof uploaded, approved by an admin); its tickets in seat order. */
  async function paidManually(user: SignedInUser, quantity: number, extra: { attendees?: object[]; teamName?: string } = {}) {
    const booking = (await book(t, user, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity }], extra).expect(201)).body;
    const payment = (await startPayment(t, user, booking.id, 'manual').expect(201)).body;
    await t
      .http()
      .post(`/api/v1/payments/${payment.id}/proof`)
      .set(user.auth)
      .attach('file', await tinyPng(), 'receipt.png')
      .expect(200);
    await t.http().post(`/api/v1/payments/${payment.id}/approve`).set(admin.auth).expect(200);
    const tickets = await query<{ id: string; code: string }>(t, 'SELECT id, code FROM tickets WHERE booking_id = $1 ORDER BY seq', [booking.id]);
    return { booking, payment, tickets };
  }
  const search = async (q: string, user: SignedInUser = admin) =>
    ((await t.http().get('/api/v1/bookings').query({ q, limit: 100 }).set(user.auth).expect(200)).body.data as { id: string }[]).map((b) => b.id);
  const timeline = (id: string, user: SignedInUser = admin) => t.http().get(`/api/v1/bookings/${id}/timeline`).set(user.auth);
  const resend = (id: string, user: SignedInUser = admin) => t.http().post(`/api/v1/bookings/${id}/resend-tickets`).set(user.auth).send();

  it('finds a booking by e-mail, name, id, payment reference, ticket code in any gate form, attendee name and team name; customers only their own', async () => {
    const { booking, payment, tickets } = await paidManually(buyer, 2, { attendees: [{ name: 'Chidi Attendee-Zq' }], teamName: 'Robotics 100% Club' });
    const mine = (await book(t, other, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }], { teamName: 'Robotics Other' }).expect(201)).body;

    expect(await search(buyer.email.toUpperCase())).toEqual([booking.id]);
    expect(await search('okonkwo-SEARCH')).toEqual([booking.id]);
    expect(await search(booking.id)).toEqual([booking.id]);
    expect(await search(booking.id.toUpperCase())).toEqual([booking.id]);
    expect(await search(payment.reference.toLowerCase())).toEqual([booking.id]);
    const code = tickets[1]!.code;
    expect(await search(code)).toEqual([booking.id]);
    // As the gate accepts it: lower case, no dashes, spaces, O for 0 and I/L for 1.
    const [, date, random] = code.split('-');
    const typed = `tkt ${date} ${random!.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l')}`;
    expect(await search(`  ${typed} `)).toEqual([booking.id]);
    expect(await search('attendee-zq')).toEqual([booking.id]);
    expect(await search('robotics 100%')).toEqual([booking.id]);
    expect((await search('robotics')).sort()).toEqual([booking.id, mine.id].sort());
    // LIKE wildcards match themselves: `100_` is not `100%`, a lone `%` is no wildcard.
    expect(await search('robotics 100_')).toEqual([]);
    expect(await search('%')).toEqual([booking.id]);
    expect(await search('nothing-like-this-anywhere')).toEqual([]);
    // Combined with the other filters.
    expect(
      (await t.http().get('/api/v1/bookings').query({ q: 'robotics', status: 'pending_payment' }).set(viewer.auth).expect(200)).body.data.map(
        (b: { id: string }) => b.id,
      ),
    ).toEqual([mine.id]);

    // A customer searches only their own bookings.
    expect(await search('robotics', other)).toEqual([mine.id]);
    expect(await search(booking.id, other)).toEqual([]);
    expect(await search(code, other)).toEqual([]);
    expect(await search(booking.id, buyer)).toEqual([booking.id]);

    const long = await t
      .http()
      .get('/api/v1/bookings')
      .query({ q: 'x'.repeat(201) })
      .set(admin.auth)
      .expect(400);
    expect(long.body.errors.map((e: { field: string }) => e.field)).toEqual(['q']);
  });

  it('pages search results newest first by keyset', async () => {
    const team = `Paging Team ${Date.now()}`;
    const made: string[] = [];
    for (let i = 0; i < 3; i++)
      made.push((await book(t, other, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }], { teamName: team }).expect(201)).body.id);
    const first = await t.http().get('/api/v1/bookings').query({ q: team, limit: 2 }).set(admin.auth).expect(200);
    expect(first.body.data.map((b: { id: string }) => b.id)).toEqual([made[2], made[1]]);
    const second = await t.http().get('/api/v1/bookings').query({ q: team, limit: 2, cursor: first.body.nextCursor }).set(admin.auth).expect(200);
    expect(second.body).toMatchObject({ data: [{ id: made[0] }], nextCursor: null });
  });

  it('shows a booking paid manually, checked in, partly refunded and with a transfer as one timeline, oldest first', async () => {
    const { booking, payment, tickets } = await paidManually(buyer, 4);
    await scan(t, scanner, { eventId: event.id, code: tickets[0]!.code, gate: 'North gate' }).expect(200);
    await scan(t, scanner, { eventId: event.id, code: tickets[0]!.code, gate: 'North gate' }).expect(200); // already checked in
    const refund = (
      await t
        .http()
        .post('/api/v1/refunds')
        .set(buyer.auth)
        .send({ bookingId: booking.id, ticketIds: [tickets[1]!.id], reason: 'A friend cannot come' })
        .expect(201)
    ).body;
    await t.http().post(`/api/v1/refunds/${refund.id}/approve`).set(admin.auth).expect(200);
    const transfer = (await offerTransfer(t, buyer, { ticketId: tickets[2]!.id, toEmail: recipient.email }).expect(201)).body;
    await decideTransfer(t, recipient, transfer.id, 'accept').expect(200);
    expect((await t.http().get(`/api/v1/bookings/${booking.id}`).set(admin.auth).expect(200)).body.status).toBe('partially_refunded');

    const res = await timeline(booking.id).expect(200);
    expect(res.body.bookingId).toBe(booking.id);
    const entries = res.body.entries as { at: string; kind: string; summary: string; actorId: string | null; details: Record<string, unknown> }[];
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const kinds = entries.map((e) => e.kind);
    const order = [
      'booking.created',
      'payment.created',
      'payment.proof_uploaded',
      'payment.succeeded',
      'booking.confirmed',
      'ticket.issued',
      'check_in.accepted',
      'check_in.refused',
      'refund.requested',
      'refund.approved',
      'refund.completed',
      'transfer.offered',
      'transfer.accepted',
    ];
    const positions = order.map((kind) => kinds.indexOf(kind));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const byKind = (kind: string) => entries.find((e) => e.kind === kind)!;
    expect(byKind('payment.succeeded')).toMatchObject({
      actorId: admin.id,
      details: { paymentId: payment.id, provider: 'manual', reference: payment.reference, amount: 1_000_000 },
    });
    expect(byKind('ticket.issued').details.tickets).toHaveLength(4);
    expect(byKind('check_in.accepted')).toMatchObject({
      actorId: scanner.id,
      summary: 'Checked in at North gate',
      details: { ticketId: tickets[0]!.id, result: 'ok', gate: 'North gate' },
    });
    expect(byKind('check_in.refused').details.result).toBe('already_checked_in');
    expect(byKind('refund.requested')).toMatchObject({ actorId: buyer.id, details: { refundId: refund.id, amount: 250_000, ticketIds: [tickets[1]!.id] } });
    expect(byKind('refund.approved').actorId).toBe(admin.id);
    expect(byKind('transfer.offered')).toMatchObject({ actorId: buyer.id, details: { transferId: transfer.id, toEmail: recipient.email } });
    expect(byKind('transfer.accepted').details).toMatchObject({ transferId: transfer.id, toUserId: recipient.id });
    // The buyer's e-mails about it: the confirmation with the tickets, the refund's.
    const emails = entries.filter((e) => e.kind === 'email.queued').map((e) => e.details.template);
    expect(emails).toEqual(expect.arrayContaining(['booking-confirmed', 'refund-completed']));
    expect(kinds.indexOf('email.queued')).toBeGreaterThan(kinds.indexOf('ticket.issued'));
    // No secret leaks into the details: no QR payloads.
    expect(JSON.stringify(entries)).not.toContain('qrPayload');

    // A resend shows as an e-mail and an audit entry.
    await resend(booking.id).expect(202);
    const after = (await timeline(booking.id, viewer).expect(200)).body.entries as { kind: string; details: Record<string, unknown> }[];
    expect(after.at(-2)).toMatchObject({ kind: 'audit', details: { action: 'booking.tickets_resent' } });
    expect(after.at(-1)).toMatchObject({ kind: 'email.queued', details: { template: 'booking-confirmed' } });

    await timeline(booking.id, buyer).expect(403);
    await timeline(booking.id, scanner).expect(403);
    expect((await timeline('0193a0c4-7b1e-7c55-9f00-2f4c1d9e8a10').expect(404)).body.code).toBe('booking_not_found');
    await timeline('not-a-uuid').expect(400);
  });

  it('resends the confirmation with the current valid tickets, audited; refuses unpaid bookings; at most once a minute', async () => {
    const { booking, tickets } = await paidManually(buyer, 3);
    const refund = (
      await t
        .http()
        .post('/api/v1/refunds')
        .set(buyer.auth)
        .send({ bookingId: booking.id, ticketIds: [tickets[0]!.id], reason: 'One less' })
        .expect(201)
    ).body;
    await t.http().post(`/api/v1/refunds/${refund.id}/approve`).set(admin.auth).expect(200);

    await resend(booking.id, viewer).expect(403);
    await resend(booking.id, buyer).expect(403);
    const res = await resend(booking.id).expect(202);
    expect(res.body).toEqual({ bookingId: booking.id, to: buyer.email, ticketIds: [tickets[1]!.id, tickets[2]!.id] });

    const messages = await query<{
      dedupe_key: string;
      to: string;
      status: string;
      data: { bookingId: string; tickets: { ticketId: string; code: string; qrPayload: string }[] };
    }>(
      t,
      `SELECT dedupe_key, "to", status, data FROM outbox_messages WHERE template = 'booking-confirmed' AND data->>'bookingId' = $1 ORDER BY created_at, id`,
      [booking.id],
    );
    expect(messages.map((m) => m.dedupe_key)).toEqual([
      `booking-confirmed:${booking.id}`,
      expect.stringMatching(new RegExp(`^booking-confirmed:${booking.id}:resend:[0-9a-f-]{36}$`)),
    ]);
    const again = messages[1]!;
    expect(again).toMatchObject({ to: buyer.email, status: 'queued' });
    expect(again.data.tickets.map((x) => x.code)).toEqual([tickets[1]!.code, tickets[2]!.code]);
    expect(again.data.tickets.every((x) => x.qrPayload.length > 20)).toBe(true);

    const [audit] = await query<{ actor_id: string; details: Record<string, unknown> }>(
      t,
      `SELECT actor_id, details FROM audit_logs WHERE action = 'booking.tickets_resent' AND entity_id = $1`,
      [booking.id],
    );
    expect(audit).toMatchObject({ actor_id: admin.id, details: { to: buyer.email, ticketIds: [tickets[1]!.id, tickets[2]!.id] } });

    // A second resend within the minute: 429 with Retry-After, nothing queued; concurrent ones too.
    const limited = await resend(booking.id).expect(429);
    expect(limited.body.code).toBe('tickets_resend_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    const count = async () =>
      Number(
        (await query<{ n: string }>(t, `SELECT count(*) AS n FROM outbox_messages WHERE dedupe_key LIKE $1`, [`booking-confirmed:${booking.id}:resend:%`]))[0]!
          .n,
      );
    expect(await count()).toBe(1);

    // A minute later (the last resend moved back in time), allowed again; five at once queue one.
    await query(t, `UPDATE audit_logs SET created_at = created_at - interval '61 seconds' WHERE action = 'booking.tickets_resent' AND entity_id = $1`, [
      booking.id,
    ]);
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => resend(booking.id)))).map((r) => r.status).sort();
    expect(statuses).toEqual([202, 429, 429, 429, 429]);
    expect(await count()).toBe(2);

    // Unpaid and unknown bookings.
    const unpaid = (await book(t, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }]).expect(201)).body;
    const refused = await resend(unpaid.id).expect(409);
    expect(refused.body).toMatchObject({ code: 'invalid_booking_state', bookingStatus: 'pending_payment' });
    await t.http().post(`/api/v1/bookings/${unpaid.id}/cancel`).set(buyer.auth).send({}).expect(200);
    expect((await resend(unpaid.id).expect(409)).body.bookingStatus).toBe('cancelled');
    expect((await resend('0193a0c4-7b1e-7c55-9f00-2f4c1d9e8a10').expect(404)).body.code).toBe('booking_not_found');
  });

  it('refuses a resend when no ticket is valid any more', async () => {
    const { booking, tickets } = await paidManually(buyer, 1);
    await scan(t, scanner, { eventId: event.id, code: tickets[0]!.code }).expect(200);
    expect((await resend(booking.id).expect(409)).body.code).toBe('no_valid_tickets');
  });
});
