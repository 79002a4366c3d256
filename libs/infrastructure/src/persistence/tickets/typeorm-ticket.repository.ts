import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '@app/shared';
import {
  EventAttendee,
  EventAttendeeFilter,
  CURRENT_TICKET_STATUSES,
  NewTicket,
  Ticket,
  TicketDetails,
  TicketFilter,
  TicketHolder,
  TicketLookup,
  TicketRepository,
  TicketStatus,
} from '@app/tickets';
import { DatabaseContext } from '../database-context.js';
import { EmbeddedDataSource } from '../data-source.js';
import { escapeLike, fetchSqlPage, SqlConditions } from '../keyset.js';
import { isConstraintViolation, PgErrorCode } from '../pg-errors.js';
import { ATTENDEE_CSV_SELECT, batchedCsv, copyCsv, inlineParams } from './attendee-csv.js';
import { EventAttendeeRow, DETAILS_SELECT, TicketDetailsRow, TicketRow, toEventAttendee, toTicket, toTicketDetails } from './ticket.mapper.js';

/** The attendee list's tickets with their type, booking and buyer (aliases `t`, `tt`, `b`, `u`). */
const ATTENDEES_FROM = `FROM tickets t
         JOIN ticket_types tt ON tt.id = t.ticket_type_id
         JOIN bookings b ON b.id = t.booking_id
         JOIN users u ON u.id = b.user_id`;

/** The attendee list's filter (see `EventAttendeeFilter`), after the ticket id `after` when given. */
function attendeeConditions(eventId: string, filter: EventAttendeeFilter, after?: string): SqlConditions {
  const where = new SqlConditions();
  where.and(`t.event_id = ${where.param(eventId)}`);
  where.and(`t.status = ANY(${where.param(filter.status ? [filter.status] : CURRENT_TICKET_STATUSES)}::varchar[])`);
  if (filter.ticketTypeId) where.and(`t.ticket_type_id = ${where.param(filter.ticketTypeId)}`);
  if (filter.teamName) where.and(`lower(b.team_name) = lower(${where.param(filter.teamName.trim())})`);
  if (filter.q) {
    const q = where.param(`%${escapeLike(filter.q)}%`);
    where.and(`(t.holder_name ILIKE ${q} OR t.holder_email ILIKE ${q} OR u.email ILIKE ${q} OR b.team_name ILIKE ${q} OR t.code ILIKE ${q})`);
  }
  if (after) where.and(`t.id > ${where.param(after)}`);
  return where;
}

/** Attempts at a fresh code before giving up (a collision is ~1 in 2^40 per pair of codes). */
const CODE_ATTEMPTS = 5;
const CODE_CONSTRAINT = 'tickets_code_key';

/**
 * Tickets in PostgreSQL. Inserts are one multi-row statement (`unnest`) with `ON CONFLICT ON
 * CONSTRAINT tickets_code_key DO NOTHING`, re-coding only the rows that collided; every state change
 * is one conditional `UPDATE … WHERE status = … RETURNING`.
 */
