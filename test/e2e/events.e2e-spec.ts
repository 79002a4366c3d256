import { Role } from '@app/shared';
import { book, createEvent } from '../factories/events.js';
import { tinyPdf, tinyPng } from '../factories/files.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { expectConsistentLedger } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const HOUR = 3600_000;

describe('events and ticket types (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let viewer: SignedInUser;
  let customer: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    customer = await signUpCustomer(t);
  });
  afterAll(() => t.close());

  const valid = () => {
    const startsAt = new Date(Date.now() + 48 * HOUR);
    return {
      title: 'Jazz Night',
      description: 'Live',
      venue: 'Hall A',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * HOUR).toISOString(),
      timezone: 'Africa/Lagos',
      capacity: 100,
      currency: 'NGN',
    };
  };

  it('creates a draft that only staff can see until it is published', async () => {
    const created = await t.http().post('/api/v1/events').set(admin.auth).send(valid()).expect(201);
    expect(created.body).toMatchObject({ status: 'draft', capacity: 100, currency: 'NGN', available: 100, timezone: 'Africa/Lagos' });
    await t.http().get(`/api/v1/events/${created.body.id}`).expect(404);
    await t.http().get(`/api/v1/events/${created.body.id}`).set(customer.auth).expect(404);
    await t.http().get(`/api/v1/events/${created.body.id}`).set(viewer.auth).expect(200);

    const publicList = await t.http().get('/api/v1/events').query({ limit: 100 }).expect(200);
    expect(publicList.body.data.map((e: { id: string }) => e.id)).not.toContain(created.body.id);
    const staffList = await t.http().get('/api/v1/events').query({ status: 'draft', limit: 100 }).set(viewer.auth).expect(200);
    expect(staffList.body.data.map((e: { id: string }) => e.id)).toContain(created.body.id);

    // A draft without ticket types cannot be published.
    expect((await t.http().post(`/api/v1/events/${created.body.id}/publish`).set(admin.auth).expect(409)).body.code).toBe('no_ticket_types');
    await t.http().post(`/api/v1/events/${created.body.id}/ticket-types`).set(admin.auth).send({ name: 'Regular', price: 150000, quantity: 80 }).expect(201);
    const published = await t.http().post(`/api/v1/events/${created.body.id}/publish`).set(admin.auth).expect(200);
    expect(published.body).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
    expect(published.body.ticketTypes).toEqual([
      expect.objectContaining({ name: 'Regular', price: 150000, currency: 'NGN', quantity: 80, available: 80, onSale: true, maxPerBooking: 10 }),
    ]);
    const anonymous = await t.http().get(`/api/v1/events/${created.body.id}`).expect(200);
    expect(anonymous.body.status).toBe('published');
    await t.http().post(`/api/v1/events/${created.body.id}/publish`).set(admin.auth).expect(409);

    const audit = await t.http().get('/api/v1/audit-logs').query({ entityId: created.body.id }).set(admin.auth).expect(200);
    expect(audit.body.data.map((e: { action: string }) => e.action).sort()).toEqual(['event.created', 'event.published']);
  });

  it('rejects bad events listing every bad field, and creates nothing', async () => {
    const res = await t
      .http()
      .post('/api/v1/events')
      .set(admin.auth)
      .send({
        ...valid(),
        startsAt: new Date(Date.now() - HOUR).toISOString(),
        endsAt: new Date(Date.now() - 2 * HOUR).toISOString(),
        timezone: 'Mars/Olympus',
        currency: 'XYZ',
      })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['currency', 'endsAt', 'startsAt', 'timezone']);
    const shape = await t
      .http()
      .post('/api/v1/events')
      .set(admin.auth)
      .send({ title: '', capacity: 0, currency: 'ngn', startsAt: 'tomorrow', status: 'published' })
      .expect(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['title', 'capacity', 'currency', 'startsAt', 'endsAt', 'venue', 'timezone', 'status']),
    );
  });

  it('lets only admins write and admins/viewers read stats', async () => {
    await t.http().post('/api/v1/events').set(customer.auth).send(valid()).expect(403);
    await t.http().post('/api/v1/events').set(viewer.auth).send(valid()).expect(403);
    await t.http().post('/api/v1/events').send(valid()).expect(401);
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ quantity: 10 }] });
    await t.http().patch(`/api/v1/events/${event.id}`).set(viewer.auth).send({ title: 'x' }).expect(403);
    await t.http().get(`/api/v1/events/${event.id}/stats`).set(customer.auth).expect(403);
    await t.http().get(`/api/v1/events/${event.id}/stats`).set(viewer.auth).expect(200);
    await t.http().post(`/api/v1/events/${event.id}/ticket-types`).set(customer.auth).send({ name: 'X', price: 1, quantity: 1 }).expect(403);
  });

  it('never lowers capacity or quantity below sold plus held', async () => {
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ quantity: 8 }] });
    const type = event.ticketTypes[0]!;
    await book(t, customer, event.id, [{ ticketTypeId: type.id, quantity: 6 }]).expect(201);
    const below = await t.http().patch(`/api/v1/events/${event.id}`).set(admin.auth).send({ capacity: 5 }).expect(409);
    expect(below.body).toMatchObject({ code: 'capacity_below_sold', minimum: 6, held: 6, sold: 0 });
    await t.http().patch(`/api/v1/events/${event.id}`).set(admin.auth).send({ capacity: 6 }).expect(200);
    const typeBelow = await t.http().patch(`/api/v1/events/${event.id}/ticket-types/${type.id}`).set(admin.auth).send({ quantity: 5 }).expect(409);
    expect(typeBelow.body.code).toBe('capacity_below_sold');
    const ok = await t.http().patch(`/api/v1/events/${event.id}/ticket-types/${type.id}`).set(admin.auth).send({ quantity: 6, price: 200000 }).expect(200);
    expect(ok.body).toMatchObject({ quantity: 6, price: 200000, available: 0 });
    await t.http().patch(`/api/v1/events/${event.id}`).set(admin.auth).send({ currency: 'USD' }).expect(400);
    await expectConsistentLedger(t, event.id);
  });

  it('reports stats per ticket type and in total', async () => {
    const event = await createEvent(t, admin, {
      capacity: 50,
      ticketTypes: [
        { name: 'Std', price: 1000, quantity: 30 },
        { name: 'Free', price: 0, quantity: 30 },
      ],
    });
    const [std, free] = event.ticketTypes;
    await book(t, customer, event.id, [{ ticketTypeId: std!.id, quantity: 3 }]).expect(201);
    await book(t, customer, event.id, [{ ticketTypeId: free!.id, quantity: 2 }]).expect(201);
    const stats = await t.http().get(`/api/v1/events/${event.id}/stats`).set(admin.auth).expect(200);
    expect(stats.body).toMatchObject({ eventId: event.id, currency: 'NGN', capacity: 50, sold: 2, held: 3, available: 45, revenue: 0, refunded: 0 });
    expect(stats.body.ticketTypes).toEqual([
      expect.objectContaining({ name: 'Std', capacity: 30, sold: 0, held: 3, available: 27, revenue: 0 }),
      expect.objectContaining({ name: 'Free', capacity: 30, sold: 2, held: 0, available: 28, revenue: 0 }),
    ]);
  });

  it('filters and pages the public list', async () => {
    const marker = `Marker${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await createEvent(t, admin, { capacity: 5, ticketTypes: [{ quantity: 5 }], title: `${marker} ${i}`, startsInHours: 24 * (i + 1) })).id);
    const first = await t.http().get('/api/v1/events').query({ q: marker, limit: 2 }).expect(200);
    const second = await t.http().get('/api/v1/events').query({ q: marker, limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect([...first.body.data, ...second.body.data].map((e: { id: string }) => e.id)).toEqual([...ids].reverse());
    expect(second.body.nextCursor).toBeNull();
    const window = await t
      .http()
      .get('/api/v1/events')
      .query({ q: marker, from: new Date(Date.now() + 36 * HOUR).toISOString(), to: new Date(Date.now() + 60 * HOUR).toISOString() })
      .expect(200);
    expect(window.body.data.map((e: { id: string }) => e.id)).toEqual([ids[1]]);
  });

  it('deletes only drafts without bookings', async () => {
    const draft = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ quantity: 5 }], draft: true });
    const published = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ quantity: 5 }] });
    expect((await t.http().delete(`/api/v1/events/${published.id}`).set(admin.auth).expect(409)).body).toMatchObject({
      code: 'invalid_event_state',
      eventStatus: 'published',
    });
    await t.http().delete(`/api/v1/events/${draft.id}`).set(customer.auth).expect(403);
    await t.http().delete(`/api/v1/events/${draft.id}`).set(admin.auth).expect(204);
    await t.http().get(`/api/v1/events/${draft.id}`).set(admin.auth).expect(404);
    await t.http().delete(`/api/v1/events/${draft.id}`).set(admin.auth).expect(404);
  });

  describe('date-times: RFC 3339 with Z or an offset, nothing else', () => {
    // Valid ISO 8601 that `new Date()` cannot read (or reads as server-local time, or rolls over).
    const NOT_RFC3339 = [
      '2026-W01-1',
      '2026-365',
      '20261231',
      '2026-12-31T19',
      '2026-12-31T19:00:00',
      '2026-12-31T19:00Z',
      '2026-02-30T19:00:00Z',
      '2026-12-31T24:00:00Z',
      'tomorrow',
    ];
    const fields = (res: { body: { errors: { field: string }[] } }) => res.body.errors.map((e) => e.field);
    const at = (ms: number, offset: string) => {
      // The same instant written in another zone: `offset` is `+05:30` or `-08:00`.
      const sign = offset.startsWith('-') ? -1 : 1;
      const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
      return new Date(ms + minutes * 60_000).toISOString().replace('Z', offset);
    };

    it('POST and PATCH /events refuse other forms naming the field (problem+json), and write nothing', async () => {
      const marker = `Dates${Date.now()}`;
      for (const bad of NOT_RFC3339) {
        const res = await t
          .http()
          .post('/api/v1/events')
          .set(admin.auth)
          .send({ ...valid(), title: marker, startsAt: bad })
          .expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect({ bad, code: res.body.code, fields: fields(res) }).toEqual({ bad, code: 'validation_failed', fields: ['startsAt'] });
      }
      expect((await t.http().get('/api/v1/events').query({ q: marker, status: 'draft' }).set(admin.auth).expect(200)).body.data).toEqual([]);

      const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ quantity: 5 }], draft: true });
      const before = (await t.http().get(`/api/v1/events/${event.id}`).set(admin.auth).expect(200)).body;
      for (const bad of NOT_RFC3339) {
        const res = await t.http().patch(`/api/v1/events/${event.id}`).set(admin.auth).send({ endsAt: bad }).expect(400);
        expect({ bad, fields: fields(res) }).toEqual({ bad, fields: ['endsAt'] });
      }
      expect((await t.http().get(`/api/v1/events/${event.id}`).set(admin.auth).expect(200)).body).toEqual(before);
    });

    it('reads a numeric offset as that offset, whatever the server time zone, and answers in UTC', async () => {
      const startsAt = Math.floor((Date.now() + 72 * HOUR) / 1000) * 1000;
      const created = await t
        .http()
        .post('/api/v1/events')
        .set(admin.auth)
        .send({ ...valid(), startsAt: at(startsAt, '+05:30'), endsAt: at(startsAt + 2 * HOUR, '-08:00') })
        .expect(201);
      expect(created.body).toMatchObject({ startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 2 * HOUR).toISOString() });
      const lower = await t
        .http()
        .patch(`/api/v1/events/${created.body.id}`)
        .set(admin.auth)
        .send({ endsAt: new Date(startsAt + 3 * HOUR).toISOString().toLowerCase() })
        .expect(200);
      expect(lower.body.endsAt).toBe(new Date(startsAt + 3 * HOUR).toISOString());
    });

    it('ticket-type sales windows and the list filters refuse them too; null still removes a sales bound', async () => {
      const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ name: 'Std', quantity: 5 }], draft: true });
      const type = event.ticketTypes[0]!;
      for (const bad of NOT_RFC3339) {
        const created = await t
          .http()
          .post(`/api/v1/events/${event.id}/ticket-types`)
          .set(admin.auth)
          .send({ name: `Early ${bad}`, price: 1, quantity: 1, salesStartAt: bad })
          .expect(400);
        expect({ bad, fields: fields(created) }).toEqual({ bad, fields: ['salesStartAt'] });
        const patched = await t.http().patch(`/api/v1/events/${event.id}/ticket-types/${type.id}`).set(admin.auth).send({ salesEndAt: bad }).expect(400);
        expect({ bad, fields: fields(patched) }).toEqual({ bad, fields: ['salesEndAt'] });
        const listed = await t.http().get('/api/v1/events').query({ from: bad, to: bad }).expect(400);
        expect({ bad, fields: fields(listed).sort() }).toEqual({ bad, fields: ['from', 'to'] });
      }
      const types = await t.http().get(`/api/v1/events/${event.id}/ticket-types`).set(admin.auth).expect(200);
      expect(types.body).toEqual([expect.objectContaining({ id: type.id, salesStartAt: null, salesEndAt: null })]);

      const opens = Date.now() + HOUR;
      const bounded = await t
        .http()
        .patch(`/api/v1/events/${event.id}/ticket-types/${type.id}`)
        .set(admin.auth)
        .send({ salesStartAt: at(opens, '+01:00') })
        .expect(200);
      expect(bounded.body.salesStartAt).toBe(new Date(opens).toISOString());
      const cleared = await t.http().patch(`/api/v1/events/${event.id}/ticket-types/${type.id}`).set(admin.auth).send({ salesStartAt: null }).expect(200);
      expect(cleared.body.salesStartAt).toBeNull();
    });
  });

  it('refuses null for fields that may only be left out, naming each, and changes nothing', async () => {
    const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ name: 'Std', quantity: 5 }], draft: true });
    const type = event.ticketTypes[0]!;
    const before = (await t.http().get(`/api/v1/events/${event.id}`).set(admin.auth).expect(200)).body;
    for (const field of ['title', 'description', 'venue', 'startsAt', 'endsAt', 'timezone', 'capacity', 'currency']) {
      const res = await t
        .http()
        .patch(`/api/v1/events/${event.id}`)
        .set(admin.auth)
        .send({ [field]: null })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ field, message: `${field} must not be null (leave it out instead)` }] });
    }
    for (const field of ['name', 'price', 'quantity', 'maxPerBooking']) {
      const res = await t
        .http()
        .patch(`/api/v1/events/${event.id}/ticket-types/${type.id}`)
        .set(admin.auth)
        .send({ [field]: null })
        .expect(400);
      expect(res.body.errors).toEqual([{ field, message: `${field} must not be null (leave it out instead)` }]);
    }
    const created = await t
      .http()
      .post(`/api/v1/events/${event.id}/ticket-types`)
      .set(admin.auth)
      .send({ name: 'Late', price: 1, quantity: 1, maxPerBooking: null })
      .expect(400);
    expect(created.body.errors.map((e: { field: string }) => e.field)).toEqual(['maxPerBooking']);
    const draft = await t
      .http()
      .post('/api/v1/events')
      .set(admin.auth)
      .send({ ...valid(), description: null })
      .expect(400);
    expect(draft.body.errors.map((e: { field: string }) => e.field)).toEqual(['description']);
    expect((await t.http().get(`/api/v1/events/${event.id}`).set(admin.auth).expect(200)).body).toEqual(before);
  });

  it('payment QR upload: a file is required, and its type is read from its bytes, not from the client', async () => {
    const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ quantity: 5 }] });
    const put = () => t.http().put(`/api/v1/events/${event.id}/payment-qr`).set(admin.auth);
    const missing = await put().expect(400);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'file' }] });
    expect((await put().attach('file', tinyPdf(), { filename: 'qr.png', contentType: 'image/png' }).expect(400)).body.code).toBe('unsupported_file_type');
    await t.http().get(`/api/v1/events/${event.id}/payment-qr`).expect(404);
    await put()
      .attach('file', await tinyPng(), { filename: 'qr.pdf', contentType: 'application/pdf' })
      .expect(204);
    expect((await t.http().get(`/api/v1/events/${event.id}/payment-qr`).expect(200)).headers['content-type']).toBe('image/png');
  });

  it('refuses duplicate ticket type names and inverted sales windows', async () => {
    const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ name: 'VIP', quantity: 5 }], draft: true });
    const dup = await t.http().post(`/api/v1/events/${event.id}/ticket-types`).set(admin.auth).send({ name: 'VIP', price: 1, quantity: 1 }).expect(409);
    expect(dup.body.code).toBe('ticket_type_name_taken');
    const window = await t
      .http()
      .post(`/api/v1/events/${event.id}/ticket-types`)
      .set(admin.auth)
      .send({ name: 'Early', price: 1, quantity: 1, salesStartAt: new Date(Date.now() + HOUR).toISOString(), salesEndAt: new Date().toISOString() })
      .expect(400);
    expect(window.body.errors).toEqual([{ field: 'salesEndAt', message: 'salesEndAt must be after salesStartAt' }]);
    const negative = await t
      .http()
      .post(`/api/v1/events/${event.id}/ticket-types`)
      .set(admin.auth)
      .send({ name: 'Neg', price: -1, quantity: -5, maxPerBooking: 0 })
      .expect(400);
    expect(negative.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['maxPerBooking', 'price', 'quantity']);
  });
});
