import { bookFreeTickets, createOpenEvent, scan } from '../factories/tickets.js';
import { createAdmin, signUpCustomer, SignedInUser } from '../factories/users.js';
import { expectAttendanceCountersConsistent, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

type Auth = { auth: { Authorization: string } };

/** Entry and exit raced by 50 paired scanner devices over real HTTP on PostgreSQL: a ticket is inside at most once at any moment. */
describe('gate races (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let ada: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    ada = await signUpCustomer(t, { name: 'Ada Lovelace' });
  });
  afterAll(() => t.close());

  /** `n` paired devices of one event, each its own scanner. */
  async function devices(eventId: string, n: number): Promise<Auth[]> {
    const out: Auth[] = [];
    for (let i = 0; i < n; i++) {
      const created = await t
        .http()
        .post(`/api/v1/events/${eventId}/scanner-devices`)
        .set(admin.auth)
        .send({ name: `Phone ${i}`, gate: `Gate ${i % 4}` })
        .expect(201);
      const paired = await t.http().post('/api/v1/scanner-devices/pair').send({ pairingCode: created.body.pairingCode }).expect(200);
      out.push({ auth: { Authorization: `Bearer ${paired.body.deviceToken}` } });
    }
    return out;
  }

  /** The log and the ticket agree: accepted entries and exits are numbered 1..n without gaps, and the counters match. */
  async function expectConsistent(ticketId: string) {
    const [ticket] = await query<{ entries: number; exits: number }>(t, 'SELECT entries, exits FROM tickets WHERE id = $1', [ticketId]);
    const oks = await query<{ direction: string; passage: number }>(
      t,
      `SELECT direction, passage FROM check_ins WHERE ticket_id = $1 AND result = 'ok' ORDER BY direction, passage`,
      [ticketId],
    );
    const passages = (direction: string) => oks.filter((r) => r.direction === direction).map((r) => r.passage);
    expect(passages('entry')).toEqual(Array.from({ length: ticket!.entries }, (_, i) => i + 1));
    expect(passages('exit')).toEqual(Array.from({ length: ticket!.exits }, (_, i) => i + 1));
    expect(ticket!.entries - ticket!.exits).toBeGreaterThanOrEqual(0);
    expect(ticket!.entries - ticket!.exits).toBeLessThanOrEqual(1);
    return ticket!;
  }

  it('50 devices scan one re-entry ticket in and out at once, three rounds: inside at most once, every accepted passage logged once', async () => {
    const event = await createOpenEvent(t, admin, { ticketTypes: [{ name: 'Day pass', price: 0, quantity: 10, reentry: true }] });
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const scanners = await devices(event.id, 50);
    let total = 0;
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        scanners.map((s, i) =>
          scan(t, s, { eventId: event.id, code: i % 3 ? ticket!.code : ticket!.qrPayload, direction: (i + round) % 2 ? 'exit' : 'entry' }),
        ),
      );
      expect(results.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
      for (const r of results) expect(['ok', 'already_checked_in', 'not_inside']).toContain(r.body.result);
      const okEntries = results.filter((r) => r.body.result === 'ok' && r.body.direction === 'entry').length;
      const okExits = results.filter((r) => r.body.result === 'ok' && r.body.direction === 'exit').length;
      // In and out alternate: within one round the accepted entries and exits differ by at most one.
      expect(Math.abs(okEntries - okExits)).toBeLessThanOrEqual(1);
      const state = await expectConsistent(ticket!.id);
      total += 50;
      expect(state.entries + state.exits).toBe(
        (await query<{ n: number }>(t, `SELECT count(*)::int AS n FROM check_ins WHERE ticket_id = $1 AND result = 'ok'`, [ticket!.id]))[0]!.n,
      );
    }
    expect((await query<{ n: number }>(t, 'SELECT count(*)::int AS n FROM check_ins WHERE ticket_id = $1', [ticket!.id]))[0]!.n).toBe(total);
  });

  it('10 single-entry tickets, each scanned in and out by 10 devices at once: one entry each, at most one exit, never a second entry', async () => {
    const event = await createOpenEvent(t, admin);
    const tickets = await bookFreeTickets(t, ada, event, 10);
    const scanners = await devices(event.id, 50);
    const results = await Promise.all(
      tickets.flatMap((ticket, i) =>
        Array.from({ length: 10 }, (_, j) =>
          scan(t, scanners[(i * 10 + j) % 50]!, { eventId: event.id, code: ticket.code, direction: j % 2 ? 'exit' : 'entry' }),
        ),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    for (const ticket of tickets) {
      const mine = results.filter((r) => r.body.ticketId === ticket.id);
      expect(mine.filter((r) => r.body.result === 'ok' && r.body.direction === 'entry')).toHaveLength(1);
      expect(mine.filter((r) => r.body.result === 'ok' && r.body.direction === 'exit').length).toBeLessThanOrEqual(1);
      const state = await expectConsistent(ticket.id);
      expect(state.entries).toBe(1);
    }
  });

  it('20 phones race to use one pairing code: exactly one gets a device token', async () => {
    const event = await createOpenEvent(t, admin);
    const created = await t.http().post(`/api/v1/events/${event.id}/scanner-devices`).set(admin.auth).send({ name: 'Contested' }).expect(201);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.http().post('/api/v1/scanner-devices/pair').send({ pairingCode: created.body.pairingCode })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 && r.body.code === 'invalid_pairing_code')).toHaveLength(19);
    expect(
      await query(t, `SELECT count(*)::int AS n FROM audit_logs WHERE entity_id = $1 AND action = 'scanner_device.paired'`, [created.body.device.id]),
    ).toEqual([{ n: 1 }]);
  });

  it('the attendance counters kept by triggers equal a count of the rows, for every event above', async () => {
    const events = await query<{ id: string }>(t, 'SELECT id FROM events');
    expect(events.length).toBeGreaterThan(0);
    for (const { id } of events) await expectAttendanceCountersConsistent(t, id);
  });
});
