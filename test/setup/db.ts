import { DataSource } from 'typeorm';
import { bookingsMoneySql } from '../../migrations/1796300000000-MoneyCounters.js';
import type { INestApplicationContext } from '@nestjs/common';

/**
 * What these helpers need of a test tier: the Nest container of its providers, `app` of a TestApp
 * (e2e) or of a ServiceModule (service tier, a testing module).
 */
export interface NestContainer {
  app: Pick<INestApplicationContext, 'get'>;
}

/** Runs SQL on the app's own database (through its pool), for assertions about stored rows. */
export async function query<T = Record<string, unknown>>(t: NestContainer, sql: string, params: unknown[] = []): Promise<T[]> {
  return t.app.get(DataSource).query(sql, params);
}

/**
 * The seat invariants, read from the database: each counter equals the rows behind it.
 * held = seats of pending bookings; sold = seats of confirmed, partly or fully refunded bookings,
 * less their refunded tickets (a refund gives its seats back), plus the tickets of cancelled
 * bookings that still admit (checked in before the cancellation: the person is inside).
 */
export async function seatLedger(t: NestContainer, eventId: string) {
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
export async function expectConsistentLedger(t: NestContainer, eventId: string) {
  const ledger = await seatLedger(t, eventId);
  for (const type of ledger.types) {
    expect({ id: type.id, held: type.held, sold: type.sold }).toEqual({ id: type.id, held: type.rowsHeld, sold: type.rowsSold });
    expect(type.sold + type.held).toBeLessThanOrEqual(type.quantity);
  }
  expect(ledger.event.held).toBe(ledger.types.reduce((n, t) => n + t.rowsHeld, 0));
  expect(ledger.event.sold).toBe(ledger.types.reduce((n, t) => n + t.rowsSold, 0));
  expect(ledger.event.sold + ledger.event.held).toBeLessThanOrEqual(ledger.event.capacity);
  // Each buyer's guarded counter equals the seats of their bookings, counted from the rows.
  const counted = await query<{ user_id: string; seats: number }>(
    t,
    `SELECT b.event_id, b.user_id, sum(CASE
               WHEN b.status = 'pending_payment' THEN (SELECT COALESCE(sum(bi.quantity), 0) FROM booking_items bi WHERE bi.booking_id = b.id)
               WHEN b.status IN ('confirmed', 'partially_refunded', 'refunded') THEN
                 (SELECT COALESCE(sum(bi.quantity), 0) FROM booking_items bi WHERE bi.booking_id = b.id)
                 - (SELECT count(*) FROM tickets t WHERE t.booking_id = b.id AND t.status = 'refunded')
               WHEN b.status = 'cancelled' THEN (SELECT count(*) FROM tickets t WHERE t.booking_id = b.id AND t.status IN ('valid', 'checked_in'))
               ELSE 0 END)::int AS seats
      FROM bookings b
      WHERE b.event_id = $1 GROUP BY b.event_id, b.user_id`,
    [eventId],
  );
  const stored = await query<{ user_id: string; seats: number }>(t, 'SELECT user_id, seats FROM buyer_seats WHERE event_id = $1', [eventId]);
  const byUser = (rows: { user_id: string; seats: number }[]) =>
    Object.fromEntries(rows.filter((r) => Number(r.seats) > 0).map((r) => [r.user_id, Number(r.seats)]));
  expect(byUser(stored)).toEqual(byUser(counted));
  await expectAttendanceCountersConsistent(t, eventId);
  await expectMoneyCountersConsistent(t, eventId);
  return ledger;
}

/**
 * The attendance counters (kept by triggers) recomputed from the rows: per ticket type valid,
 * checked in and inside; check-ins per hour; accepted entries and exits per gate. Fails on any
 * difference. Called after the check-in races.
 */
export async function expectAttendanceCountersConsistent(t: NestContainer, eventId: string) {
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

/**
 * The money and sales counters (kept by triggers, see the MoneyCounters migration) recomputed from
 * the rows with the queries the stats and sales series ran before them: per ticket type revenue and
 * refunded (succeeded payments times the items; ticket refunds by unit price; whole-booking refunds
 * spread over the types in ticket_type_id order); per booking what it credited; per currency paid
 * and refunded; bookings, seats and revenue per UTC hour of confirmation (in total and per type);
 * refunds per UTC hour of completion; bookings per status. Fails on any difference. Called by expectConsistentLedger.
 */
export async function expectMoneyCountersConsistent(t: NestContainer, eventId: string) {
  const pairs: [string, string][] = [
    [
      `SELECT tt.id, COALESCE(sum(c.revenue), 0)::bigint AS revenue, COALESCE(sum(c.refunded), 0)::bigint AS refunded
         FROM ticket_types tt LEFT JOIN ticket_type_money c ON c.ticket_type_id = tt.id WHERE tt.event_id = $1 GROUP BY tt.id ORDER BY tt.id`,
      `WITH paid AS (
              SELECT p.booking_id, count(*) AS payments FROM payments p JOIN bookings b ON b.id = p.booking_id
               WHERE b.event_id = $1 AND p.status IN ('succeeded', 'partially_refunded', 'refunded') GROUP BY p.booking_id),
            booking_sales AS (
              SELECT bi.booking_id, bi.ticket_type_id, bi.quantity * bi.unit_price * paid.payments AS amount
                FROM booking_items bi JOIN paid ON paid.booking_id = bi.booking_id),
            ticket_refunds AS (
              SELECT tk.booking_id, tk.ticket_type_id, sum(bi.unit_price) AS amount
                FROM bookings b JOIN refunds r ON r.booking_id = b.id JOIN tickets tk ON tk.id = ANY(r.ticket_ids)
                JOIN booking_items bi ON bi.booking_id = tk.booking_id AND bi.ticket_type_id = tk.ticket_type_id
               WHERE b.event_id = $1 AND r.kind = 'request' AND r.status = 'completed' GROUP BY tk.booking_id, tk.ticket_type_id),
            booking_refunds AS (
              SELECT r.booking_id, sum(r.amount) AS amount FROM refunds r JOIN bookings b ON b.id = r.booking_id
               WHERE b.event_id = $1 AND r.kind <> 'request' AND r.status = 'completed' GROUP BY r.booking_id),
            unrefunded AS (
              SELECT s.booking_id, s.ticket_type_id, s.amount - COALESCE(tr.amount, 0) AS amount
                FROM booking_sales s LEFT JOIN ticket_refunds tr ON tr.booking_id = s.booking_id AND tr.ticket_type_id = s.ticket_type_id),
            spread AS (
              SELECT u.ticket_type_id,
                     GREATEST(0, LEAST(u.amount, br.amount - COALESCE(sum(u.amount) OVER (PARTITION BY u.booking_id ORDER BY u.ticket_type_id
                                                                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS amount
                FROM unrefunded u JOIN booking_refunds br ON br.booking_id = u.booking_id),
            sales AS (SELECT ticket_type_id, sum(amount) AS revenue FROM booking_sales GROUP BY ticket_type_id),
            returned AS (
              SELECT ticket_type_id, sum(amount) AS refunded
                FROM (SELECT ticket_type_id, amount FROM ticket_refunds UNION ALL SELECT ticket_type_id, amount FROM spread) x GROUP BY ticket_type_id)
       SELECT t.id, COALESCE(sales.revenue, 0)::bigint AS revenue, COALESCE(returned.refunded, 0)::bigint AS refunded
         FROM ticket_types t LEFT JOIN sales ON sales.ticket_type_id = t.id LEFT JOIN returned ON returned.ticket_type_id = t.id
        WHERE t.event_id = $1 ORDER BY t.id`,
    ],
    [
      `SELECT m.booking_id, m.ticket_type_id, m.revenue::bigint, m.refunded::bigint FROM booking_money m JOIN bookings b ON b.id = m.booking_id
        WHERE b.event_id = $1 AND (m.revenue <> 0 OR m.refunded <> 0) ORDER BY 1, 2`,
      `SELECT booking_id, ticket_type_id, revenue, refunded FROM (${bookingsMoneySql('b.event_id = $1')}) m WHERE revenue <> 0 OR refunded <> 0 ORDER BY 1, 2`,
    ],
    [
      `SELECT currency, sum(revenue)::bigint AS revenue, sum(refunded)::bigint AS refunded FROM event_money WHERE event_id = $1
        GROUP BY currency HAVING sum(revenue) <> 0 OR sum(refunded) <> 0 ORDER BY currency`,
      `SELECT currency, sum(revenue)::bigint AS revenue, sum(refunded)::bigint AS refunded FROM (
         SELECT p.currency, p.amount AS revenue, 0 AS refunded FROM payments p JOIN bookings b ON b.id = p.booking_id
          WHERE b.event_id = $1 AND p.status IN ('succeeded', 'partially_refunded', 'refunded')
         UNION ALL
         SELECT r.currency, 0, r.amount FROM refunds r JOIN bookings b ON b.id = r.booking_id WHERE b.event_id = $1 AND r.status = 'completed') m
        GROUP BY currency ORDER BY currency`,
    ],
    [
      `SELECT hour, sum(bookings)::int AS bookings FROM sales_hours WHERE event_id = $1 GROUP BY hour HAVING sum(bookings) <> 0 ORDER BY hour`,
      `SELECT date_trunc('hour', confirmed_at, 'UTC') AS hour, count(*)::int AS bookings FROM bookings WHERE event_id = $1 AND confirmed_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
    ],
    [
      `SELECT hour, ticket_type_id, sum(bookings)::int AS bookings, sum(tickets)::int AS tickets, sum(revenue)::bigint AS revenue FROM sales_type_hours
        WHERE event_id = $1 GROUP BY 1, 2 HAVING sum(bookings) <> 0 OR sum(tickets) <> 0 OR sum(revenue) <> 0 ORDER BY 1, 2`,
      `SELECT date_trunc('hour', b.confirmed_at, 'UTC') AS hour, bi.ticket_type_id, count(*)::int AS bookings, sum(bi.quantity)::int AS tickets,
              sum(bi.quantity * bi.unit_price)::bigint AS revenue
         FROM bookings b JOIN booking_items bi ON bi.booking_id = b.id WHERE b.event_id = $1 AND b.confirmed_at IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    ],
    [
      `SELECT hour, sum(refunded)::bigint AS refunded FROM refund_hours WHERE event_id = $1 GROUP BY hour HAVING sum(refunded) <> 0 ORDER BY hour`,
      `SELECT date_trunc('hour', r.completed_at, 'UTC') AS hour, sum(r.amount)::bigint AS refunded FROM refunds r JOIN bookings b ON b.id = r.booking_id
        WHERE b.event_id = $1 AND r.status = 'completed' AND r.completed_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
    ],
    [
      `SELECT status, sum(bookings)::int AS bookings FROM booking_status_counts WHERE event_id = $1 GROUP BY status HAVING sum(bookings) <> 0 ORDER BY status`,
      `SELECT status, count(*)::int AS bookings FROM bookings WHERE event_id = $1 GROUP BY status ORDER BY status`,
    ],
  ];
  for (const [counters, rows] of pairs) expect(await query(t, counters, [eventId])).toEqual(await query(t, rows, [eventId]));
}
