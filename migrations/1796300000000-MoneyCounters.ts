import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Payment statuses whose payment counts as paid: PAID_STATUSES in libs/payments (a test checks the twin). */
const PAID = `('succeeded', 'partially_refunded', 'refunded')`;

/**
 * The money of one booking per ticket type, from its rows, as the event stats count it: revenue is
 * `quantity * unit_price` of each item times the booking's paid payments; refunded is the unit
 * price of each ticket of a completed ticket refund (`kind = 'request'`), plus the booking's
 * completed whole-booking refunds (automatic, event or booking cancellation) spread over what each
 * type has not had refunded yet, in ticket_type_id order. Minor units.
 */
const BOOKING_MONEY_SQL = `
  WITH paid AS (SELECT count(*) AS n FROM payments WHERE booking_id = bid AND status IN ${PAID}),
       sales AS (SELECT bi.ticket_type_id, bi.quantity * bi.unit_price * paid.n AS amount FROM booking_items bi, paid WHERE bi.booking_id = bid AND paid.n > 0),
       ticket_refunds AS (
         SELECT tk.ticket_type_id, sum(bi.unit_price) AS amount
           FROM refunds r
           JOIN tickets tk ON tk.id = ANY(r.ticket_ids)
           JOIN booking_items bi ON bi.booking_id = tk.booking_id AND bi.ticket_type_id = tk.ticket_type_id
          WHERE r.booking_id = bid AND tk.booking_id = bid AND r.kind = 'request' AND r.status = 'completed'
          GROUP BY tk.ticket_type_id),
       whole AS (SELECT sum(amount) AS amount FROM refunds WHERE booking_id = bid AND kind <> 'request' AND status = 'completed'),
       unrefunded AS (
         SELECT s.ticket_type_id, s.amount - COALESCE(tr.amount, 0) AS amount FROM sales s LEFT JOIN ticket_refunds tr ON tr.ticket_type_id = s.ticket_type_id),
       spread AS (
         SELECT u.ticket_type_id,
                GREATEST(0, LEAST(u.amount, w.amount - COALESCE(sum(u.amount) OVER (ORDER BY u.ticket_type_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS amount
           FROM unrefunded u, whole w WHERE w.amount IS NOT NULL)
  SELECT ticket_type_id, sum(revenue)::bigint AS revenue, sum(refunded)::bigint AS refunded
    FROM (SELECT ticket_type_id, amount AS revenue, 0 AS refunded FROM sales
          UNION ALL SELECT ticket_type_id, 0, amount FROM ticket_refunds
          UNION ALL SELECT ticket_type_id, 0, amount FROM spread) x
   GROUP BY ticket_type_id`;

/**
 * {@link BOOKING_MONEY_SQL} for many bookings at once (those matching `eventFilter`, a condition on
 * `b`, bookings): rows of (booking_id, ticket_type_id, revenue, refunded). The backfill, and the
 * consistency check's recount.
 */
