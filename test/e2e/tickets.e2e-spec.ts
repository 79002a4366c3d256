import { BookingStatus, ConfirmBookingUseCase } from '@app/bookings';
import { Role } from '@app/shared';
import { book, createEvent } from '../factories/events.js';
import { bookFreeTickets, createOpenEvent, decodeQrPng, scan, TicketBody } from '../factories/tickets.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/** Tickets over real HTTP: issuance with the booking, "my tickets", ownership, QR images that decode and check in, holder names. */
describe('tickets (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let viewer: SignedInUser;
  let scanner: SignedInUser;
  let ada: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    scanner = await createUser(t, [Role.Scanner]);
    ada = await signUpCustomer(t, { name: 'Ada Lovelace' });
    bob = await signUpCustomer(t, { name: 'Bob Builder' });
  });
  afterAll(() => t.close());

  it('a free booking issues one ticket per seat in its transaction, named after the attendees, else the buyer', async () => {
    const event = await createOpenEvent(t, admin);
    const tickets = await bookFreeTickets(t, ada, event, 3, [{ name: 'Grace Hopper', email: 'grace@example.com' }]);
    expect(tickets.map((x) => [x.seq, x.holderName, x.status, x.version])).toEqual([
      [1, 'Grace Hopper', 'valid', 1],
      [2, 'Ada Lovelace', 'valid', 1],
      [3, 'Ada Lovelace', 'valid', 1],
    ]);
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Lagos', year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date(tickets[0]!.event.startsAt))
      .replace(/-/g, '');
    for (const ticket of tickets) {
      expect(ticket.code).toMatch(new RegExp(`^TKT-${date}-[0-9A-HJKMNP-TV-Z]{8}$`));
      expect(ticket.qrPayload).toMatch(new RegExp(`^T2\\.[A-Z2-7]{71}\\.${ticket.code}\\.[A-Z2-7]{103}$`));
      expect(ticket).toMatchObject({ userId: ada.id, eventId: event.id, ticketTypeId: event.ticketTypes[0]!.id, ticketTypeName: 'Free', checkedInAt: null });
    }
    expect(new Set(tickets.map((x) => x.code)).size).toBe(3);
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM tickets WHERE booking_id = $1', [tickets[0]!.bookingId]);
    expect(Number(n)).toBe(3);
  });

  it('a paid booking has no tickets until it is confirmed; confirming issues them in the same transaction', async () => {
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ price: 5000, quantity: 10 }] });
    const booking = await book(t, ada, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 2 }]).expect(201);
    expect(booking.body.status).toBe(BookingStatus.PendingPayment);
    expect((await t.http().get('/api/v1/tickets').query({ eventId: event.id }).set(ada.auth).expect(200)).body.data).toEqual([]);
    await t.app.get(ConfirmBookingUseCase).execute(booking.body.id);
    const list = await t.http().get('/api/v1/tickets').query({ eventId: event.id }).set(ada.auth).expect(200);
    expect(list.body.data).toHaveLength(2);
    // Confirming again changes nothing and issues nothing.
    expect(await t.app.get(ConfirmBookingUseCase).execute(booking.body.id)).toBeNull();
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM tickets WHERE booking_id = $1', [booking.body.id]);
    expect(Number(n)).toBe(2);
  });

  it('lists "my tickets" newest first with filters and pages; staff see everyone’s', async () => {
    const event = await createOpenEvent(t, admin);
    const bobs = await bookFreeTickets(t, bob, event, 3);
    const page1 = await t.http().get('/api/v1/tickets').query({ eventId: event.id, limit: 2 }).set(bob.auth).expect(200);
    expect(page1.body.data.map((x: TicketBody) => x.id)).toEqual([bobs[2]!.id, bobs[1]!.id]);
    const page2 = await t.http().get('/api/v1/tickets').query({ eventId: event.id, limit: 2, cursor: page1.body.nextCursor }).set(bob.auth).expect(200);
    expect(page2.body).toEqual({ data: [expect.objectContaining({ id: bobs[0]!.id })], nextCursor: null });
    // Ada sees none of Bob's; the viewer sees them all.
    expect((await t.http().get('/api/v1/tickets').query({ eventId: event.id }).set(ada.auth).expect(200)).body.data).toEqual([]);
    expect((await t.http().get('/api/v1/tickets').query({ eventId: event.id }).set(viewer.auth).expect(200)).body.data).toHaveLength(3);
    expect((await t.http().get('/api/v1/tickets').query({ eventId: event.id, status: 'checked_in' }).set(viewer.auth).expect(200)).body.data).toEqual([]);
    await t.http().get('/api/v1/tickets').query({ status: 'lost' }).set(bob.auth).expect(400);
  });

  it("another customer's ticket and its QR answer 404; staff (admin, viewer) may read both; a scanner may not", async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, bob, event, 1);
    const id = ticket!.id;
    expect((await t.http().get(`/api/v1/tickets/${id}`).set(ada.auth).expect(404)).body.code).toBe('ticket_not_found');
    expect((await t.http().get(`/api/v1/tickets/${id}/qr`).set(ada.auth).expect(404)).body.code).toBe('ticket_not_found');
    await t.http().get(`/api/v1/tickets/${id}`).set(scanner.auth).expect(404);
    await t.http().get(`/api/v1/tickets/${id}`).set(viewer.auth).expect(200);
    await t.http().get(`/api/v1/tickets/${id}/qr`).set(admin.auth).expect(200);
    await t.http().get(`/api/v1/tickets/${id}`).expect(401);
    await t.http().get('/api/v1/tickets/not-a-uuid').set(bob.auth).expect(400);
    await t.http().get('/api/v1/tickets/0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70').set(admin.auth).expect(404);
  });

  it('the PNG QR decodes (real decoder) to the payload, which checks in; again is already_checked_in; the human code works too', async () => {
    const event = await createOpenEvent(t, admin);
    const [first, second] = await bookFreeTickets(t, ada, event, 2);
    const png = await t.http().get(`/api/v1/tickets/${first!.id}/qr`).set(ada.auth).buffer(true).expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toBe('private, no-store');
    expect((png.body as Buffer).subarray(1, 4).toString('ascii')).toBe('PNG');
    const decoded = decodeQrPng(png.body as Buffer);
    expect(decoded).toBe(first!.qrPayload);

    const ok = await scan(t, scanner, { eventId: event.id, code: decoded!, gate: 'North gate', deviceId: 'dev-1' }).expect(200);
    expect(ok.body).toMatchObject({
      result: 'ok',
      ticketId: first!.id,
      holderName: 'Ada Lovelace',
      ticketTypeName: 'Free',
      checkedInGate: 'North gate',
      replayed: false,
    });
    const again = await scan(t, scanner, { eventId: event.id, code: decoded!, gate: 'South gate' }).expect(200);
    expect(again.body).toMatchObject({ result: 'already_checked_in', ticketId: first!.id, checkedInAt: ok.body.checkedInAt, checkedInGate: 'North gate' });

    // The human code, typed lower case without dashes.
    const typed = second!.code.toLowerCase().replace(/-/g, '');
    expect((await scan(t, scanner, { eventId: event.id, code: typed }).expect(200)).body).toMatchObject({ result: 'ok', ticketId: second!.id });
    expect((await scan(t, scanner, { eventId: event.id, code: second!.code }).expect(200)).body.result).toBe('already_checked_in');

    const detail = await t.http().get(`/api/v1/tickets/${first!.id}`).set(ada.auth).expect(200);
    expect(detail.body).toMatchObject({ status: 'checked_in', checkedInAt: ok.body.checkedInAt, checkedInGate: 'North gate' });
    const stats = await t.http().get(`/api/v1/events/${event.id}/stats`).set(admin.auth).expect(200);
    expect(stats.body.checkedIn).toBe(2);
    expect(stats.body.ticketTypes[0].checkedIn).toBe(2);
  });

  it('renders SVG by ?format=svg or Accept, PNG by default', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const svg = await t.http().get(`/api/v1/tickets/${ticket!.id}/qr`).query({ format: 'svg' }).set(ada.auth).buffer(true).expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.headers['cache-control']).toBe('private, no-store');
    expect(String(svg.text ?? svg.body)).toContain('<svg');
    const byAccept = await t.http().get(`/api/v1/tickets/${ticket!.id}/qr`).set(ada.auth).set('Accept', 'image/svg+xml').buffer(true).expect(200);
    expect(byAccept.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const anything = await t.http().get(`/api/v1/tickets/${ticket!.id}/qr`).set(ada.auth).set('Accept', '*/*').buffer(true).expect(200);
    expect(anything.headers['content-type']).toBe('image/png');
    await t.http().get(`/api/v1/tickets/${ticket!.id}/qr`).query({ format: 'gif' }).set(ada.auth).expect(400);
  });

  describe('holder name', () => {
    it('the holder may change it before the event starts; the payload stays the same', async () => {
      const event = await createOpenEvent(t, admin);
      const [ticket] = await bookFreeTickets(t, ada, event, 1);
      const res = await t.http().patch(`/api/v1/tickets/${ticket!.id}`).set(ada.auth).send({ holderName: '  Charles Babbage ' }).expect(200);
      expect(res.body).toMatchObject({ holderName: 'Charles Babbage', qrPayload: ticket!.qrPayload, code: ticket!.code });
      const [audit] = await query<{ n: string }>(t, `SELECT count(*) AS n FROM audit_logs WHERE entity_id = $1`, [ticket!.id]);
      expect(Number(audit!.n)).toBe(0); // the holder's own change is not a staff action
    });

    it('another customer gets 404; blanks, unknown fields and viewers are refused', async () => {
      const event = await createOpenEvent(t, admin);
      const [ticket] = await bookFreeTickets(t, ada, event, 1);
      await t.http().patch(`/api/v1/tickets/${ticket!.id}`).set(bob.auth).send({ holderName: 'Mallory' }).expect(404);
      await t.http().patch(`/api/v1/tickets/${ticket!.id}`).set(ada.auth).send({ holderName: '   ' }).expect(400);
      await t.http().patch(`/api/v1/tickets/${ticket!.id}`).set(ada.auth).send({ holderName: 'X', status: 'valid' }).expect(400);
      await t.http().patch(`/api/v1/tickets/${ticket!.id}`).set(viewer.auth).send({ holderName: 'X' }).expect(403);
      expect((await t.http().get(`/api/v1/tickets/${ticket!.id}`).set(ada.auth).expect(200)).body.holderName).toBe('Ada Lovelace');
    });

    it('after the event starts only an admin may change it (audited), also on a checked-in ticket', async () => {
      const event = await createOpenEvent(t, admin);
      const [ticket] = await bookFreeTickets(t, ada, event, 1);
      await query(t, `UPDATE events SET starts_at = now() - interval '1 minute' WHERE id = $1`, [event.id]);
      const locked = await t.http().patch(`/api/v1/tickets/${ticket!.id}`).set(ada.auth).send({ holderName: 'Too Late' }).expect(409);
      expect(locked.body.code).toBe('holder_name_locked');
      await scan(t, scanner, { eventId: event.id, code: ticket!.code }).expect(200);
      const fixed = await t.http().patch(`/api/v1/tickets/${ticket!.id}`).set(admin.auth).send({ holderName: 'Ada King' }).expect(200);
      expect(fixed.body).toMatchObject({ holderName: 'Ada King', status: 'checked_in' });
      const audit = await t.http().get('/api/v1/audit-logs').query({ entityId: ticket!.id }).set(admin.auth).expect(200);
      expect(audit.body.data).toEqual([
        expect.objectContaining({
          action: 'ticket.holder_name_changed',
          actorId: admin.id,
          details: expect.objectContaining({ from: 'Ada Lovelace', to: 'Ada King' }),
        }),
      ]);
    });

    it('a cancelled ticket cannot be renamed', async () => {
      const event = await createOpenEvent(t, admin);
      const [ticket] = await bookFreeTickets(t, ada, event, 1);
      await query(t, `UPDATE tickets SET status = 'cancelled' WHERE id = $1`, [ticket!.id]);
      const res = await t.http().patch(`/api/v1/tickets/${ticket!.id}`).set(admin.auth).send({ holderName: 'X' }).expect(409);
      expect(res.body).toMatchObject({ code: 'invalid_ticket_state', status: 409, ticketStatus: 'cancelled' });
    });
  });
});
