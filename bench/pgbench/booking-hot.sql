-- The booking path's SQL for one seat of one ticket type, as the API runs it (run with -M prepared;
-- lock_timeout is a connection default): conditional hold on the event, then on the ticket type,
-- then one insert of the booking with its items.
BEGIN;
UPDATE events SET held = held + 1, updated_at = now()
 WHERE id = :event AND status = 'published' AND ends_at > now() AND sold + held + 1 <= capacity RETURNING currency;
UPDATE ticket_types SET held = held + 1, updated_at = now()
 WHERE id = :type AND event_id = :event AND sold + held + 1 <= quantity AND 1 <= max_per_booking
   AND (sales_start_at IS NULL OR sales_start_at <= now()) AND (sales_end_at IS NULL OR sales_end_at > now()) RETURNING price;
WITH booking AS (
  INSERT INTO bookings (id, event_id, user_id, status, total_amount, currency, attendees, expires_at, created_by)
  VALUES (gen_random_uuid(), :event, :user, 'pending_payment', 150000, 'NGN', '[]'::jsonb, now() + interval '15 minutes', NULL) RETURNING *),
items AS (
  INSERT INTO booking_items (booking_id, ticket_type_id, quantity, unit_price)
  SELECT (SELECT id FROM booking), * FROM unnest(ARRAY[:type]::uuid[], ARRAY[1]::int[], ARRAY[150000]::bigint[]))
SELECT * FROM booking;
COMMIT;