@Injectable()
export class TypeOrmTicketRepository extends TicketRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async insert(tickets: NewTicket[], newCode: () => string): Promise<Ticket[]> {
    const inserted = new Map<string, Ticket>();
    let pending = tickets;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > CODE_ATTEMPTS) throw new Error(`Could not find free ticket codes after ${CODE_ATTEMPTS} attempts`);
      const { rows } = await this.db.sql<TicketRow>(
        `INSERT INTO tickets (id, booking_id, event_id, ticket_type_id, user_id, holder_name, holder_email, seq, code, holder_phone)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::varchar[], $7::varchar[], $8::int[], $9::varchar[], $10::varchar[])
         ON CONFLICT ON CONSTRAINT ${CODE_CONSTRAINT} DO NOTHING
         RETURNING *`,
        [
          pending.map((t) => t.id),
          pending.map((t) => t.bookingId),
          pending.map((t) => t.eventId),
          pending.map((t) => t.ticketTypeId),
          pending.map((t) => t.userId),
          pending.map((t) => t.holderName),
          pending.map((t) => t.holderEmail),
          pending.map((t) => t.seq),
          pending.map(() => newCode()),
          pending.map((t) => t.holderPhone ?? null),
        ],
      );
      for (const row of rows) inserted.set(row.id, toTicket(row));
      pending = pending.filter((t) => !inserted.has(t.id));
    }
    return tickets.map((t) => inserted.get(t.id)!);
  }

  async findById(id: string): Promise<Ticket | null> {
    const { rows } = await this.db.sql<TicketRow>('SELECT * FROM tickets WHERE id = $1', [id]);
    return rows[0] ? toTicket(rows[0]) : null;
  }

  async findDetails(id: string): Promise<TicketDetails | null> {
    const { rows } = await this.db.sql<TicketDetailsRow>(`${DETAILS_SELECT} WHERE t.id = $1`, [id]);
    return rows[0] ? toTicketDetails(rows[0]) : null;
  }

  async lookupByCode(code: string): Promise<TicketLookup | null> {
    const { rows } = await this.db.sql<{ code: string; status: TicketStatus; ticket_type_name: string; title: string; venue: string; starts_at: Date }>(
      `SELECT t.code, t.status, tt.name AS ticket_type_name, e.title, e.venue, e.starts_at
         FROM tickets t
         JOIN ticket_types tt ON tt.id = t.ticket_type_id
         JOIN events e ON e.id = t.event_id
        WHERE t.code = $1`,
      [code],
    );
    const row = rows[0];
    return row
      ? { code: row.code, status: row.status, ticketTypeName: row.ticket_type_name, event: { title: row.title, venue: row.venue, startsAt: row.starts_at } }
      : null;
  }

  async list(filter: TicketFilter, page: PageRequest): Promise<Page<TicketDetails>> {
    const where = new SqlConditions();
    if (filter.userId) where.and(`t.user_id = ${where.param(filter.userId)}`);
    if (filter.eventId) where.and(`t.event_id = ${where.param(filter.eventId)}`);
    if (filter.status) where.and(`t.status = ${where.param(filter.status)}`);
    return fetchSqlPage(this.db, DETAILS_SELECT, 't.id', where, page, (rows: TicketDetailsRow[]) => rows.map(toTicketDetails));
  }

  async listAttendees(eventId: string, filter: EventAttendeeFilter, limit: number, after?: string): Promise<EventAttendee[]> {
    const where = attendeeConditions(eventId, filter, after);
    const { rows } = await this.db.sql<EventAttendeeRow>(
      `SELECT t.id, t.code, t.status, t.holder_name, t.holder_email, t.holder_phone, t.ticket_type_id, tt.name AS ticket_type_name, t.booking_id,
              u.name AS buyer_name, u.email AS buyer_email, u.phone AS buyer_phone, b.team_name, t.issued_at, t.checked_in_at, t.checked_in_gate
         ${ATTENDEES_FROM}
        ${where.clause}
        ORDER BY t.id
        LIMIT ${where.param(limit)}`,
      where.params,
    );
    return rows.map(toEventAttendee);
  }

  /**
   * On PostgreSQL one `COPY … TO STDOUT` (one statement, one snapshot, the CSV written by the
   * server); on the embedded database, whose queries answer whole, keyset batches of
   * {@link listAttendees}. `via` picks one explicitly (tests compare the two).
   */
  async exportAttendeesCsv(
    eventId: string,
    filter: EventAttendeeFilter,
    via: 'copy' | 'batches' = this.db.dataSource instanceof EmbeddedDataSource ? 'batches' : 'copy',
  ): Promise<Readable> {
    if (via === 'batches') return batchedCsv((limit, after) => this.listAttendees(eventId, filter, limit, after));
    const where = attendeeConditions(eventId, filter);
    return copyCsv(this.db, inlineParams(`SELECT ${ATTENDEE_CSV_SELECT} ${ATTENDEES_FROM} ${where.clause} ORDER BY t.id`, where.params));
  }

  async listByBooking(bookingId: string): Promise<Ticket[]> {
    const { rows } = await this.db.sql<TicketRow>('SELECT * FROM tickets WHERE booking_id = $1 ORDER BY seq, version', [bookingId]);
    return rows.map(toTicket);
  }

  async listByBookings(bookingIds: string[]): Promise<Ticket[]> {
    if (bookingIds.length === 0) return [];
    const { rows } = await this.db.sql<TicketRow>('SELECT * FROM tickets WHERE booking_id = ANY($1::uuid[]) ORDER BY booking_id, seq, version', [bookingIds]);
    return rows.map(toTicket);
  }

  async setHolderName(id: string, holderName: string, statuses: TicketStatus[]): Promise<Ticket | null> {
    const { rows } = await this.db.sql<TicketRow>(
      'UPDATE tickets SET holder_name = $2, updated_at = now() WHERE id = $1 AND status = ANY($3::varchar[]) RETURNING *',
      [id, holderName, statuses],
    );
    return rows[0] ? toTicket(rows[0]) : null;
  }

  async cancelValidOfBooking(bookingId: string): Promise<Ticket[]> {
    const { rows } = await this.db.sql<TicketRow>(
      `UPDATE tickets SET status = 'cancelled', updated_at = now() WHERE booking_id = $1 AND status = 'valid' RETURNING *`,
      [bookingId],
    );
    return rows.map(toTicket).sort((a, b) => a.seq - b.seq);
  }

  async markRefunded(bookingId: string, ticketIds?: string[]): Promise<Ticket[]> {
    const { rows } = await this.db.sql<TicketRow>(
      `UPDATE tickets SET status = 'refunded', updated_at = now()
        WHERE booking_id = $1 AND status = 'valid' ${ticketIds ? 'AND id = ANY($2::uuid[])' : ''} RETURNING *`,
      ticketIds ? [bookingId, ticketIds] : [bookingId],
    );
    return rows.map(toTicket).sort((a, b) => a.seq - b.seq);
  }

  async revertRefunded(ticketIds: string[]): Promise<number> {
    if (ticketIds.length === 0) return 0;
    const { rowCount } = await this.db.sql(`UPDATE tickets SET status = 'valid', updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'refunded'`, [
      ticketIds,
    ]);
    return rowCount;
  }

  async reissue(ticketId: string, to: TicketHolder, newCode: () => string): Promise<{ previous: Ticket; issued: Ticket } | null> {
    for (let attempt = 1; ; attempt++) {
      await this.db.sql('SAVEPOINT ticket_reissue');
      try {
        const { rows } = await this.db.sql<TicketRow & { is_new: boolean }>(
          `WITH previous AS (
             UPDATE tickets SET status = 'transferred', replaced_by_ticket_id = $2::uuid, updated_at = now()
              WHERE id = $1 AND status = 'valid' RETURNING *),
           issued AS (
             INSERT INTO tickets (id, booking_id, event_id, ticket_type_id, user_id, holder_name, holder_email, holder_phone, seq, code, version, replaces_ticket_id)
             SELECT $2::uuid, booking_id, event_id, ticket_type_id, $3::uuid, $4::varchar, $5::varchar, $7::varchar, seq, $6::varchar, version + 1, id FROM previous
             RETURNING *)
           SELECT *, false AS is_new FROM previous UNION ALL SELECT *, true AS is_new FROM issued`,
          [ticketId, to.id, to.userId, to.holderName, to.holderEmail, newCode(), to.holderPhone ?? null],
        );
        await this.db.sql('RELEASE SAVEPOINT ticket_reissue');
        const previous = rows.find((r) => !r.is_new);
        const issued = rows.find((r) => r.is_new);
        return previous && issued ? { previous: toTicket(previous), issued: toTicket(issued) } : null;
      } catch (error) {
        await this.db.sql('ROLLBACK TO SAVEPOINT ticket_reissue').catch(() => undefined);
        if (attempt < CODE_ATTEMPTS && isConstraintViolation(error, PgErrorCode.UniqueViolation, CODE_CONSTRAINT)) continue;
        throw error;
      }
    }
  }
}