export function bookingsMoneySql(eventFilter: string): string {
  return `
  WITH paid AS (
         SELECT p.booking_id, count(*) AS n FROM payments p JOIN bookings b ON b.id = p.booking_id
          WHERE ${eventFilter} AND p.status IN ${PAID} GROUP BY p.booking_id),
       sales AS (
         SELECT bi.booking_id, bi.ticket_type_id, bi.quantity * bi.unit_price * paid.n AS amount FROM booking_items bi JOIN paid ON paid.booking_id = bi.booking_id),
       ticket_refunds AS (
         SELECT tk.booking_id, tk.ticket_type_id, sum(bi.unit_price) AS amount
           FROM bookings b
           JOIN refunds r ON r.booking_id = b.id
           JOIN tickets tk ON tk.id = ANY(r.ticket_ids)
           JOIN booking_items bi ON bi.booking_id = tk.booking_id AND bi.ticket_type_id = tk.ticket_type_id
          WHERE ${eventFilter} AND tk.booking_id = r.booking_id AND r.kind = 'request' AND r.status = 'completed'
          GROUP BY tk.booking_id, tk.ticket_type_id),
       whole AS (
         SELECT r.booking_id, sum(r.amount) AS amount FROM refunds r JOIN bookings b ON b.id = r.booking_id
          WHERE ${eventFilter} AND r.kind <> 'request' AND r.status = 'completed' GROUP BY r.booking_id),
       unrefunded AS (
         SELECT s.booking_id, s.ticket_type_id, s.amount - COALESCE(tr.amount, 0) AS amount
           FROM sales s LEFT JOIN ticket_refunds tr ON tr.booking_id = s.booking_id AND tr.ticket_type_id = s.ticket_type_id),
       spread AS (
         SELECT u.booking_id, u.ticket_type_id,
                GREATEST(0, LEAST(u.amount, w.amount - COALESCE(sum(u.amount) OVER (PARTITION BY u.booking_id ORDER BY u.ticket_type_id
                                                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS amount
           FROM unrefunded u JOIN whole w ON w.booking_id = u.booking_id)
  SELECT booking_id, ticket_type_id, sum(revenue)::bigint AS revenue, sum(refunded)::bigint AS refunded
    FROM (SELECT booking_id, ticket_type_id, amount AS revenue, 0 AS refunded FROM sales
          UNION ALL SELECT booking_id, ticket_type_id, 0, amount FROM ticket_refunds
          UNION ALL SELECT booking_id, ticket_type_id, 0, amount FROM spread) x
   GROUP BY booking_id, ticket_type_id`;
}

/**
 * Money and sales in constant time, whatever the event's size: counters kept by triggers on the
 * rows that change them (payments, refunds, bookings, booking items). Readers add up at most 8 rows
 * a ticket type or currency, and one row an hour.
 * - `booking_money`: what each booking has credited to `ticket_type_money`, per ticket type
 *   ({@link BOOKING_MONEY_SQL}); a change to a booking's payments or refunds recomputes the booking
 *   (a handful of rows, under a per-booking advisory lock so two transactions cannot both credit
 *   from stale reads) and applies the difference.
 * - `ticket_type_money`: revenue and refunded per ticket type (the event stats), 8 shards.
 * - `event_money`: paid payments' amounts and completed refunds' amounts per event and currency
 *   (the overview; the event's refunded total), 8 shards.
 * - `sales_hours`: bookings confirmed per UTC hour of `confirmed_at`; `sales_type_hours`: per
 *   ticket type too, with seats and `quantity * unit_price`; `refund_hours`: completed refunds'
 *   amounts per UTC hour of `completed_at`. Not sharded: every write to them already holds the
 *   event's row (a sale moves its `sold`/`held`), so shards would not spread the wait, only
 *   multiply the rows a series reads.
 * - `booking_status_counts`: bookings per event and status, 8 shards (the overview counts them
 *   without reading every booking).
 * Lock order. The money triggers and the one that moves a booking's confirmation are deferred to
 * commit, so a transaction takes counter rows after every row lock its statements took (a
 * confirmation updates the booking before the event's row; a box-office sale locks the event's row
 * before its payment): no cycle with the event's row. At commit: event_money, the booking's
 * advisory lock, booking_money, ticket_type_money, refund_hours; booking_status_counts. The insert triggers (a booking
 * confirmed at once, its items) run in the statement, after the hold took the event's row.
 * Existing rows are counted in. `test/setup/db.ts` recomputes every counter from the rows after the
 * race tests.
 */
