import { DataSource } from 'typeorm';
import type { TestApp } from './test-app.js';

/** Runs SQL on the app's own database (through its pool), for assertions about stored rows. */
export async function query<T = Record<string, unknown>>(t: TestApp, sql: string, params: unknown[] = []): Promise<T[]> {
  return t.app.get(DataSource).query(sql, params);
}

/**
 * The seat invariants, read from the database: each counter equals the rows behind it.
 * held = seats of pending bookings; sold = seats of confirmed, partly or fully refunded bookings,
 * less their refunded tickets (a refund gives its seats back), plus the tickets of cancelled
 * bookings that still admit (checked in before the cancellation: the person is inside).
 */
export async function seatLedger(t: TestApp, eventId: string) {
  const [event] = await query<{ capacity: number; sold: number; held: number }>(t, 'SELECT capacity, sold, held FROM events WHERE id = $1', [eventId]);
  const types = await query<{ id: string; quantity: number; sold: number; held: number; rows_held: string; rows_sold: string }>(
    t,
    `SELECT t.id, t.quantity, t.sold, t.held,
            COALESCE(sum(bi.quantity) FILTER (WHERE b.status = 'pending_payment'), 0) AS rows_held,
            COALESCE(sum(bi.quantity) FILTER (WHERE b.status IN ('confirmed', 'partially_refunded', 'refunded')), 0)
              - (SELECT count(*) FROM tickets tk JOIN bookings rb ON rb.id = tk.booking_id
                  WHERE tk.ticket_type_id = t.id AND tk.status = 'refunded' AND rb.status IN ('confirmed', 'partially_refunded', 'refunded'))
              + (SELECT count(*) FROM tickets tk JOIN bookings cb ON cb.id = tk.booking_id
                  WHERE tk.ticket_type_id = t.id AND tk.status IN ('valid', 'checked_in') AND cb.status = 'cancelled') AS rows_sold
       FROM ticket_types t
       LEFT JOIN booking_items bi ON bi.ticket_type_id = t.id
       LEFT JOIN bookings b ON b.id = bi.booking_id
      WHERE t.event_id = $1 GROUP BY t.id ORDER BY t.id`,
    [eventId],
  );
  return {
    event: event!,
    types: types.map((r) => ({ id: r.id, quantity: r.quantity, sold: r.sold, held: r.held, rowsHeld: Number(r.rows_held), rowsSold: Number(r.rows_sold) })),
  };
}

/** Asserts every counter equals its rows (seats, buyers' seats, attendance) and no limit is exceeded. */
export async function expectConsistentLedger(t: TestApp, eventId: string) {
  const ledger = await seatLedger(t, eventId);
  for (const type of ledger.types) {
    expect({ id: type.id, held: type.held, sold: type.sold }).toEqual({ id: type.id, held: type.rowsHeld, sold: type.rowsSold });
    expect(type.sold + type.held).toBeLessThanOrEqual(type.quantity);
  }
  expect(ledger.event.held).toBe(ledger.types.reduce((n, t) => n + t.rowsHeld, 0));
  expect(ledger.event.sold).toBe(ledger.types.reduce((n, t) => n + t.rowsSold, 0));
  expect(ledger.event.sold + ledger.event.held).toBeLessThanOrEqual(ledger.event.capacity);
  // Each buyer's guarded counter equals the seats of their bookings, counted from the rows.
  const counted = await query<{ user_id: string; seats: number }>(t, `SELECT b.event_id, b.user_id, sum(CASE
               WHEN b.status = 'pending_payment' THEN (SELECT COALESCE(sum(bi.quantity), 0) FROM booking_items bi WHERE bi.booking_id = b.id)
               WHEN b.status IN ('confirmed', 'partially_refunded', 'refunded') THEN
                 (SELECT COALESCE(sum(bi.quantity), 0) FROM booking_items bi WHERE bi.booking_id = b.id)
                 - (SELECT count(*) FROM tickets t WHERE t.booking_id = b.id AND t.status = 'refunded')
               WHEN b.status = 'cancelled' THEN (SELECT count(*) FROM tickets t WHERE t.booking_id = b.id AND t.status IN ('valid', 'checked_in'))
               ELSE 0 END)::int AS seats
      FROM bookings b
      WHERE b.event_id = $1 GROUP BY b.event_id, b.user_id`, [eventId]);
  const stored = await query<{ user_id: string; seats: number }>(t, 'SELECT user_id, seats FROM buyer_seats WHERE event_id = $1', [eventId]);
  const byUser = (rows: { user_id: string; seats: number }[]) => Object.fromEntries(rows.filter((r) => Number(r.seats) > 0).map((r) => [r.user_id, Number(r.seats)]));
  expect(byUser(stored)).toEqual(byUser(counted));
  await expectAttendanceCountersConsistent(t, eventId);
  return ledger;
}

/**
 * The attendance counters (kept by triggers) recomputed from the rows: per ticket type valid,
 * checked in and inside; check-ins per hour; accepted entries and exits per gate. Fails on any
 * difference. Called after the check-in races.
 */
export async function expectAttendanceCountersConsistent(t: TestApp, eventId: string) {
  const pairs: [string, string][] = [
    [
      `SELECT tt.id, COALESCE(sum(c.valid), 0)::int AS valid, COALESCE(sum(c.checked_in), 0)::int AS checked_in, COALESCE(sum(c.inside), 0)::int AS inside
         FROM ticket_types tt LEFT JOIN attendance_counters c ON c.ticket_type_id = tt.id WHERE tt.event_id = $1 GROUP BY tt.id ORDER BY tt.id`,
      `SELECT tt.id, count(t.id) FILTER (WHERE t.status IN ('valid', 'checked_in'))::int AS valid, count(t.id) FILTER (WHERE t.status = 'checked_in')::int AS checked_in,
              count(t.id) FILTER (WHERE t.entries > t.exits)::int AS inside
         FROM ticket_types tt LEFT JOIN tickets t ON t.ticket_type_id = tt.id WHERE tt.event_id = $1 GROUP BY tt.id ORDER BY tt.id`,
    ],
    [
      `SELECT hour, sum(checked_in)::int AS n FROM check_in_hours WHERE event_id = $1 GROUP BY hour HAVING sum(checked_in) <> 0 ORDER BY hour`,
      `SELECT date_trunc('hour', checked_in_at, 'UTC') AS hour, count(*)::int AS n FROM tickets WHERE event_id = $1 AND status = 'checked_in' GROUP BY 1 ORDER BY 1`,
    ],
    [
      `SELECT gate, sum(entries)::int AS entries, sum(exits)::int AS exits FROM gate_counters WHERE event_id = $1 GROUP BY gate HAVING sum(entries) <> 0 OR sum(exits) <> 0 ORDER BY gate`,
      `SELECT gate, count(*) FILTER (WHERE direction = 'entry')::int AS entries, count(*) FILTER (WHERE direction = 'exit')::int AS exits
         FROM check_ins WHERE event_id = $1 AND result = 'ok' GROUP BY gate ORDER BY gate`,
    ],
  ];
  for (const [counters, rows] of pairs) expect(await query(t, counters, [eventId])).toEqual(await query(t, rows, [eventId]));
}
