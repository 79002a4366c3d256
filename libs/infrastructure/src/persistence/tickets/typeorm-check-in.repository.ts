import { Injectable } from '@nestjs/common';
import { PAID_BOOKING_STATUSES } from '@app/bookings';
import { Page, PageRequest } from '@app/shared';
import {
  Attendance,
  CheckInRepository,
  FeedEvent,
  FeedSnapshot,
  FeedTicketRow,
  ScanAlreadyRecorded,
  ScanAttempt,
  ScanDirection,
  Scanner,
  ScanFacts,
  ScanLogFilter,
  ScanRecord,
  ScanResult,
  ScanTicket,
  SCANNABLE_EVENT_STATUSES,
  TicketRef,
} from '@app/tickets';
import { DatabaseContext } from '../database-context.js';
import { fetchSqlPage, SqlConditions } from '../keyset.js';
import { isConstraintViolation, PgErrorCode } from '../pg-errors.js';
import { scanWindowOpenSql, statusInSql } from '../rules.sql.js';
import type { EventsRow } from '../schema.js';
import { CheckInRow, FeedRow, ScanTicketRow, toFeedTicketRow, toScanRecord, toScanTicket } from './check-in.mapper.js';

/** The scan's facts: the ticket when one matched, and its event's columns (null when there is no such event). */
interface FactsRow extends Partial<ScanTicketRow> {
  e_id: EventsRow['id'] | null;
  e_status: EventsRow['status'] | null;
  e_starts_at: EventsRow['starts_at'] | null;
  e_ends_at: EventsRow['ends_at'] | null;
}

/** The columns of a {@link ScanTicketRow}, over `t` (tickets), `tt` (its ticket type) and `b` (its booking). */
const SCAN_TICKET_COLUMNS = `t.id, t.event_id, t.ticket_type_id, tt.name AS ticket_type_name, t.holder_name, t.version, t.status,
  t.checked_in_at, t.checked_in_gate, b.status AS booking_status, t.entries, t.exits, tt.reentry`;

/** The unique indexes that make a client scan id idempotent (per user, per device). */
const CLIENT_SCAN_KEYS = ['check_ins_client_scan_key', 'check_ins_device_client_scan_key'];

/** The scan-log columns an attempt fills, in the order of {@link attemptParams}. */
const LOG_COLUMNS = 'id, event_id, scanner_id, scanner_device_id, direction, gate, device_id, client_scan_id, code, scanned_at, offline';

/** `$1..$11` for {@link LOG_COLUMNS}: `$1` scan id, `$2` event, `$3` user, `$4` device, `$5` direction, `$6` gate, `$10` time. */
function attemptParams(a: ScanAttempt): unknown[] {
  return [a.scanId, a.eventId, a.scanner.userId, a.scanner.deviceId, a.direction, a.gate, a.deviceId, a.clientScanId, a.code, a.at, a.offline];
}

const LOG_VALUES = '$1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::varchar, $6::varchar, $7::varchar, $8::varchar, $9::varchar, $10::timestamptz, $11::boolean';

/** The WHERE condition on `t` (tickets) for a reference, with its parameters appended to `params`. */
function refCondition(ref: TicketRef, params: unknown[]): string {
  if (ref.by === 'payload') return `t.id = $${params.push(ref.ticketId)}::uuid`;
  return `t.code = $${params.push(ref.code)}::varchar`;
}

/**
 * Check-ins in PostgreSQL. `admit` is the whole decision for an admitted scan in ONE statement:
 * the conditional UPDATE of the ticket (status, version, booking paid, event window) and the
 * scan-log INSERT in a data-modifying CTE, so they commit together and two concurrent scans of a
 * ticket cannot both match `status = 'valid'` (the second re-checks the updated row and gets none).
 * A partial unique index (`check_ins_one_ok_key`) keeps at most one `ok` per ticket in the log.
 */