export class MoneyCounters1796300000000 implements MigrationInterface {
  name = 'MoneyCounters1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE booking_money (
      booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
      ticket_type_id uuid NOT NULL,
      revenue bigint NOT NULL DEFAULT 0,
      refunded bigint NOT NULL DEFAULT 0,
      CONSTRAINT booking_money_pkey PRIMARY KEY (booking_id, ticket_type_id))`);
    await q.query(`CREATE TABLE ticket_type_money (
      ticket_type_id uuid NOT NULL REFERENCES ticket_types (id) ON DELETE CASCADE,
      shard smallint NOT NULL,
      event_id uuid NOT NULL,
      revenue bigint NOT NULL DEFAULT 0,
      refunded bigint NOT NULL DEFAULT 0,
      CONSTRAINT ticket_type_money_pkey PRIMARY KEY (ticket_type_id, shard))`);
    await q.query(`CREATE INDEX ticket_type_money_event_idx ON ticket_type_money (event_id)`);
    await q.query(`CREATE TABLE event_money (
      event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      currency character(3) NOT NULL,
      shard smallint NOT NULL,
      revenue bigint NOT NULL DEFAULT 0,
      refunded bigint NOT NULL DEFAULT 0,
      CONSTRAINT event_money_pkey PRIMARY KEY (event_id, currency, shard))`);
    await q.query(`CREATE TABLE sales_hours (
      event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      hour timestamptz NOT NULL,
      bookings integer NOT NULL DEFAULT 0,
      CONSTRAINT sales_hours_pkey PRIMARY KEY (event_id, hour))`);
    await q.query(`CREATE TABLE sales_type_hours (
      event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      hour timestamptz NOT NULL,
      ticket_type_id uuid NOT NULL,
      bookings integer NOT NULL DEFAULT 0,
      tickets integer NOT NULL DEFAULT 0,
      revenue bigint NOT NULL DEFAULT 0,
      CONSTRAINT sales_type_hours_pkey PRIMARY KEY (event_id, hour, ticket_type_id))`);
    await q.query(`CREATE TABLE refund_hours (
      event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      hour timestamptz NOT NULL,
      refunded bigint NOT NULL DEFAULT 0,
      CONSTRAINT refund_hours_pkey PRIMARY KEY (event_id, hour))`);
    await q.query(`CREATE TABLE booking_status_counts (
      event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      status varchar(24) NOT NULL,
      shard smallint NOT NULL,
      bookings integer NOT NULL DEFAULT 0,
      CONSTRAINT booking_status_counts_pkey PRIMARY KEY (event_id, status, shard))`);
    // The edges of a series not on an hour are read from the rows: these keep that to one hour's rows.
    await q.query(`CREATE INDEX bookings_event_confirmed_idx ON bookings (event_id, confirmed_at) WHERE confirmed_at IS NOT NULL`);
    await q.query(`CREATE INDEX refunds_completed_idx ON refunds (completed_at) WHERE status = 'completed'`);

    await q.query(`CREATE FUNCTION booking_money_sync(bid uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE ev uuid;
      BEGIN
        SELECT event_id INTO ev FROM bookings WHERE id = bid;
        IF ev IS NULL THEN RETURN; END IF;
        -- Serialises the recomputations of one booking; each statement below then reads what the
        -- previous holder committed (read committed: a fresh snapshot per statement).
        PERFORM pg_advisory_xact_lock(1796299000, hashtext(bid::text));
        WITH fresh AS (${BOOKING_MONEY_SQL}),
             delta AS (
               SELECT COALESCE(f.ticket_type_id, o.ticket_type_id) AS ticket_type_id,
                      COALESCE(f.revenue, 0) AS revenue, COALESCE(f.refunded, 0) AS refunded,
                      COALESCE(f.revenue, 0) - COALESCE(o.revenue, 0) AS d_revenue, COALESCE(f.refunded, 0) - COALESCE(o.refunded, 0) AS d_refunded
                 FROM fresh f FULL JOIN (SELECT * FROM booking_money WHERE booking_id = bid) o ON o.ticket_type_id = f.ticket_type_id),
             changed AS (SELECT * FROM delta WHERE d_revenue <> 0 OR d_refunded <> 0),
             saved AS (
               INSERT INTO booking_money AS m (booking_id, ticket_type_id, revenue, refunded)
               SELECT bid, ticket_type_id, revenue, refunded FROM changed ORDER BY ticket_type_id
               ON CONFLICT (booking_id, ticket_type_id) DO UPDATE SET revenue = EXCLUDED.revenue, refunded = EXCLUDED.refunded)
        INSERT INTO ticket_type_money AS c (ticket_type_id, shard, event_id, revenue, refunded)
        SELECT ticket_type_id, attendance_shard(bid), ev, d_revenue, d_refunded FROM changed ORDER BY ticket_type_id
        ON CONFLICT (ticket_type_id, shard) DO UPDATE SET revenue = c.revenue + EXCLUDED.revenue, refunded = c.refunded + EXCLUDED.refunded;
      END $$`);

    await q.query(`CREATE FUNCTION payments_money_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE o_paid boolean := false; n_paid boolean := false; ev uuid;
      BEGIN
        IF TG_OP <> 'INSERT' THEN o_paid := OLD.status IN ${PAID}; END IF;
        IF TG_OP <> 'DELETE' THEN n_paid := NEW.status IN ${PAID}; END IF;
        IF TG_OP = 'UPDATE' AND (o_paid, OLD.amount, OLD.currency, OLD.booking_id) IS NOT DISTINCT FROM (n_paid, NEW.amount, NEW.currency, NEW.booking_id) THEN
          RETURN NULL;
        END IF;
        IF o_paid THEN
          SELECT event_id INTO ev FROM bookings WHERE id = OLD.booking_id;
          INSERT INTO event_money AS m (event_id, currency, shard, revenue) VALUES (ev, OLD.currency, attendance_shard(OLD.id), -OLD.amount)
          ON CONFLICT (event_id, currency, shard) DO UPDATE SET revenue = m.revenue + EXCLUDED.revenue;
        END IF;
        IF n_paid THEN
          SELECT event_id INTO ev FROM bookings WHERE id = NEW.booking_id;
          INSERT INTO event_money AS m (event_id, currency, shard, revenue) VALUES (ev, NEW.currency, attendance_shard(NEW.id), NEW.amount)
          ON CONFLICT (event_id, currency, shard) DO UPDATE SET revenue = m.revenue + EXCLUDED.revenue;
        END IF;
        IF o_paid THEN PERFORM booking_money_sync(OLD.booking_id); END IF;
        IF n_paid AND (NOT o_paid OR NEW.booking_id <> OLD.booking_id) THEN PERFORM booking_money_sync(NEW.booking_id); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER payments_money_count AFTER INSERT OR UPDATE OF status, amount, currency, booking_id OR DELETE ON payments
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION payments_money_count()`);

    await q.query(`CREATE FUNCTION refunds_money_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE o_done boolean := false; n_done boolean := false; ev uuid;
      BEGIN
        IF TG_OP <> 'INSERT' THEN o_done := OLD.status = 'completed'; END IF;
        IF TG_OP <> 'DELETE' THEN n_done := NEW.status = 'completed'; END IF;
        IF NOT o_done AND NOT n_done THEN RETURN NULL; END IF;
        IF TG_OP = 'UPDATE' AND (o_done, OLD.amount, OLD.currency, OLD.booking_id, OLD.kind, OLD.ticket_ids, OLD.completed_at)
                                IS NOT DISTINCT FROM (n_done, NEW.amount, NEW.currency, NEW.booking_id, NEW.kind, NEW.ticket_ids, NEW.completed_at) THEN
          RETURN NULL;
        END IF;
        IF o_done THEN
          SELECT event_id INTO ev FROM bookings WHERE id = OLD.booking_id;
          INSERT INTO event_money AS m (event_id, currency, shard, refunded) VALUES (ev, OLD.currency, attendance_shard(OLD.id), -OLD.amount)
          ON CONFLICT (event_id, currency, shard) DO UPDATE SET refunded = m.refunded + EXCLUDED.refunded;
        END IF;
        IF n_done THEN
          SELECT event_id INTO ev FROM bookings WHERE id = NEW.booking_id;
          INSERT INTO event_money AS m (event_id, currency, shard, refunded) VALUES (ev, NEW.currency, attendance_shard(NEW.id), NEW.amount)
          ON CONFLICT (event_id, currency, shard) DO UPDATE SET refunded = m.refunded + EXCLUDED.refunded;
        END IF;
        -- The per-type split changes unless only the completion time moved.
        IF TG_OP <> 'UPDATE' OR (o_done, OLD.amount, OLD.booking_id, OLD.kind, OLD.ticket_ids) IS DISTINCT FROM (n_done, NEW.amount, NEW.booking_id, NEW.kind, NEW.ticket_ids) THEN
          IF o_done THEN PERFORM booking_money_sync(OLD.booking_id); END IF;
          IF n_done AND (NOT o_done OR NEW.booking_id <> OLD.booking_id) THEN PERFORM booking_money_sync(NEW.booking_id); END IF;
        END IF;
        IF o_done AND OLD.completed_at IS NOT NULL THEN
          SELECT event_id INTO ev FROM bookings WHERE id = OLD.booking_id;
          UPDATE refund_hours SET refunded = refunded - OLD.amount
           WHERE event_id = ev AND hour = date_trunc('hour', OLD.completed_at, 'UTC');
        END IF;
        IF n_done AND NEW.completed_at IS NOT NULL THEN
          SELECT event_id INTO ev FROM bookings WHERE id = NEW.booking_id;
          INSERT INTO refund_hours AS h (event_id, hour, refunded) VALUES (ev, date_trunc('hour', NEW.completed_at, 'UTC'), NEW.amount)
          ON CONFLICT (event_id, hour) DO UPDATE SET refunded = h.refunded + EXCLUDED.refunded;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER refunds_money_count AFTER INSERT OR UPDATE OF status, amount, currency, booking_id, kind, ticket_ids, completed_at OR DELETE ON refunds
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refunds_money_count()`);

    // A booking's items are counted by the items' trigger when they are inserted (the booking
    // exists first, whether in an earlier statement or earlier in the same one), and moved by the
    // booking's trigger when its confirmation time changes; a deleted booking takes them out
    // before the cascade removes them.
    await q.query(`CREATE FUNCTION sales_hours_add(ev uuid, at timestamptz, bid uuid, sign int, with_items boolean) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO sales_hours AS h (event_id, hour, bookings) VALUES (ev, date_trunc('hour', at, 'UTC'), sign)
        ON CONFLICT (event_id, hour) DO UPDATE SET bookings = h.bookings + EXCLUDED.bookings;
        IF with_items THEN
          INSERT INTO sales_type_hours AS h (event_id, hour, ticket_type_id, bookings, tickets, revenue)
          SELECT ev, date_trunc('hour', at, 'UTC'), bi.ticket_type_id, sign, sign * bi.quantity, sign * bi.quantity * bi.unit_price
            FROM booking_items bi WHERE bi.booking_id = bid ORDER BY bi.ticket_type_id
          ON CONFLICT (event_id, hour, ticket_type_id) DO UPDATE
            SET bookings = h.bookings + EXCLUDED.bookings, tickets = h.tickets + EXCLUDED.tickets, revenue = h.revenue + EXCLUDED.revenue;
        END IF;
      END $$`);
    await q.query(`CREATE FUNCTION bookings_sales_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NEW.confirmed_at IS NOT NULL THEN PERFORM sales_hours_add(NEW.event_id, NEW.confirmed_at, NEW.id, 1, false); END IF;
          RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' AND (date_trunc('hour', OLD.confirmed_at, 'UTC'), OLD.event_id) IS NOT DISTINCT FROM (date_trunc('hour', NEW.confirmed_at, 'UTC'), NEW.event_id) THEN
          RETURN NULL;
        END IF;
        IF OLD.confirmed_at IS NOT NULL THEN PERFORM sales_hours_add(OLD.event_id, OLD.confirmed_at, OLD.id, -1, true); END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        IF NEW.confirmed_at IS NOT NULL THEN PERFORM sales_hours_add(NEW.event_id, NEW.confirmed_at, NEW.id, 1, true); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER bookings_sales_count AFTER INSERT ON bookings FOR EACH ROW EXECUTE FUNCTION bookings_sales_count()`);
    await q.query(`CREATE CONSTRAINT TRIGGER bookings_sales_move AFTER UPDATE OF confirmed_at, event_id ON bookings
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bookings_sales_count()`);
    await q.query(`CREATE TRIGGER bookings_sales_uncount BEFORE DELETE ON bookings FOR EACH ROW EXECUTE FUNCTION bookings_sales_count()`);
    await q.query(`CREATE FUNCTION booking_items_sales_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE b record;
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          SELECT event_id, confirmed_at INTO b FROM bookings WHERE id = OLD.booking_id;
          IF b.confirmed_at IS NOT NULL THEN
            UPDATE sales_type_hours SET bookings = bookings - 1, tickets = tickets - OLD.quantity, revenue = revenue - OLD.quantity * OLD.unit_price
             WHERE event_id = b.event_id AND hour = date_trunc('hour', b.confirmed_at, 'UTC') AND ticket_type_id = OLD.ticket_type_id;
          END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          SELECT event_id, confirmed_at INTO b FROM bookings WHERE id = NEW.booking_id;
          IF b.confirmed_at IS NOT NULL THEN
            INSERT INTO sales_type_hours AS h (event_id, hour, ticket_type_id, bookings, tickets, revenue)
            VALUES (b.event_id, date_trunc('hour', b.confirmed_at, 'UTC'), NEW.ticket_type_id, 1, NEW.quantity, NEW.quantity * NEW.unit_price)
            ON CONFLICT (event_id, hour, ticket_type_id) DO UPDATE
              SET bookings = h.bookings + 1, tickets = h.tickets + EXCLUDED.tickets, revenue = h.revenue + EXCLUDED.revenue;
          END IF;
        END IF;
        -- Items never change once a booking is paid; if they do, its money follows.
        IF TG_OP <> 'INSERT' THEN PERFORM booking_money_sync(OLD.booking_id); END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER booking_items_sales_count AFTER INSERT OR UPDATE OR DELETE ON booking_items FOR EACH ROW EXECUTE FUNCTION booking_items_sales_count()`,
    );

    await q.query(`CREATE FUNCTION bookings_status_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (OLD.status, OLD.event_id) IS NOT DISTINCT FROM (NEW.status, NEW.event_id) THEN RETURN NULL; END IF;
        IF TG_OP <> 'INSERT' THEN
          UPDATE booking_status_counts SET bookings = bookings - 1 WHERE event_id = OLD.event_id AND status = OLD.status AND shard = attendance_shard(OLD.id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO booking_status_counts AS c (event_id, status, shard, bookings) VALUES (NEW.event_id, NEW.status, attendance_shard(NEW.id), 1)
          ON CONFLICT (event_id, status, shard) DO UPDATE SET bookings = c.bookings + 1;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER bookings_status_count AFTER INSERT OR UPDATE OF status, event_id OR DELETE ON bookings
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bookings_status_count()`);

    await backfillMoneyCounters(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER bookings_status_count ON bookings`);
    await q.query(`DROP FUNCTION bookings_status_count()`);
    await q.query(`DROP TRIGGER booking_items_sales_count ON booking_items`);
    await q.query(`DROP FUNCTION booking_items_sales_count()`);
    await q.query(`DROP TRIGGER bookings_sales_uncount ON bookings`);
    await q.query(`DROP TRIGGER bookings_sales_move ON bookings`);
    await q.query(`DROP TRIGGER bookings_sales_count ON bookings`);
    await q.query(`DROP FUNCTION bookings_sales_count()`);
    await q.query(`DROP FUNCTION sales_hours_add(uuid, timestamptz, uuid, int, boolean)`);
    await q.query(`DROP TRIGGER refunds_money_count ON refunds`);
    await q.query(`DROP FUNCTION refunds_money_count()`);
    await q.query(`DROP TRIGGER payments_money_count ON payments`);
    await q.query(`DROP FUNCTION payments_money_count()`);
    await q.query(`DROP FUNCTION booking_money_sync(uuid)`);
    await q.query(`DROP INDEX refunds_completed_idx`);
    await q.query(`DROP INDEX bookings_event_confirmed_idx`);
    for (const table of ['booking_status_counts', 'refund_hours', 'sales_type_hours', 'sales_hours', 'event_money', 'ticket_type_money', 'booking_money'])
      await q.query(`DROP TABLE ${table}`);
  }
}

