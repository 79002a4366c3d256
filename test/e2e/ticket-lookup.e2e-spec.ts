import { bookFreeTickets, createOpenEvent, scan } from '../factories/tickets.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { Role } from '@app/shared';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * `GET /tickets/lookup?code=`: public, status, ticket type and event only; every form the gate
 * accepts; unknown and impossible codes the same 404; its own strict per-IP limit, as is the
 * public payment-QR image's.
 */
describe('ticket lookup by code (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let scanner: SignedInUser;
  let ada: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({
      JOBS_ENABLED: 'false',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_LOOKUP: '8',
      RATE_LIMIT_PAYMENT_QR: '3',
      RATE_LIMIT_LOGIN: '100',
      TRUST_PROXY: 'true',
    });
    admin = await createAdmin(t);
    scanner = await createUser(t, [Role.Scanner]);
    ada = await signUpCustomer(t, { name: 'Ada Lovelace' });
  });
  afterAll(() => t.close());

  it('answers status, ticket type and event, and nothing personal, without signing in', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1, [{ name: 'Grace Hopper', email: 'grace@example.com' }]);
    const res = await t.http().get('/api/v1/tickets/lookup').query({ code: ticket!.code }).set('X-Forwarded-For', '203.0.113.1').expect(200);
    expect(res.body).toEqual({
      code: ticket!.code,
      status: 'valid',
      ticketTypeName: ticket!.ticketTypeName,
      event: { title: ticket!.event.title, venue: ticket!.event.venue, startsAt: ticket!.event.startsAt },
    });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.stringify(res.body)).not.toMatch(/Grace|grace@|Ada|T[12]\./);

    // The same forms the gate accepts: lower case, no dashes, O for 0 and I/L for 1.
    const [, date, random] = ticket!.code.split('-');
    const sloppy = ` tkt ${date} ${random!.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l')}`;
    const again = await t.http().get('/api/v1/tickets/lookup').query({ code: sloppy }).expect(200);
    expect(again.body.code).toBe(ticket!.code);

    // After check-in the status follows.
    await scan(t, scanner, { eventId: event.id, code: ticket!.code }).expect(200);
    expect((await t.http().get('/api/v1/tickets/lookup').query({ code: ticket!.code }).expect(200)).body.status).toBe('checked_in');
  });

  it('answers an unknown code and an impossible one with the same 404, and a missing code with 400', async () => {
    const unknown = await t.http().get('/api/v1/tickets/lookup').query({ code: 'TKT-20261231-7K3QX9MZ' }).expect(404);
    const impossible = await t.http().get('/api/v1/tickets/lookup').query({ code: 'not-a-code' }).expect(404);
    for (const res of [unknown, impossible]) expect(res.body).toMatchObject({ status: 404, code: 'ticket_not_found' });
    expect(unknown.body.detail).toBe(impossible.body.detail);
    const missing = await t.http().get('/api/v1/tickets/lookup').expect(400);
    expect(missing.body.code).toBe('validation_failed');
  });

  it('has a strict per-IP limit of its own (RATE_LIMIT_LOOKUP), and so has the public payment QR (RATE_LIMIT_PAYMENT_QR)', async () => {
    const ip = '198.51.100.7';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push(
        (
          await t
            .http()
            .get('/api/v1/tickets/lookup')
            .query({ code: `TKT-20261231-0000000${i}` })
            .set('X-Forwarded-For', ip)
        ).status,
      );
    expect(statuses).toEqual([...Array(8).fill(404), 429, 429]);
    const limited = await t.http().get('/api/v1/tickets/lookup').query({ code: 'x' }).set('X-Forwarded-For', ip).expect(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not affected.
    await t.http().get('/api/v1/tickets/lookup').query({ code: 'x' }).set('X-Forwarded-For', '198.51.100.8').expect(404);

    const event = await createOpenEvent(t, admin);
    const qr = [] as number[];
    for (let i = 0; i < 4; i++) qr.push((await t.http().get(`/api/v1/events/${event.id}/payment-qr`).set('X-Forwarded-For', ip)).status);
    expect(qr).toEqual([404, 404, 404, 429]);
  });
});
