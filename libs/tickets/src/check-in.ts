import { isPaidBooking } from '@app/bookings';
import { TicketStatus } from './ticket.js';

/** What a scan answers (docs/api.md "Check-in"). Only `ok` admits the person. */
export enum ScanResult {
  Ok = 'ok',
  AlreadyCheckedIn = 'already_checked_in',
  /** Unknown code, malformed or badly signed payload (or one whose version is not its ticket's: see {@link decideScan}). */
  Invalid = 'invalid',
  WrongEvent = 'wrong_event',
  Cancelled = 'cancelled',
  Refunded = 'refunded',
  Transferred = 'transferred',
  /** The ticket's booking is not paid (not `confirmed` or `partially_refunded`). */
  Unpaid = 'unpaid',
  /** Outside the scan window (or the event is not published). */
  EventNotOpen = 'event_not_open',
}

export const SCAN_RESULTS: readonly ScanResult[] = Object.values(ScanResult);

/** Which ticket a presented code names: a verified payload (id and version) or a human code. */
export type TicketRef = { by: 'payload'; ticketId: string; version: number } | { by: 'code'; code: string };

/** The requested event's facts a scan needs. */
export interface ScanEvent {
  id: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
}

/** The ticket's facts a scan needs, read in one query. */
export interface ScanTicket {
  id: string;
  eventId: string;
  ticketTypeId: string;
  ticketTypeName: string;
  holderName: string;
  version: number;
  status: TicketStatus;
  checkedInAt: Date | null;
  checkedInGate: string | null;
  bookingStatus: string;
}

export interface ScanFacts {
  /** Null when the requested event does not exist. */
  event: ScanEvent | null;
  /** Null when no ticket has that id or code. */
  ticket: ScanTicket | null;
}

/**
 * The scan window: from `opensBeforeMs` before the event's start to its end, inclusive, for a
 * published event (or one the completion job has marked completed: an offline scan made before
 * the end may arrive after it).
 */
export function isEventOpen(event: ScanEvent, at: Date, opensBeforeMs: number): boolean {
  if (event.status !== 'published' && event.status !== 'completed') return false;
  const t = at.getTime();
  return t >= event.startsAt.getTime() - opensBeforeMs && t <= event.endsAt.getTime();
}

/** A scan's verdict: the result, and whether an earlier offline scan should take over an existing check-in. */
export interface ScanDecision {
  result: ScanResult;
  /** `already_checked_in` only: this scan is earlier than the recorded check-in and would have been `ok` then. */
  earlierThanCheckIn?: boolean;
}

/**
 * Decides a scan from the facts, in this order: unknown ticket `invalid`; another event's ticket
 * `wrong_event`; a payload version that is not the ticket's `transferred` or `invalid`; the
 * ticket's state (`already_checked_in`, `cancelled`, `refunded`, `transferred`); the booking's
 * (`cancelled`, `refunded`, else `unpaid` unless confirmed or partially refunded); then the scan
 * window (`event_not_open`); else `ok`. The database's conditional UPDATE encodes the same `ok`
 * rule; this function explains a refusal and answers `verify`.
 *
 * The version check is defence in depth and does not fire in practice: a ticket's version never
 * changes in place (a transfer issues a new ticket with a new id and the next version), so every
 * payload we signed carries its ticket's version. The old payload of a transferred ticket names
 * the old ticket and scans `transferred` by that ticket's state.
 *
 * @param at when the scan happened (UTC): the server's clock, or the device's for an offline scan.
 */
export function decideScan(facts: ScanFacts & { event: ScanEvent }, ref: TicketRef, at: Date, opensBeforeMs: number): ScanDecision {
  const { event, ticket } = facts;
  if (!ticket) return { result: ScanResult.Invalid };
  if (ticket.eventId !== event.id) return { result: ScanResult.WrongEvent };
  if (ref.by === 'payload' && ref.version !== ticket.version) {
    return { result: ticket.status === TicketStatus.Transferred ? ScanResult.Transferred : ScanResult.Invalid };
  }
  switch (ticket.status) {
    case TicketStatus.Cancelled:
      return { result: ScanResult.Cancelled };
    case TicketStatus.Refunded:
      return { result: ScanResult.Refunded };
    case TicketStatus.Transferred:
      return { result: ScanResult.Transferred };
    case TicketStatus.CheckedIn: {
      const earlier = ticket.checkedInAt !== null && at.getTime() < ticket.checkedInAt.getTime() && isEventOpen(event, at, opensBeforeMs);
      return { result: ScanResult.AlreadyCheckedIn, ...(earlier ? { earlierThanCheckIn: true } : {}) };
    }
    case TicketStatus.Valid:
      break;
  }
  if (ticket.bookingStatus === 'cancelled') return { result: ScanResult.Cancelled };
  if (ticket.bookingStatus === 'refunded') return { result: ScanResult.Refunded };
  if (!isPaidBooking(ticket.bookingStatus)) return { result: ScanResult.Unpaid };
  if (!isEventOpen(event, at, opensBeforeMs)) return { result: ScanResult.EventNotOpen };
  return { result: ScanResult.Ok };
}

/** One line of the scan log: every scan, accepted or refused. */
export interface ScanRecord {
  id: string;
  eventId: string;
  ticketId: string | null;
  /** The scanner's user id. */
  scannerId: string;
  gate: string | null;
  deviceId: string | null;
  clientScanId: string | null;
  /** The code as presented, cut to 200 characters. */
  code: string;
  result: ScanResult;
  /** When the scan happened: the device's time for offline scans (never after `createdAt`), else the server's. */
  scannedAt: Date;
  /** True for scans uploaded in a batch (made offline). */
  offline: boolean;
  /**
   * Set when an earlier offline scan of the same ticket arrived later and took over the check-in:
   * this scan was `ok` and now reads `already_checked_in`.
   */
  supersededBy: string | null;
  /** When the server recorded it. */
  createdAt: Date;
}

/** Attendance counts of one ticket type. */
export interface TicketTypeAttendance {
  ticketTypeId: string;
  name: string;
  /** Tickets that admit someone: `valid` or `checked_in`. */
  valid: number;
  checkedIn: number;
  /** `valid - checkedIn`: still expected at the gate. */
  notYetIn: number;
}

/** Attendance of an event: totals, per ticket type, and check-ins per UTC hour. */
export interface Attendance {
  eventId: string;
  valid: number;
  checkedIn: number;
  notYetIn: number;
  ticketTypes: TicketTypeAttendance[];
  /** Check-ins per hour (start of the UTC hour), oldest first; hours without check-ins are left out. */
  byHour: { hour: Date; checkedIn: number }[];
}
