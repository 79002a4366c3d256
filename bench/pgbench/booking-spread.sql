-- The booking path's SQL for one seat of one of 100 events (no hot row), as the API runs it (run with -M prepared;
-- lock_timeout is a connection default): conditional hold on the event, then on the ticket type,
-- then one insert of the booking with its items.
\set n random(1, 100)
BEGIN;
UPDATE events SET held = held + 1, updated_at = now()
 WHERE id = ('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid AND status = 'published' AND ends_at > now() AND sold + held + 1 <= capacity RETURNING currency;
UPDATE ticket_types SET held = held + 1, updated_at = now()
 WHERE id = ('00000000-0000-4000-9000-' || lpad(:n::text, 12, '0'))::uuid AND event_id = ('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid AND sold + held + 1 <= quantity AND 1 <= max_per_booking
   AND (sales_start_at IS NULL OR sales_start_at <= now()) AND (sales_end_at IS NULL OR sales_end_at > now()) RETURNING price;
WITH booking AS (
  INSERT INTO bookings (id, event_id, user_id, status, total_amount, currency, attendees, expires_at, created_by)
  VALUES (gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid, :user, 'pending_payment', 150000, 'NGN', '[]'::jsonb, now() + interval '15 minutes', NULL) RETURNING *),
items AS (
  INSERT INTO booking_items (booking_id, ticket_type_id, quantity, unit_price)
  SELECT (SELECT id FROM booking), * FROM unnest(ARRAY[('00000000-0000-4000-9000-' || lpad(:n::text, 12, '0'))::uuid]::uuid[], ARRAY[1]::int[], ARRAY[150000]::bigint[]))
SELECT * FROM booking;
COMMIT;
