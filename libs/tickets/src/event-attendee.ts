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

/**
 * The attendee CSV export, column by column: the field and its header, in order. The file is
 * RFC 4180 (UTF-8, a header row, CRLF between records, a cell quoted only when it holds a comma, a
 * quote or a line break), times ISO 8601 UTC with milliseconds, an absent value an empty cell. Any
 * text cell starting with one of {@link CSV_FORMULA_PREFIXES} gets a leading `'`.
 */
export const ATTENDEE_CSV_COLUMNS: readonly { key: keyof EventAttendee; header: string }[] = [
  { key: 'ticketId', header: 'ticket_id' },
  { key: 'code', header: 'code' },
  { key: 'status', header: 'status' },
  { key: 'holderName', header: 'holder_name' },
  { key: 'holderEmail', header: 'holder_email' },
  { key: 'holderPhone', header: 'holder_phone' },
  { key: 'ticketTypeName', header: 'ticket_type' },
  { key: 'ticketTypeId', header: 'ticket_type_id' },
  { key: 'bookingId', header: 'booking_id' },
  { key: 'buyerName', header: 'buyer_name' },
  { key: 'buyerEmail', header: 'buyer_email' },
  { key: 'buyerPhone', header: 'buyer_phone' },
  { key: 'teamName', header: 'team_name' },
  { key: 'issuedAt', header: 'issued_at' },
  { key: 'checkedInAt', header: 'checked_in_at' },
  { key: 'checkedInGate', header: 'checked_in_gate' },
];

/**
 * First characters that make a spreadsheet run a cell as a formula (OWASP "CSV injection"), with
 * the full-width forms that Apple Numbers folds into them: an exported cell starting with one is
 * prefixed with `'`. (An E.164 phone starts with `+`, so it is exported as `'+234…`.)
 */
export const CSV_FORMULA_PREFIXES: readonly string[] = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];
