import { book, createEvent } from '../factories/events.js';
import { createAdmin, signUpCustomer } from '../factories/users.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/** The scheduler's hold sweeper expires unpaid bookings on its own, with nobody asking. */
describe('hold sweeper job (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BOOKING_HOLD_MINUTES: '0.01', JOBS_ENABLED: 'true', JOBS_INTERVAL_SECONDS: '0.3' });
  });
  afterAll(() => t.close());

  it('expires a due hold in the background and gives its seats back', async () => {
    const admin = await createAdmin(t);
    const buyer = await signUpCustomer(t);
    const event = await createEvent(t, admin, { capacity: 5, ticketTypes: [{ quantity: 5 }] });
    const booking = await book(t, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 4 }]).expect(201);
    let status = 'pending_payment';
    for (let i = 0; i < 40 && status === 'pending_payment'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [{ status }] = await query<{ status: string }>(t, 'SELECT status FROM bookings WHERE id = $1', [booking.body.id]);
    }
    expect(status).toBe('expired');
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event.held).toBe(0);
  });
});
