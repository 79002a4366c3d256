import { Role } from '@app/shared';
import { parse } from 'csv-parse/sync';
import { book, createEvent } from '../factories/events.js';
import { bookFreeTickets, createOpenEvent, scan } from '../factories/tickets.js';
import { decideTransfer, offerTransfer } from '../factories/transfers.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

interface AttendeeBody {
  ticketId: string;
  code: string;
  status: string;
  holderName: string;
  holderEmail: string | null;
  holderPhone: string | null;
  ticketTypeId: string;
  ticketTypeName: string;
  bookingId: string;
  buyerName: string;
  buyerEmail: string;
  buyerPhone: string | null;
  teamName: string | null;
  issuedAt: string;
  checkedInAt: string | null;
  checkedInGate: string | null;
}

const CSV_HEADER = [
  'ticket_id',
  'code',
  'status',
  'holder_name',
  'holder_email',
  'holder_phone',
  'ticket_type',
  'ticket_type_id',
  'booking_id',
  'buyer_name',
  'buyer_email',
  'buyer_phone',
  'team_name',
  'issued_at',
  'checked_in_at',
  'checked_in_gate',
];

/** GET /events/{id}/attendees (the event's attendee list and its CSV export) over real HTTP. */
describe('attendees (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let viewer: SignedInUser;
  let scanner: SignedInUser;
  let ada: SignedInUser;
  let bob: SignedInUser;

  const attendees = (user: SignedInUser, eventId: string, query: Record<string, string | number> = {}) =>
    t.http().get(`/api/v1/events/${eventId}/attendees`).query(query).set(user.auth);

  /** Every page of the JSON list, in order. */
  async function allPages(eventId: string, query: Record<string, string | number> = {}): Promise<AttendeeBody[]> {
    const rows: AttendeeBody[] = [];
    let cursor: string | undefined;
    do {
      const res = await attendees(viewer, eventId, { ...query, limit: 100, ...(cursor ? { cursor } : {}) }).expect(200);
      rows.push(...res.body.data);
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    return rows;
  }

  const csvRecords = (text: string): string[][] => parse(text, { relax_column_count: false });

  beforeAll(async () => {
    // No mail worker: 1,100 tickets' e-mails would render 1,100 QR images this test does not need.
    t = await startTestApp({ JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
    admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    scanner = await createUser(t, [Role.Scanner]);
    ada = await signUpCustomer(t, { name: 'Ada Lovelace' });
    bob = await signUpCustomer(t, { name: 'Bob Builder' });
  });
  afterAll(() => t.close());

  it('lists the current tickets oldest first with holder, type and buyer; a check-in and a transfer show as they happened', async () => {
    const event = await createOpenEvent(t, admin);
    const [grace, adas] = await bookFreeTickets(t, ada, event, 2, [{ name: 'Grace Hopper', email: 'grace@example.com' }]);
    const [bobs] = await bookFreeTickets(t, bob, event, 1);
    await scan(t, scanner, { eventId: event.id, code: grace!.code, gate: 'north' }).expect(200);
    const offer = await offerTransfer(t, ada, { ticketId: adas!.id, toEmail: bob.email }).expect(201);
    const accepted = await decideTransfer(t, bob, offer.body.id, 'accept').expect(200);
    const reissued = accepted.body.newTicketId as string;

    const res = await attendees(admin, event.id).expect(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data).toEqual([
      {
        ticketId: grace!.id,
        code: grace!.code,
        status: 'checked_in',
        holderName: 'Grace Hopper',
        holderEmail: 'grace@example.com',
        holderPhone: null,
        ticketTypeId: event.ticketTypes[0]!.id,
        ticketTypeName: 'Free',
        bookingId: grace!.bookingId,
        buyerName: 'Ada Lovelace',
        buyerEmail: ada.email,
        buyerPhone: null,
        teamName: null,
        issuedAt: expect.any(String),
        checkedInAt: expect.any(String),
        checkedInGate: 'north',
      },
      expect.objectContaining({ ticketId: bobs!.id, status: 'valid', holderName: 'Bob Builder', buyerEmail: bob.email, checkedInAt: null }),
      // The transferred seat: Bob holds the new ticket, Ada is still its buyer.
      expect.objectContaining({
        ticketId: reissued,
        status: 'valid',
        holderName: 'Bob Builder',
        holderEmail: bob.email,
        bookingId: adas!.bookingId,
        buyerEmail: ada.email,
      }),
    ]);
    // Void tickets only when asked for by status.
    expect((await attendees(viewer, event.id, { status: 'transferred' }).expect(200)).body.data).toEqual([
      expect.objectContaining({ ticketId: adas!.id, status: 'transferred' }),
    ]);
    expect((await attendees(viewer, event.id, { status: 'checked_in' }).expect(200)).body.data.map((a: AttendeeBody) => a.ticketId)).toEqual([grace!.id]);
  });

  it('filters by ticket type and by a search over names, e-mails and codes (LIKE wildcards are literal); pages by cursor', async () => {
    const event = await createEvent(t, admin, {
      capacity: 50,
      startsInHours: 1,
      ticketTypes: [
        { name: 'Free', price: 0, quantity: 25 },
        { name: 'Guest', price: 0, quantity: 25 },
      ],
    });
    const [free, guest] = event.ticketTypes;
    const book = async (typeId: string, quantity: number, names: { name: string; email?: string }[] = []) => {
      const res = await t
        .http()
        .post('/api/v1/bookings')
        .set(ada.auth)
        .send({ eventId: event.id, items: [{ ticketTypeId: typeId, quantity }], attendees: names })
        .expect(201);
      return res.body.id as string;
    };
    await book(free!.id, 3, [{ name: 'Ngozi Okafor', email: 'ngozi@example.com' }, { name: '100% Fan' }]);
    await book(guest!.id, 2, [{ name: 'Tunde Bello' }]);

    expect((await attendees(viewer, event.id, { ticketTypeId: guest!.id }).expect(200)).body.data.map((a: AttendeeBody) => a.ticketTypeName)).toEqual([
      'Guest',
      'Guest',
    ]);
    expect((await attendees(viewer, event.id, { q: 'OKAFOR' }).expect(200)).body.data.map((a: AttendeeBody) => a.holderName)).toEqual(['Ngozi Okafor']);
    expect((await attendees(viewer, event.id, { q: 'ngozi@' }).expect(200)).body.data).toHaveLength(1);
    expect((await attendees(viewer, event.id, { q: '100%' }).expect(200)).body.data.map((a: AttendeeBody) => a.holderName)).toEqual(['100% Fan']);
    expect((await attendees(viewer, event.id, { q: '%' }).expect(200)).body.data.map((a: AttendeeBody) => a.holderName)).toEqual(['100% Fan']);
    // The buyer's e-mail matches every ticket Ada bought.
    expect((await attendees(viewer, event.id, { q: ada.email }).expect(200)).body.data).toHaveLength(5);
    const all = (await attendees(viewer, event.id).expect(200)).body.data as AttendeeBody[];
    expect((await attendees(viewer, event.id, { q: all[3]!.code.toLowerCase() }).expect(200)).body.data.map((a: AttendeeBody) => a.ticketId)).toEqual([
      all[3]!.ticketId,
    ]);

    const page1 = await attendees(viewer, event.id, { limit: 2 }).expect(200);
    const page2 = await attendees(viewer, event.id, { limit: 2, cursor: page1.body.nextCursor }).expect(200);
    const page3 = await attendees(viewer, event.id, { limit: 2, cursor: page2.body.nextCursor }).expect(200);
    expect(page3.body.nextCursor).toBeNull();
    expect([...page1.body.data, ...page2.body.data, ...page3.body.data].map((a: AttendeeBody) => a.ticketId)).toEqual(all.map((a) => a.ticketId));
  });

  it('exports CSV by Accept or ?format=csv: header row, the same rows as the JSON pages, across read batches', async () => {
    const event = await createEvent(t, admin, {
      capacity: 1100,
      startsInHours: 1,
      ticketTypes: [{ name: 'Free', price: 0, quantity: 1100, maxPerBooking: 100 }],
    });
    for (let i = 0; i < 11; i++) await bookFreeTickets(t, i % 2 ? ada : bob, event, 100);
    const pages = await allPages(event.id);
    expect(pages).toHaveLength(1100);

    const res = await attendees(viewer, event.id).set('Accept', 'text/csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="attendees-${event.id}.csv"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const [header, ...rows] = csvRecords(res.text);
    expect(header).toEqual(CSV_HEADER);
    expect(rows).toHaveLength(1100);
    expect(new Set(rows.map((r) => r[0])).size).toBe(1100);
    expect(rows).toEqual(
      pages.map((a) => [
        a.ticketId,
        a.code,
        a.status,
        a.holderName,
        a.holderEmail ?? '',
        a.holderPhone ?? '',
        a.ticketTypeName,
        a.ticketTypeId,
        a.bookingId,
        a.buyerName,
        a.buyerEmail,
        a.buyerPhone ?? '',
        a.teamName ?? '',
        a.issuedAt,
        a.checkedInAt ?? '',
        a.checkedInGate ?? '',
      ]),
    );

    const byQuery = await attendees(viewer, event.id, { format: 'csv', q: bob.email }).expect(200);
    expect(csvRecords(byQuery.text)).toHaveLength(1 + 600);
    // ?format wins over Accept; JSON is the default.
    expect((await attendees(viewer, event.id, { format: 'json', limit: 1 }).set('Accept', 'text/csv').expect(200)).body.data).toHaveLength(1);
    expect((await attendees(viewer, event.id, { limit: 1 }).expect(200)).headers['content-type']).toMatch(/^application\/json/);
  });

  it('a team booking names its team on every ticket: in the list, the CSV, by filter and by search', async () => {
    const event = await createOpenEvent(t, admin, { capacity: 10, ticketTypes: [{ name: 'Free', price: 0, quantity: 10 }] });
    const team = await book(t, ada, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 3 }], { teamName: '  Lagos Robotics Club ' }).expect(201);
    expect(team.body.teamName).toBe('Lagos Robotics Club');
    await bookFreeTickets(t, bob, event, 2);

    const rows = await allPages(event.id);
    expect(rows.map((r) => [r.buyerEmail, r.teamName])).toEqual([...Array(3).fill([ada.email, 'Lagos Robotics Club']), ...Array(2).fill([bob.email, null])]);
    const byTeam = await allPages(event.id, { teamName: 'lagos robotics club' });
    expect(byTeam.map((r) => r.bookingId)).toEqual(Array(3).fill(team.body.id));
    expect(await allPages(event.id, { q: 'robotics' })).toHaveLength(3);
    expect(await allPages(event.id, { teamName: 'Lagos Robotics' })).toEqual([]);

    const csv = csvRecords((await attendees(admin, event.id, { format: 'csv' }).expect(200)).text);
    const teamColumn = CSV_HEADER.indexOf('team_name');
    expect(csv.slice(1).map((r) => r[teamColumn])).toEqual(['Lagos Robotics Club', 'Lagos Robotics Club', 'Lagos Robotics Club', '', '']);
  });

  it('shows the attendee phone given at booking and the buyer phone, in the list and the CSV (E.164)', async () => {
    const event = await createOpenEvent(t, admin, { capacity: 10, ticketTypes: [{ name: 'Free', price: 0, quantity: 10 }] });
    const buyer = await signUpCustomer(t, { name: 'Phone Buyer' });
    await t.http().patch(`/api/v1/users/${buyer.id}`).set(admin.auth).send({ phone: '+234 801 234 5678' }).expect(200);
    const bad = await t
      .http()
      .post('/api/v1/bookings')
      .set(buyer.auth)
      .send({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }], attendees: [{ name: 'X', phone: '12345' }] })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['attendees[0].phone']);
    const booked = await t
      .http()
      .post('/api/v1/bookings')
      .set(buyer.auth)
      .send({
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 2 }],
        attendees: [{ name: 'Ngozi', phone: '0803 555 1234' }, { name: 'Tunde' }],
      })
      .expect(201);
    expect(booked.body.attendees).toEqual([{ name: 'Ngozi', phone: '+2348035551234' }, { name: 'Tunde' }]);
    const rows = await allPages(event.id);
    expect(rows.map((r) => [r.holderName, r.holderPhone, r.buyerPhone])).toEqual([
      ['Ngozi', '+2348035551234', '+2348012345678'],
      ['Tunde', null, '+2348012345678'],
    ]);
    const csv = csvRecords((await attendees(viewer, event.id, { format: 'csv' }).expect(200)).text);
    const holderPhone = CSV_HEADER.indexOf('holder_phone');
    const buyerPhone = CSV_HEADER.indexOf('buyer_phone');
    // A leading + is defused like any formula-looking cell.
    expect(csv.slice(1).map((r) => [r[3], r[holderPhone], r[buyerPhone]])).toEqual([
      ['Ngozi', "'+2348035551234", "'+2348012345678"],
      ['Tunde', '', "'+2348012345678"],
    ]);
  });

  it('CSV quotes commas, quotes and line breaks, and defuses cells a spreadsheet would run as formulas', async () => {
    const event = await createOpenEvent(t, admin);
    const names = ['=HYPERLINK("http://evil.example","x")', '+2+3', '@SUM(A1)', 'Okafor, Ngozi "Zee"', 'Line\nBreak'];
    await bookFreeTickets(
      t,
      ada,
      event,
      names.length,
      names.map((name) => ({ name })),
    );
    const res = await attendees(admin, event.id, { format: 'csv' }).expect(200);
    expect(res.text.split('\r\n')[0]).toBe(CSV_HEADER.join(','));
    const holderNames = csvRecords(res.text)
      .slice(1)
      .map((r) => r[3]);
    expect(holderNames).toEqual(['\'=HYPERLINK("http://evil.example","x")', "'+2+3", "'@SUM(A1)", 'Okafor, Ngozi "Zee"', 'Line\nBreak']);
  });

  it('is for admins and viewers only; an unknown event is 404 and bad input 400, as problem+json in either format', async () => {
    const event = await createOpenEvent(t, admin);
    await bookFreeTickets(t, ada, event, 1);
    for (const user of [ada, scanner]) expect((await attendees(user, event.id).expect(403)).body.code).toBe('forbidden');
    await t.http().get(`/api/v1/events/${event.id}/attendees`).expect(401);

    const missing = '0190c5a0-0000-7000-8000-000000000000';
    for (const query of [{}, { format: 'csv' }] as Record<string, string>[]) {
      const res = await attendees(viewer, missing, query).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('event_not_found');
    }
    expect((await attendees(viewer, missing).set('Accept', 'text/csv').expect(404)).headers['content-type']).toMatch(/^application\/problem\+json/);
    const bad: Record<string, string | number>[] = [
      { status: 'lost' },
      { format: 'xlsx' },
      { ticketTypeId: 'nope' },
      { cursor: 'bm90LWEtdXVpZA' },
      { limit: 0 },
    ];
    for (const query of bad) {
      const res = await attendees(viewer, event.id, query).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    await t.http().get('/api/v1/events/not-a-uuid/attendees').set(viewer.auth).expect(400);
  });
});
