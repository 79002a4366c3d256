import { TicketStatus } from './ticket.js';

/**
 * One row of an event's attendee list (back office, door lists, CSV export): a ticket with its
 * holder, its type and who bought it. Times are UTC.
 */
export interface EventAttendee {
  ticketId: string;
  /** Human code, `TKT-YYYYMMDD-XXXXXXXX`. */
  code: string;
  status: TicketStatus;
  holderName: string;
  /** The attendee e-mail given at booking or transfer; null when none was given. */
  holderEmail: string | null;
  /** The attendee phone given at booking (E.164); null when none was given. */
  holderPhone: string | null;
  ticketTypeId: string;
  ticketTypeName: string;
  bookingId: string;
  /** The account that bought the booking (not necessarily the holder, after a transfer). */
  buyerName: string;
  buyerEmail: string;
  /** The buyer account's phone (E.164), if any. */
  buyerPhone: string | null;
  /** The booking's team name, if any. */
  teamName: string | null;
  issuedAt: Date;
  checkedInAt: Date | null;
  checkedInGate: string | null;
}

/** Which attendees to list. Without `status`, the current tickets: `valid` and `checked_in`. */
export interface EventAttendeeFilter {
  status?: TicketStatus;
  ticketTypeId?: string;
  /** The booking's team name, case-insensitively. */
  teamName?: string;
  /** Case-insensitive substring of the holder name, holder e-mail, buyer e-mail, team name or ticket code. */
  q?: string;
}

/** The statuses an attendee list shows by default: who may come in, and who came. */
export const CURRENT_TICKET_STATUSES: readonly TicketStatus[] = [TicketStatus.Valid, TicketStatus.CheckedIn];