@Injectable()
export class TypeOrmCheckInRepository extends CheckInRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async admit(attempt: ScanAttempt, ref: TicketRef, opensBeforeMs: number): Promise<ScanTicket | null> {
    const params = attemptParams(attempt);
    const version = ref.by === 'payload' ? `AND t.version = $${params.push(ref.version)}::int` : '';
    const where = refCondition(ref, params);
    const update =
      attempt.direction === ScanDirection.Exit
        ? `UPDATE tickets t SET exits = t.exits + 1, updated_at = now()
             FROM bookings b, ticket_types tt
            WHERE ${where} ${version} AND t.event_id = $2::uuid AND t.entries > t.exits
              AND b.id = t.booking_id AND tt.id = t.ticket_type_id
           RETURNING ${SCAN_TICKET_COLUMNS}, t.exits AS passage`
        : `UPDATE tickets t
              SET status = 'checked_in', entries = t.entries + 1, updated_at = now(),
                  checked_in_at = CASE WHEN t.status = 'valid' THEN $10::timestamptz ELSE t.checked_in_at END,
                  checked_in_gate = CASE WHEN t.status = 'valid' THEN $6::varchar ELSE t.checked_in_gate END,
                  checked_in_by = CASE WHEN t.status = 'valid' THEN $3::uuid ELSE t.checked_in_by END,
                  checked_in_device = CASE WHEN t.status = 'valid' THEN coalesce($4::uuid::varchar, $7::varchar) ELSE t.checked_in_device END
             FROM events e, bookings b, ticket_types tt
            WHERE ${where} ${version} AND t.event_id = $2::uuid AND t.entries = t.exits
              AND (t.status = 'valid' OR (t.status = 'checked_in' AND tt.reentry))
              AND e.id = t.event_id AND ${scanWindowOpenSql('e', `$${params.push(SCANNABLE_EVENT_STATUSES)}`, '$10', `$${params.push(opensBeforeMs)}`)}
              AND b.id = t.booking_id AND ${statusInSql('b', `$${params.push(PAID_BOOKING_STATUSES)}`)}
              AND tt.id = t.ticket_type_id
           RETURNING ${SCAN_TICKET_COLUMNS}, t.entries AS passage`;
    const { rows } = await this.guard(attempt, () =>
      this.db.sql<ScanTicketRow & { passage: number }>(
        `WITH hit AS (${update}),
         log AS (
           INSERT INTO check_ins (${LOG_COLUMNS}, ticket_id, result, passage)
           SELECT ${LOG_VALUES}, hit.id, 'ok', hit.passage FROM hit)
         SELECT * FROM hit`,
        params,
        { name: 'check_in_admit' },
      ),
    );
    return rows[0] ? toScanTicket(rows[0]) : null;
  }

  async admitEarlier(attempt: ScanAttempt, ref: TicketRef): Promise<ScanTicket | null> {
    const params: unknown[] = [attempt.eventId, attempt.at, attempt.gate, attempt.scanner.userId, attempt.scanner.deviceId ?? attempt.deviceId];
    const version = ref.by === 'payload' ? `AND t.version = $${params.push(ref.version)}::int` : '';
    const where = refCondition(ref, params);
    const { rows } = await this.db.sql<ScanTicketRow>(
      `UPDATE tickets t
          SET checked_in_at = $2::timestamptz, checked_in_gate = $3::varchar, checked_in_by = $4::uuid, checked_in_device = $5::varchar, updated_at = now()
         FROM ticket_types tt, bookings b
        WHERE ${where} ${version} AND t.event_id = $1::uuid AND t.status = 'checked_in' AND t.checked_in_at > $2::timestamptz
          AND t.entries = 1 AND t.exits = 0
          AND tt.id = t.ticket_type_id AND b.id = t.booking_id
       RETURNING ${SCAN_TICKET_COLUMNS}`,
      params,
    );
    const ticket = rows[0];
    if (!ticket) return null;
    await this.db.sql(
      `UPDATE check_ins SET result = 'already_checked_in', passage = NULL, superseded_by = $2 WHERE ticket_id = $1 AND result = 'ok' AND direction = 'entry' AND passage = 1`,
      [ticket.id, attempt.scanId],
    );
    await this.guard(attempt, () => this.insert(attempt, ScanResult.Ok, ticket.id, 1));
    return toScanTicket(ticket);
  }

  async lockTicket(eventId: string, ref: TicketRef): Promise<void> {
    const params: unknown[] = [eventId];
    await this.db.sql(`SELECT 1 FROM tickets t WHERE t.event_id = $1::uuid AND ${refCondition(ref, params)} FOR UPDATE`, params);
  }

  async facts(eventId: string, ref: TicketRef | null): Promise<ScanFacts> {
    const params: unknown[] = [eventId];
    const join = ref ? refCondition(ref, params) : 'false';
    const { rows } = await this.db.sql<FactsRow>(
      `SELECT e.id AS e_id, e.status AS e_status, e.starts_at AS e_starts_at, e.ends_at AS e_ends_at, ${SCAN_TICKET_COLUMNS}
         FROM (SELECT 1) AS one
         LEFT JOIN events e ON e.id = $1::uuid
         LEFT JOIN tickets t ON ${join}
         LEFT JOIN ticket_types tt ON tt.id = t.ticket_type_id
         LEFT JOIN bookings b ON b.id = t.booking_id`,
      params,
    );
    const row = rows[0]!;
    return {
      event: row.e_id ? { id: row.e_id, status: row.e_status!, startsAt: row.e_starts_at!, endsAt: row.e_ends_at! } : null,
      ticket: row.id ? toScanTicket(row as ScanTicketRow) : null,
    };
  }

  async ticketsFacts(ticketIds: string[]): Promise<ScanTicket[]> {
    const { rows } = await this.db.sql<ScanTicketRow>(
      `SELECT ${SCAN_TICKET_COLUMNS}
         FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id JOIN bookings b ON b.id = t.booking_id
        WHERE t.id = ANY($1::uuid[])`,
      [ticketIds],
    );
    return rows.map(toScanTicket);
  }

  async record(attempt: ScanAttempt, result: ScanResult, ticketId: string | null): Promise<ScanRecord | null> {
    const row = await this.guard(attempt, () => this.insert(attempt, result, ticketId));
    return row ? toScanRecord(row) : null;
  }

  async findByClientScanIds(eventId: string, scanner: Scanner, clientScanIds: string[]): Promise<ScanRecord[]> {
    if (clientScanIds.length === 0) return [];
    const column = scanner.deviceId ? 'scanner_device_id' : 'scanner_id';
    const { rows } = await this.db.sql<CheckInRow>(`SELECT * FROM check_ins WHERE event_id = $1 AND ${column} = $2 AND client_scan_id = ANY($3::varchar[])`, [
      eventId,
      scanner.deviceId ?? scanner.userId,
      clientScanIds,
    ]);
    return rows.map(toScanRecord);
  }

  async list(eventId: string, filter: ScanLogFilter, page: PageRequest): Promise<Page<ScanRecord>> {
    const where = new SqlConditions();
    where.and(`event_id = ${where.param(eventId)}`);
    if (filter.result) where.and(`result = ${where.param(filter.result)}`);
    if (filter.ticketId) where.and(`ticket_id = ${where.param(filter.ticketId)}`);
    return fetchSqlPage(this.db, 'SELECT * FROM check_ins', 'id', where, page, (rows: CheckInRow[]) => rows.map(toScanRecord));
  }

  async attendance(eventId: string): Promise<Attendance> {
    // Counters kept by triggers (migration AttendanceCounters): at most 8 shard rows a ticket
    // type, hour or gate, whatever the event's size.
    const types = await this.db.sql<{ id: string; name: string; valid: string; checked_in: string; inside: string }>(
      `SELECT tt.id, tt.name, COALESCE(sum(c.valid), 0) AS valid, COALESCE(sum(c.checked_in), 0) AS checked_in, COALESCE(sum(c.inside), 0) AS inside
         FROM ticket_types tt LEFT JOIN attendance_counters c ON c.ticket_type_id = tt.id
        WHERE tt.event_id = $1
        GROUP BY tt.id, tt.name, tt.created_at ORDER BY tt.created_at, tt.id`,
      [eventId],
    );
    const hours = await this.db.sql<{ hour: Date; checked_in: string }>(
      `SELECT hour, sum(checked_in) AS checked_in FROM check_in_hours WHERE event_id = $1 GROUP BY hour HAVING sum(checked_in) > 0 ORDER BY hour`,
      [eventId],
    );
    const gates = await this.db.sql<{ gate: string | null; entries: string; exits: string }>(
      `SELECT gate, sum(entries) AS entries, sum(exits) AS exits FROM gate_counters WHERE event_id = $1
        GROUP BY gate HAVING sum(entries) > 0 OR sum(exits) > 0 ORDER BY gate NULLS LAST`,
      [eventId],
    );
    const ticketTypes = types.rows.map((r) => {
      const valid = Number(r.valid);
      const checkedIn = Number(r.checked_in);
      return { ticketTypeId: r.id, name: r.name, valid, checkedIn, notYetIn: valid - checkedIn, inside: Number(r.inside) };
    });
    const sum = (pick: (t: (typeof ticketTypes)[number]) => number) => ticketTypes.reduce((n, t) => n + pick(t), 0);
    const valid = sum((t) => t.valid);
    const checkedIn = sum((t) => t.checkedIn);
    return {
      eventId,
      valid,
      checkedIn,
      notYetIn: valid - checkedIn,
      inside: sum((t) => t.inside),
      ticketTypes,
      gates: gates.rows.map((g) => ({ gate: g.gate, entries: Number(g.entries), exits: Number(g.exits) })),
      byHour: hours.rows.map((h) => ({ hour: new Date(h.hour), checkedIn: Number(h.checked_in) })),
    };
  }

  async feedEvent(eventId: string): Promise<FeedEvent | null> {
    const { rows } = await this.db.sql<{ id: string; title: string; status: string; starts_at: Date; ends_at: Date }>(
      'SELECT id, title, status, starts_at, ends_at FROM events WHERE id = $1',
      [eventId],
    );
    const e = rows[0];
    return e ? { id: e.id, title: e.title, status: e.status, startsAt: e.starts_at, endsAt: e.ends_at } : null;
  }

  async feedPage(
    eventId: string,
    window: { since: string; pending: string[] },
    after: { xid: string; id: string } | null,
    limit: number,
  ): Promise<{ rows: FeedTicketRow[]; snapshot: FeedSnapshot }> {
    const params: unknown[] = [eventId, window.since, window.pending, limit];
    const keyset = after ? `AND (t.changed_xid, t.id) > ($${params.push(after.xid)}::bigint, $${params.push(after.id)}::uuid)` : '';
    // One statement, one snapshot: the bounds read here are those these rows were read under.
    const { rows } = await this.db.sql<FeedRow>(
      `WITH snap AS (SELECT pg_current_snapshot() AS s)
       SELECT pg_snapshot_xmax(snap.s)::text AS xmax, ARRAY(SELECT pg_snapshot_xip(snap.s)::text) AS xip, p.*
         FROM snap LEFT JOIN LATERAL (
         SELECT t.id, t.code, t.version, t.status, b.status AS booking_status, t.entries > t.exits AS inside, t.checked_in_at, t.checked_in_gate,
                t.ticket_type_id, tt.name AS ticket_type_name, tt.reentry, t.holder_name, t.changed_xid::text AS changed_xid
           FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id JOIN bookings b ON b.id = t.booking_id
          WHERE t.event_id = $1::uuid AND (t.changed_xid >= $2::bigint OR t.changed_xid = ANY($3::bigint[])) ${keyset}
          ORDER BY t.changed_xid, t.id
          LIMIT $4::int) p ON true`,
      params,
    );
    const { xmax, xip } = rows[0]!;
    return { snapshot: { xmax, xip }, rows: rows.filter((r) => r.id !== null).map(toFeedTicketRow) };
  }

  /** Inserts a scan-log row for an existing event; undefined when the event does not exist. */
  private async insert(attempt: ScanAttempt, result: ScanResult, ticketId: string | null, passage: number | null = null): Promise<CheckInRow | undefined> {
    const { rows } = await this.db.sql<CheckInRow>(
      `INSERT INTO check_ins (${LOG_COLUMNS}, ticket_id, result, passage)
       SELECT $1::uuid, e.id, $3::uuid, $4::uuid, $5::varchar, $6::varchar, $7::varchar, $8::varchar, $9::varchar, $10::timestamptz, $11::boolean,
              $12::uuid, $13::varchar, $14::int
         FROM events e WHERE e.id = $2::uuid
       RETURNING *`,
      [...attemptParams(attempt), ticketId, result, passage],
    );
    return rows[0];
  }

  /** Turns a repeated client scan id into {@link ScanAlreadyRecorded}. */
  private async guard<T>(attempt: ScanAttempt, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (attempt.clientScanId && CLIENT_SCAN_KEYS.some((key) => isConstraintViolation(error, PgErrorCode.UniqueViolation, key))) {
        throw new ScanAlreadyRecorded(attempt.clientScanId);
      }
      throw error;
    }
  }
}
