import { eventOnSaleSql, fitsInOneBookingSql, salesWindowOpenSql, statusInSql } from '../rules.sql.js';

/** The columns of an `events` row `e` that the hold reads. */
const EVENT_COLUMNS = `e.id, e.status, e.currency, e.max_per_buyer, e.capacity - e.sold - e.held AS seats_left,
         ${eventOnSaleSql('e', '$11')} AS on_sale, e.ends_at <= now() AS ended`;

/** The columns of a `ticket_types` row `t` that the hold reads. */
const TYPE_COLUMNS = `t.id, t.price, t.max_per_booking, t.quantity - t.sold - t.held AS seats_left, ${salesWindowOpenSql('t')} AS on_sale`;

/**
 * The whole hold as one statement (`BookingRepository.hold` in libs/bookings), so the event's row,
 * the hot one in a sale, is locked for one statement and not across round trips, and the
 * refusal's reason comes back with it.
 *
 * - `evs`, `tts`: the event and the requested ticket types as the statement's snapshot sees them,
 *   unlocked. A request they already refuse (sold out, not on sale, unknown type...) locks
 *   nothing and writes nothing: after a sell-out, refusals do not queue on the hot row. This is
 *   the test a conditional UPDATE makes of the row version its snapshot sees.
 * - `ev` locks the event row only when the snapshot allows the request; a locking read then
 *   returns the newest committed row, rechecked (READ COMMITTED), so it is empty when the row
 *   changed meanwhile and no longer allows it: the answer is then `recheck` (nothing done;
 *   running the statement again sees the change).
 * - `tt` (after `ev`, which its condition reads) locks the ticket type rows in id order and
 *   reads their newest versions; `item` and `verdict` check them (the locked rows when the event
 *   was locked, else the snapshot's), `taken` moves the buyer's counter (guarded), and only when
 *   it did do the counter updates and the inserts run. CHECK constraints stay the last line of
 *   defence.
 *
 * $1 booking id, $2 event id, $3 user id, $4 created_by, $5 team name, $6 attendees (json),
 * $7 hold seconds, $8 ticket type ids and $9 quantities (request order), $10 seats in all,
 * $11 SELLING_EVENT_STATUSES, $12 hidden event statuses, $13 any sales window (box office),
 * $14 complimentary, $15 guard the buyer's limit, $16 statuses of a pending hold.
 * Used by the adapter and, with the parameters written in, as the flash-sale bench's pgbench ceiling.
 */
