import { JobScheduler } from '../../apps/api/src/jobs/job-scheduler.js';
import { expireHolds } from '../factories/clock.js';
import { book, createEvent } from '../factories/events.js';
import { createAdmin, signUpCustomer, SignedInUser } from '../factories/users.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/** Holds that end: ended by moving `expires_at` back (expireHolds), and the sweeper driven by hand. */
describe('booking holds that expire (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let buyers: SignedInUser[];

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    buyers = await Promise.all(Array.from({ length: 5 }, () => signUpCustomer(t)));
  });
  afterAll(() => t.close());

  it('an expired hold gives its seats back, even before the sweeper runs, and exactly once', async () => {
    const event = await createEvent(t, admin, { capacity: 3, ticketTypes: [{ quantity: 3 }] });
    const type = event.ticketTypes[0]!;
    const first = await book(t, buyers[0]!, event.id, [{ ticketTypeId: type.id, quantity: 3 }]).expect(201);
    await book(t, buyers[1]!, event.id, [{ ticketTypeId: type.id, quantity: 1 }]).expect(409);
    expect(await expireHolds(t, event.id)).toBe(1); // the hold ends; no sweeper has run

    const view = await t.http().get(`/api/v1/events/${event.id}`).expect(200);
    expect(view.body.available).toBe(3);
    expect(view.body.ticketTypes[0].available).toBe(3);

    // Booking finds the seats: the expired hold is released inline, once.
    const second = await book(t, buyers[1]!, event.id, [{ ticketTypeId: type.id, quantity: 3 }]).expect(201);
    expect(second.body.status).toBe('pending_payment');
    const expired = await t.http().get(`/api/v1/bookings/${first.body.id}`).set(buyers[0]!.auth).expect(200);
    expect(expired.body.status).toBe('expired');
    await t.app.get(JobScheduler).runNow('expire-holds');
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.held).toBe(3);
  });

  it('expiry racing cancel and several sweepers: one transition, seats back once', async () => {
    const event = await createEvent(t, admin, { capacity: 10, ticketTypes: [{ quantity: 10 }] });
    const type = event.ticketTypes[0]!;
    const bookings = await Promise.all(buyers.slice(0, 5).map((b) => book(t, b, event.id, [{ ticketTypeId: type.id, quantity: 2 }]).expect(201)));
    expect(await expireHolds(t, event.id)).toBe(5);
    const scheduler = t.app.get(JobScheduler);
    const [cancels, sweeps] = await Promise.all([
      Promise.all(bookings.map((b, i) => t.http().post(`/api/v1/bookings/${b.body.id}/cancel`).set(buyers[i]!.auth))),
      Promise.all([scheduler.runNow('expire-holds'), scheduler.runNow('expire-holds'), scheduler.runNow('expire-holds')]),
    ]);
    const cancelled = cancels.filter((c) => c.status === 200).length;
    expect(cancels.every((c) => c.status === 200 || (c.status === 409 && c.body.code === 'invalid_booking_state'))).toBe(true);
    const rows = await query<{ status: string }>(t, 'SELECT status FROM bookings WHERE event_id = $1', [event.id]);
    // Each booking took exactly one transition: a 200 cancel, or an expiry by one of the sweepers.
    expect(rows.filter((r) => r.status === 'cancelled')).toHaveLength(cancelled);
    expect(rows.filter((r) => r.status === 'expired')).toHaveLength(5 - cancelled);
    expect(sweeps.reduce((n, x) => n + x, 0)).toBeGreaterThanOrEqual(5 - cancelled);
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.held).toBe(0);
  });
});
