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

/** Asserts every counter equals its rows and no limit is exceeded. */
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
  return ledger;
}
