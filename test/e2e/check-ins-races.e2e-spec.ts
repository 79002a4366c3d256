import { Role } from '@app/shared';
import { bookFreeTickets, createOpenEvent, scan } from '../factories/tickets.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { expectAttendanceCountersConsistent, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const MINUTE = 60_000;

/** Scanners racing on one ticket over real HTTP: exactly one `ok`, every scan logged, the log agreeing with the ticket. */
describe('check-in races (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let scanners: SignedInUser[];
  let ada: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    scanners = await Promise.all(Array.from({ length: 5 }, (_, i) => createUser(t, [Role.Scanner], `Scanner ${i + 1}`)));
    ada = await signUpCustomer(t, { name: 'Ada Lovelace' });
  });
  afterAll(() => t.close());

  const tally = (results: { body: { result: string } }[]) =>
    results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.body.result]: (acc[r.body.result] ?? 0) + 1 }), {});

  it('50 concurrent scans of one ticket across 5 scanner accounts: exactly one ok, 49 already_checked_in, 50 log rows', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        scan(t, scanners[i % 5]!, { eventId: event.id, code: i % 2 ? ticket!.qrPayload : ticket!.code, gate: `Gate ${i % 5}`, deviceId: `dev-${i}` }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(tally(results)).toEqual({ ok: 1, already_checked_in: 49 });
    const winner = results.find((r) => r.body.result === 'ok')!;
    for (const r of results)
      expect(r.body).toMatchObject({ ticketId: ticket!.id, checkedInAt: winner.body.checkedInAt, checkedInGate: winner.body.checkedInGate });
    const log = await query<{ result: string; n: number }>(
      t,
      'SELECT result, count(*)::int AS n FROM check_ins WHERE ticket_id = $1 GROUP BY result ORDER BY result',
      [ticket!.id],
    );
    expect(log).toEqual([
      { result: 'already_checked_in', n: 49 },
      { result: 'ok', n: 1 },
    ]);
    const [row] = await query<{ status: string; checked_in_gate: string }>(t, 'SELECT status, checked_in_gate FROM tickets WHERE id = $1', [ticket!.id]);
    expect(row).toEqual({ status: 'checked_in', checked_in_gate: winner.body.checkedInGate });
  });

  it('many tickets scanned at once by many scanners: each ticket admitted exactly once', async () => {
    const event = await createOpenEvent(t, admin);
    const tickets = await bookFreeTickets(t, ada, event, 10);
    const results = await Promise.all(
      tickets.flatMap((ticket, i) => scanners.map((s) => scan(t, s, { eventId: event.id, code: i % 2 ? ticket.code : ticket.qrPayload }))),
    );
    expect(tally(results)).toEqual({ ok: 10, already_checked_in: 40 });
    const oks = await query<{ ticket_id: string }>(t, `SELECT ticket_id FROM check_ins WHERE event_id = $1 AND result = 'ok'`, [event.id]);
    expect(new Set(oks.map((r) => r.ticket_id)).size).toBe(10);
  });

  it('online scans never take a check-in over, whatever their scannedAt: 30 concurrent scans with skewed clocks give one ok', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const now = Date.now();
    // Later requests claim earlier times, as devices with drifting clocks would.
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        scan(t, scanners[i % 5]!, { eventId: event.id, code: ticket!.code, scannedAt: new Date(now - i * 1000).toISOString() }),
      ),
    );
    expect(tally(results)).toEqual({ ok: 1, already_checked_in: 29 });
    const winner = results.find((r) => r.body.result === 'ok')!;
    const [row] = await query<{ checked_in_at: Date }>(t, 'SELECT checked_in_at FROM tickets WHERE id = $1', [ticket!.id]);
    expect(row!.checked_in_at.toISOString()).toBe(winner.body.checkedInAt);
    // Even a scan claiming a time before the check-in, sent later, is already_checked_in.
    const late = await scan(t, scanners[0]!, { eventId: event.id, code: ticket!.code, scannedAt: new Date(now - 3600_000).toISOString() }).expect(200);
    expect(late.body).toMatchObject({ result: 'already_checked_in', checkedInAt: winner.body.checkedInAt });
  });

  it('two devices upload conflicting offline batches at the same time: the earliest scan wins, whatever the arrival order', async () => {
    const event = await createOpenEvent(t, admin);
    const tickets = await bookFreeTickets(t, ada, event, 5);
    const base = Date.now() - 30 * MINUTE;
    // Device 0 scanned tickets 0..4 at base + 2i minutes; device 1 at base + 2i ± 1 minute (earlier for even tickets).
    const batch = (device: number) =>
      tickets.map((ticket, i) => ({
        clientScanId: `dev${device}-${i}`,
        code: device ? ticket.code : ticket.qrPayload,
        scannedAt: new Date(base + (2 * i + (device === 0 ? 0 : i % 2 === 0 ? -1 : 1)) * MINUTE).toISOString(),
        gate: `Gate ${device}`,
        deviceId: `dev${device}`,
      }));
    const [r0, r1] = await Promise.all(
      [0, 1].map((d) =>
        t
          .http()
          .post('/api/v1/check-ins/batch')
          .set(scanners[d]!.auth)
          .send({ eventId: event.id, scans: batch(d) }),
      ),
    );
    expect(r0!.status).toBe(200);
    expect(r1!.status).toBe(200);
    for (const [i, ticket] of tickets.entries()) {
      const winnerDevice = i % 2 === 0 ? 1 : 0;
      const [row] = await query<{ checked_in_gate: string; checked_in_at: Date }>(t, 'SELECT checked_in_gate, checked_in_at FROM tickets WHERE id = $1', [
        ticket.id,
      ]);
      expect(row!.checked_in_gate).toBe(`Gate ${winnerDevice}`);
      expect(row!.checked_in_at.toISOString()).toBe(batch(winnerDevice)[i]!.scannedAt);
      const log = await query<{ client_scan_id: string; result: string }>(
        t,
        'SELECT client_scan_id, result FROM check_ins WHERE ticket_id = $1 ORDER BY client_scan_id',
        [ticket.id],
      );
      expect(log).toEqual([
        { client_scan_id: `dev0-${i}`, result: winnerDevice === 0 ? 'ok' : 'already_checked_in' },
        { client_scan_id: `dev1-${i}`, result: winnerDevice === 1 ? 'ok' : 'already_checked_in' },
      ]);
    }
  });

  it('the attendance counters kept by triggers equal a count of the rows, for every event above', async () => {
    const events = await query<{ id: string }>(t, 'SELECT id FROM events');
    expect(events.length).toBeGreaterThan(0);
    for (const { id } of events) await expectAttendanceCountersConsistent(t, id);
  });
});
