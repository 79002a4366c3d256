import { Role } from '@app/shared';
import { book, createEvent } from '../factories/events.js';
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
      .send({ ...valid(), startsAt: new Date(Date.now() - HOUR).toISOString(), endsAt: new Date(Date.now() - 2 * HOUR).toISOString(), timezone: 'Mars/Olympus', currency: 'XYZ' })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['currency', 'endsAt', 'startsAt', 'timezone']);
    const shape = await t.http().post('/api/v1/events').set(admin.auth).send({ title: '', capacity: 0, currency: 'ngn', startsAt: 'tomorrow', status: 'published' }).expect(400);
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
    const event = await createEvent(t, admin, { capacity: 50, ticketTypes: [{ name: 'Std', price: 1000, quantity: 30 }, { name: 'Free', price: 0, quantity: 30 }] });
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
    for (let i = 0; i < 3; i++) ids.push((await createEvent(t, admin, { capacity: 5, ticketTypes: [{ quantity: 5 }], title: `${marker} ${i}`, startsInHours: 24 * (i + 1) })).id);
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
    expect((await t.http().delete(`/api/v1/events/${published.id}`).set(admin.auth).expect(409)).body).toMatchObject({ code: 'invalid_event_state', eventStatus: 'published' });
    await t.http().delete(`/api/v1/events/${draft.id}`).set(customer.auth).expect(403);
    await t.http().delete(`/api/v1/events/${draft.id}`).set(admin.auth).expect(204);
    await t.http().get(`/api/v1/events/${draft.id}`).set(admin.auth).expect(404);
    await t.http().delete(`/api/v1/events/${draft.id}`).set(admin.auth).expect(404);
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
    const negative = await t.http().post(`/api/v1/events/${event.id}/ticket-types`).set(admin.auth).send({ name: 'Neg', price: -1, quantity: -5, maxPerBooking: 0 }).expect(400);
    expect(negative.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['maxPerBooking', 'price', 'quantity']);
  });
});
