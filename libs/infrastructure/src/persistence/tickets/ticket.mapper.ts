import { EventAttendee, Ticket, TicketDetails, TicketStatus } from '@app/tickets';
import { EVENT_SUMMARY_COLUMNS, EventSummaryColumns, toEventSummary } from '../events/event-summary.mapper.js';
import type { BookingsRow, EventsRow, TicketsRow, TicketTypesRow, UsersRow } from '../schema.js';

/** A `tickets` row as `SELECT *` returns it. */
export type TicketRow = TicketsRow;

/** A ticket row joined with its type's name and the event summary (see {@link DETAILS_SELECT}). */
export type TicketDetailsRow = TicketRow & EventSummaryColumns & { ticket_type_name: TicketTypesRow['name']; event_status: EventsRow['status'] };

/** `SELECT` of {@link TicketDetailsRow}s: `t` is tickets; add WHERE/ORDER. */
export const DETAILS_SELECT = `
  SELECT t.*, tt.name AS ticket_type_name, ${EVENT_SUMMARY_COLUMNS}, e.status AS event_status
    FROM tickets t
    JOIN ticket_types tt ON tt.id = t.ticket_type_id
    JOIN events e ON e.id = t.event_id`;

export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    bookingId: row.booking_id,
    eventId: row.event_id,
    ticketTypeId: row.ticket_type_id,
    userId: row.user_id,
    holderName: row.holder_name,
    holderEmail: row.holder_email,
    holderPhone: row.holder_phone,
    seq: row.seq,
    code: row.code,
    version: row.version,
    status: row.status as TicketStatus,
    checkedInAt: row.checked_in_at,
    checkedInGate: row.checked_in_gate,
    checkedInBy: row.checked_in_by,
    checkedInDevice: row.checked_in_device,
    replacesTicketId: row.replaces_ticket_id,
    replacedByTicketId: row.replaced_by_ticket_id,
    issuedAt: row.issued_at,
    updatedAt: row.updated_at,
  };
}

export function toTicketDetails(row: TicketDetailsRow): TicketDetails {
  return {
    ...toTicket(row),
    ticketTypeName: row.ticket_type_name,
    event: { ...toEventSummary(row), status: row.event_status },
  };
}

/** A row of the attendee list query (`TypeOrmTicketRepository.listAttendees`). */
export type EventAttendeeRow = Pick<
  TicketsRow,
  | 'id'
  | 'code'
  | 'status'
  | 'holder_name'
  | 'holder_email'
  | 'holder_phone'
  | 'ticket_type_id'
  | 'booking_id'
  | 'issued_at'
  | 'checked_in_at'
  | 'checked_in_gate'
> &
  Pick<BookingsRow, 'team_name'> & {
    ticket_type_name: TicketTypesRow['name'];
    buyer_name: UsersRow['name'];
    buyer_email: UsersRow['email'];
    buyer_phone: UsersRow['phone'];
  };

export function toEventAttendee(row: EventAttendeeRow): EventAttendee {
  return {
    ticketId: row.id,
    code: row.code,
    status: row.status as TicketStatus,
    holderName: row.holder_name,
    holderEmail: row.holder_email,
    holderPhone: row.holder_phone,
    ticketTypeId: row.ticket_type_id,
    ticketTypeName: row.ticket_type_name,
    bookingId: row.booking_id,
    buyerName: row.buyer_name,
    buyerEmail: row.buyer_email,
    buyerPhone: row.buyer_phone,
    teamName: row.team_name,
    issuedAt: row.issued_at,
    checkedInAt: row.checked_in_at,
    checkedInGate: row.checked_in_gate,
  };
}
