import { eventOnSaleSql, fitsInOneBookingSql, salesWindowOpenSql, statusInSql } from '../rules.sql.js';

/**
 * The whole hold as one statement (`BookingRepository.hold` in libs/bookings), so the event's row, the
 * hot one in a sale, is locked for one statement and not across round trips, and the refusal's
 * reason comes back with it. Steps in lock order: `ev` locks the event row, `tt` (after `ev`,
 * which its condition reads) the ticket type rows in id order, `verdict` checks them, `taken`
 * moves the buyer's counter (guarded), and only when it did do the counter updates and the
 * inserts run. A locking read returns the newest committed row, so the checks see what a
 * conditional UPDATE would; CHECK constraints stay the last line of defence.
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
ev AS MATERIALIZED (
  SELECT e.id, e.status, e.currency, e.max_per_buyer, e.capacity - e.sold - e.held AS seats_left,
         ${eventOnSaleSql('e', '$11')} AS on_sale, e.ends_at <= now() AS ended
    FROM events e WHERE e.id = $2 AND NOT ${statusInSql('e', '$12')}
     FOR NO KEY UPDATE),
tt AS MATERIALIZED (
  SELECT t.id, t.price, t.max_per_booking, t.quantity - t.sold - t.held AS seats_left, ${salesWindowOpenSql('t')} AS on_sale
    FROM ticket_types t
   WHERE t.id = ANY($8::uuid[]) AND t.event_id = $2 AND EXISTS (SELECT 1 FROM ev)
   ORDER BY t.id FOR NO KEY UPDATE),
item AS MATERIALIZED (
  SELECT r.ord, r.ticket_type_id, r.quantity, tt.id IS NOT NULL AS found, tt.max_per_booking, COALESCE(${fitsInOneBookingSql('tt', 'r.quantity')}, false) AS fits,
         tt.seats_left, tt.on_sale OR $13::boolean AS on_sale, CASE WHEN $14::boolean THEN 0 ELSE tt.price END AS price
    FROM req r LEFT JOIN tt ON tt.id = r.ticket_type_id),
first_type AS MATERIALIZED (
  SELECT i.ticket_type_id, CASE WHEN NOT i.on_sale THEN 'ticket_type_not_on_sale' ELSE 'sold_out' END AS reason
    FROM item i WHERE NOT i.on_sale OR i.seats_left < i.quantity ORDER BY i.ticket_type_id LIMIT 1),
verdict AS MATERIALIZED (
  SELECT CASE
           WHEN ev.id IS NULL THEN 'event_not_found'
           WHEN EXISTS (SELECT 1 FROM item WHERE NOT item.found OR NOT item.fits) THEN 'invalid_items'
           WHEN NOT ev.on_sale THEN 'event_not_on_sale'
           WHEN ev.seats_left < $10::int THEN 'sold_out'
           ELSE (SELECT reason FROM first_type)
         END AS reason
    FROM (SELECT 1) AS one LEFT JOIN ev ON true),
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
SELECT b.*, v.reason AS x_reason, ev.status AS x_status, ev.ended AS x_ended, ev.max_per_buyer AS x_max_per_buyer, ev.seats_left AS x_event_left,
       (SELECT ticket_type_id FROM first_type) AS x_failed_type,
       (SELECT json_agg(json_build_object('ord', i.ord, 'id', i.ticket_type_id, 'quantity', i.quantity, 'found', i.found, 'fits', i.fits, 'max', i.max_per_booking, 'left', i.seats_left, 'price', i.price))
          FROM item i) AS x_items,
       CASE WHEN v.reason = 'sold_out'
            THEN EXISTS (SELECT 1 FROM bookings d WHERE d.event_id = $2 AND ${statusInSql('d', '$16')} AND d.expires_at <= now()) END AS x_expired_holds,
       CASE WHEN v.reason IS NULL AND b.id IS NULL THEN (SELECT seats FROM buyer_seats WHERE event_id = $2 AND user_id = $3) END AS x_buyer_seats
  FROM verdict v LEFT JOIN ev ON true LEFT JOIN booking b ON true`;