/**
 * Fills the money and sales counters from the rows (the counters must be empty, or hold only what
 * the rows do not: the bench seeds with the triggers off, then calls this for its event).
 * `eventFilter` is a condition on `b` (bookings), e.g. `b.event_id = '…'`.
 */
export async function backfillMoneyCounters(q: { query(sql: string): Promise<unknown> }, eventFilter = 'true'): Promise<void> {
  await q.query(`INSERT INTO booking_money (booking_id, ticket_type_id, revenue, refunded) ${bookingsMoneySql(eventFilter)}`);
  await q.query(`INSERT INTO ticket_type_money (ticket_type_id, shard, event_id, revenue, refunded)
    SELECT m.ticket_type_id, attendance_shard(b.id), b.event_id, sum(m.revenue), sum(m.refunded)
      FROM booking_money m JOIN bookings b ON b.id = m.booking_id WHERE ${eventFilter} GROUP BY 1, 2, 3`);
  await q.query(`INSERT INTO event_money (event_id, currency, shard, revenue, refunded)
    SELECT event_id, currency, shard, sum(revenue), sum(refunded) FROM (
      SELECT b.event_id, p.currency, attendance_shard(p.id) AS shard, p.amount AS revenue, 0 AS refunded
        FROM payments p JOIN bookings b ON b.id = p.booking_id WHERE ${eventFilter} AND p.status IN ${PAID}
      UNION ALL
      SELECT b.event_id, r.currency, attendance_shard(r.id), 0, r.amount
        FROM refunds r JOIN bookings b ON b.id = r.booking_id WHERE ${eventFilter} AND r.status = 'completed') x
     GROUP BY 1, 2, 3`);
  await q.query(`INSERT INTO booking_status_counts (event_id, status, shard, bookings)
    SELECT b.event_id, b.status, attendance_shard(b.id), count(*) FROM bookings b WHERE ${eventFilter} GROUP BY 1, 2, 3`);
  await q.query(`INSERT INTO sales_hours (event_id, hour, bookings)
    SELECT b.event_id, date_trunc('hour', b.confirmed_at, 'UTC'), count(*)
      FROM bookings b WHERE ${eventFilter} AND b.confirmed_at IS NOT NULL GROUP BY 1, 2`);
  await q.query(`INSERT INTO sales_type_hours (event_id, hour, ticket_type_id, bookings, tickets, revenue)
    SELECT b.event_id, date_trunc('hour', b.confirmed_at, 'UTC'), bi.ticket_type_id, count(*), sum(bi.quantity), sum(bi.quantity * bi.unit_price)
      FROM bookings b JOIN booking_items bi ON bi.booking_id = b.id WHERE ${eventFilter} AND b.confirmed_at IS NOT NULL GROUP BY 1, 2, 3`);
  await q.query(`INSERT INTO refund_hours (event_id, hour, refunded)
    SELECT b.event_id, date_trunc('hour', r.completed_at, 'UTC'), sum(r.amount)
      FROM refunds r JOIN bookings b ON b.id = r.booking_id WHERE ${eventFilter} AND r.status = 'completed' AND r.completed_at IS NOT NULL GROUP BY 1, 2`);
}