export const HOLD_SQL = `
WITH req AS MATERIALIZED (
  SELECT r.ticket_type_id, r.quantity, r.ord::int AS ord FROM unnest($8::uuid[], $9::int[]) WITH ORDINALITY AS r(ticket_type_id, quantity, ord)),
evs AS MATERIALIZED (
  SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $2 AND NOT ${statusInSql('e', '$12')}),
tts AS MATERIALIZED (
  SELECT ${TYPE_COLUMNS} FROM ticket_types t WHERE t.id = ANY($8::uuid[]) AND t.event_id = $2),
ev AS MATERIALIZED (
  SELECT ${EVENT_COLUMNS} FROM events e
   WHERE e.id = $2 AND NOT ${statusInSql('e', '$12')} AND ${eventOnSaleSql('e', '$11')} AND e.sold + e.held + $10::int <= e.capacity
     AND NOT EXISTS (SELECT 1 FROM req r LEFT JOIN tts t ON t.id = r.ticket_type_id
                      WHERE t.id IS NULL OR NOT ${fitsInOneBookingSql('t', 'r.quantity')} OR NOT (t.on_sale OR $13::boolean) OR t.seats_left < r.quantity)
     FOR NO KEY UPDATE),
tt AS MATERIALIZED (
  SELECT ${TYPE_COLUMNS} FROM ticket_types t
   WHERE t.id = ANY($8::uuid[]) AND t.event_id = $2 AND EXISTS (SELECT 1 FROM ev)
   ORDER BY t.id FOR NO KEY UPDATE),
evx AS MATERIALIZED (
  SELECT * FROM ev UNION ALL SELECT * FROM evs WHERE NOT EXISTS (SELECT 1 FROM ev)),
item AS MATERIALIZED (
  SELECT r.ord, r.ticket_type_id, r.quantity, k.id IS NOT NULL AS found, k.max_per_booking, COALESCE(${fitsInOneBookingSql('k', 'r.quantity')}, false) AS fits,
         k.seats_left, k.on_sale OR $13::boolean AS on_sale, CASE WHEN $14::boolean THEN 0 ELSE k.price END AS price
    FROM req r LEFT JOIN (SELECT * FROM tt UNION ALL SELECT * FROM tts WHERE NOT EXISTS (SELECT 1 FROM ev)) k ON k.id = r.ticket_type_id),
first_type AS MATERIALIZED (
  SELECT i.ticket_type_id, CASE WHEN NOT i.on_sale THEN 'ticket_type_not_on_sale' ELSE 'sold_out' END AS reason
    FROM item i WHERE NOT i.on_sale OR i.seats_left < i.quantity ORDER BY i.ticket_type_id LIMIT 1),
verdict AS MATERIALIZED (
  SELECT CASE
           WHEN e.id IS NULL THEN 'event_not_found'
           WHEN EXISTS (SELECT 1 FROM item WHERE NOT item.found OR NOT item.fits) THEN 'invalid_items'
           WHEN NOT e.on_sale THEN 'event_not_on_sale'
           WHEN e.seats_left < $10::int THEN 'sold_out'
           WHEN EXISTS (SELECT 1 FROM first_type) THEN (SELECT reason FROM first_type)
           WHEN NOT EXISTS (SELECT 1 FROM ev) THEN 'recheck'
         END AS reason
    FROM (SELECT 1) AS one LEFT JOIN evx e ON true),
taken AS (
  INSERT INTO buyer_seats AS s (event_id, user_id, seats)
  SELECT ev.id, $3, $10::int FROM ev, verdict
   WHERE verdict.reason IS NULL AND (NOT $15::boolean OR $10::int <= ev.max_per_buyer)
  ON CONFLICT (event_id, user_id) DO UPDATE SET seats = s.seats + EXCLUDED.seats, updated_at = now()
   WHERE NOT $15::boolean OR s.seats + EXCLUDED.seats <= (SELECT max_per_buyer FROM ev)
  RETURNING seats),
ev_held AS (
  UPDATE events SET held = held + $10::int, updated_at = now() WHERE id = $2 AND EXISTS (SELECT 1 FROM taken) RETURNING id),
tt_held AS (
  UPDATE ticket_types t SET held = t.held + r.quantity, updated_at = now() FROM req r WHERE t.id = r.ticket_type_id AND EXISTS (SELECT 1 FROM taken) RETURNING t.id),
booking AS (
  INSERT INTO bookings (id, event_id, user_id, status, total_amount, currency, attendees, expires_at, created_by, team_name)
  SELECT $1, ev.id, $3, 'pending_payment', (SELECT sum(i.quantity * i.price) FROM item i), ev.currency, $6::jsonb, now() + make_interval(secs => $7::float8), $4, $5
    FROM ev WHERE EXISTS (SELECT 1 FROM taken)
  RETURNING *),
lines AS (
  INSERT INTO booking_items (booking_id, ticket_type_id, quantity, unit_price)
  SELECT b.id, i.ticket_type_id, i.quantity, i.price FROM booking b, item i ORDER BY i.ticket_type_id)
SELECT b.*, v.reason AS x_reason, e.status AS x_status, e.ended AS x_ended, e.max_per_buyer AS x_max_per_buyer, e.seats_left AS x_event_left,
       (SELECT ticket_type_id FROM first_type) AS x_failed_type,
       (SELECT json_agg(json_build_object('ord', i.ord, 'id', i.ticket_type_id, 'quantity', i.quantity, 'found', i.found, 'fits', i.fits, 'max', i.max_per_booking, 'left', i.seats_left, 'price', i.price))
          FROM item i) AS x_items,
       CASE WHEN v.reason = 'sold_out'
            THEN EXISTS (SELECT 1 FROM bookings d WHERE d.event_id = $2 AND ${statusInSql('d', '$16')} AND d.expires_at <= now()) END AS x_expired_holds,
       CASE WHEN v.reason IS NULL AND b.id IS NULL THEN (SELECT seats FROM buyer_seats WHERE event_id = $2 AND user_id = $3) END AS x_buyer_seats
  FROM verdict v LEFT JOIN evx e ON true LEFT JOIN booking b ON true`;
