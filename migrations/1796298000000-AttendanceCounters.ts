import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attendance in constant time, whatever the event's size: counters kept by triggers in the same
 * statement that changes a ticket or logs a scan, spread over 8 shards a ticket type (a ticket
 * always lands in the shard of its id's hash), so concurrent scans of one type rarely wait on one
 * counter row. Readers add up at most 8 rows a ticket type, gate or hour.
 * - `attendance_counters`: per ticket type, tickets that admit (`valid` or `checked_in`), checked
 *   in, and inside now (`entries > exits`).
 * - `check_in_hours`: first check-ins per UTC hour (a check-in moved by an earlier offline scan moves
 *   hours with it).
 * - `gate_counters`: accepted entries and exits per gate (null: no gate), from the scan log
 *   (an `ok` relabelled `already_checked_in` counts out).
 * Existing rows are counted in. `test/setup/db.ts` recomputes every counter from the rows after
 * the race tests.
 */
export class AttendanceCounters1796298000000 implements MigrationInterface {
  name = 'AttendanceCounters1796298000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE attendance_counters (
      ticket_type_id uuid NOT NULL REFERENCES ticket_types (id) ON DELETE CASCADE,
      shard smallint NOT NULL,
      event_id uuid NOT NULL,
      valid integer NOT NULL DEFAULT 0,
      checked_in integer NOT NULL DEFAULT 0,
      inside integer NOT NULL DEFAULT 0,
      CONSTRAINT attendance_counters_pkey PRIMARY KEY (ticket_type_id, shard))`);
    await q.query(`CREATE INDEX attendance_counters_event_idx ON attendance_counters (event_id)`);
    await q.query(`CREATE TABLE check_in_hours (
      event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      hour timestamptz NOT NULL,
      shard smallint NOT NULL,
      checked_in integer NOT NULL DEFAULT 0,
      CONSTRAINT check_in_hours_pkey PRIMARY KEY (event_id, hour, shard))`);
    await q.query(`CREATE TABLE gate_counters (
      event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      gate varchar(100),
      shard smallint NOT NULL,
      entries integer NOT NULL DEFAULT 0,
      exits integer NOT NULL DEFAULT 0,
      CONSTRAINT gate_counters_key UNIQUE NULLS NOT DISTINCT (event_id, gate, shard))`);

    await q.query(`CREATE FUNCTION attendance_shard(id uuid) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$ SELECT (abs(hashtext(id::text)) % 8)::smallint $$`);
    await q.query(`CREATE FUNCTION tickets_attendance_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        o_valid int := 0; o_in int := 0; o_inside int := 0; o_hour timestamptz;
        n_valid int := 0; n_in int := 0; n_inside int := 0; n_hour timestamptz;
        t record;
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          o_valid := (OLD.status IN ('valid', 'checked_in'))::int; o_in := (OLD.status = 'checked_in')::int;
          o_inside := (OLD.entries > OLD.exits)::int;
          IF OLD.status = 'checked_in' THEN o_hour := date_trunc('hour', OLD.checked_in_at, 'UTC'); END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          n_valid := (NEW.status IN ('valid', 'checked_in'))::int; n_in := (NEW.status = 'checked_in')::int;
          n_inside := (NEW.entries > NEW.exits)::int;
          IF NEW.status = 'checked_in' THEN n_hour := date_trunc('hour', NEW.checked_in_at, 'UTC'); END IF;
          t := NEW;
        ELSE
          t := OLD;
        END IF;
        IF (n_valid, n_in, n_inside) IS DISTINCT FROM (o_valid, o_in, o_inside) THEN
          INSERT INTO attendance_counters AS c (ticket_type_id, shard, event_id, valid, checked_in, inside)
          VALUES (t.ticket_type_id, attendance_shard(t.id), t.event_id, n_valid - o_valid, n_in - o_in, n_inside - o_inside)
          ON CONFLICT (ticket_type_id, shard) DO UPDATE
            SET valid = c.valid + EXCLUDED.valid, checked_in = c.checked_in + EXCLUDED.checked_in, inside = c.inside + EXCLUDED.inside;
        END IF;
        IF o_hour IS DISTINCT FROM n_hour THEN
          IF o_hour IS NOT NULL THEN
            UPDATE check_in_hours SET checked_in = checked_in - 1 WHERE event_id = t.event_id AND hour = o_hour AND shard = attendance_shard(t.id);
          END IF;
          IF n_hour IS NOT NULL THEN
            INSERT INTO check_in_hours AS h (event_id, hour, shard, checked_in) VALUES (t.event_id, n_hour, attendance_shard(t.id), 1)
            ON CONFLICT (event_id, hour, shard) DO UPDATE SET checked_in = h.checked_in + 1;
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER tickets_attendance_count AFTER INSERT OR UPDATE OR DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_attendance_count()`,
    );
    await q.query(`CREATE FUNCTION check_ins_gate_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        o_ok int := 0; n_ok int := 0; r record;
      BEGIN
        IF TG_OP = 'UPDATE' THEN o_ok := (OLD.result = 'ok')::int; END IF;
        n_ok := (NEW.result = 'ok')::int;
        IF n_ok = o_ok THEN RETURN NULL; END IF;
        r := NEW;
        INSERT INTO gate_counters AS g (event_id, gate, shard, entries, exits)
        VALUES (r.event_id, r.gate, attendance_shard(r.id),
                CASE WHEN r.direction = 'entry' THEN n_ok - o_ok ELSE 0 END, CASE WHEN r.direction = 'exit' THEN n_ok - o_ok ELSE 0 END)
        ON CONFLICT (event_id, gate, shard) DO UPDATE SET entries = g.entries + EXCLUDED.entries, exits = g.exits + EXCLUDED.exits;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER check_ins_gate_count AFTER INSERT OR UPDATE OF result ON check_ins FOR EACH ROW EXECUTE FUNCTION check_ins_gate_count()`);

    // What exists already.
    await q.query(`INSERT INTO attendance_counters (ticket_type_id, shard, event_id, valid, checked_in, inside)
      SELECT ticket_type_id, attendance_shard(id), event_id, count(*) FILTER (WHERE status IN ('valid', 'checked_in')),
             count(*) FILTER (WHERE status = 'checked_in'), count(*) FILTER (WHERE entries > exits)
        FROM tickets GROUP BY 1, 2, 3`);
    await q.query(`INSERT INTO check_in_hours (event_id, hour, shard, checked_in)
      SELECT event_id, date_trunc('hour', checked_in_at, 'UTC'), attendance_shard(id), count(*) FROM tickets WHERE status = 'checked_in' GROUP BY 1, 2, 3`);
    await q.query(`INSERT INTO gate_counters (event_id, gate, shard, entries, exits)
      SELECT event_id, gate, attendance_shard(id), count(*) FILTER (WHERE direction = 'entry'), count(*) FILTER (WHERE direction = 'exit')
        FROM check_ins WHERE result = 'ok' GROUP BY 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER check_ins_gate_count ON check_ins`);
    await q.query(`DROP FUNCTION check_ins_gate_count()`);
    await q.query(`DROP TRIGGER tickets_attendance_count ON tickets`);
    await q.query(`DROP FUNCTION tickets_attendance_count()`);
    await q.query(`DROP FUNCTION attendance_shard(uuid)`);
    await q.query(`DROP TABLE gate_counters`);
    await q.query(`DROP TABLE check_in_hours`);
    await q.query(`DROP TABLE attendance_counters`);
  }
}
