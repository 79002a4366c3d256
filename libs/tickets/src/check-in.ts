import { isPaidBooking } from '@app/bookings';
import { EventStatus } from '@app/events';
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
  /** An exit scan of a ticket that is not inside. */
  NotInside = 'not_inside',
}

/** Which way a scan lets the holder through the gate. */
export enum ScanDirection {
  Entry = 'entry',
  Exit = 'exit',
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
  /** Accepted entries and exits: inside now when `entries > exits`. */
  entries: number;
  exits: number;
  /** The ticket type allows entering again after an exit. */
  reentry: boolean;
}

/** Whether the holder of the ticket is inside now (entered and not left since). */
export function isInside(ticket: Pick<ScanTicket, 'entries' | 'exits'>): boolean {
  return ticket.entries > ticket.exits;
}

export interface ScanFacts {
  /** Null when the requested event does not exist. */
  event: ScanEvent | null;
  /** Null when no ticket has that id or code. */
  ticket: ScanTicket | null;
}

/**
 * Stored statuses of an event whose tickets admit within its scan window: published, or completed
 * by the completion job (an offline scan made before the end may arrive after it). The admit
 * statement binds this list (`e.status = ANY($n)`).
 */
export const SCANNABLE_EVENT_STATUSES: readonly string[] = [EventStatus.Published, EventStatus.Completed];

/**
 * The scan window: from `opensBeforeMs` before the event's start to its end, inclusive, for an
 * event in {@link SCANNABLE_EVENT_STATUSES}.
 */
export function isEventOpen(event: ScanEvent, at: Date, opensBeforeMs: number): boolean {
  if (!SCANNABLE_EVENT_STATUSES.includes(event.status)) return false;
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
 * `wrong_event`; a payload version that is not the ticket's `transferred` or `invalid`; then by
 * direction.
 *
 * Entry: a holder inside `already_checked_in`; the ticket's state (`cancelled`, `refunded`,
 * `transferred`; checked in before and its type without re-entry `already_checked_in`); the
 * booking's (`cancelled`, `refunded`, else `unpaid` unless confirmed or partially refunded); the
 * scan window (`event_not_open`); else `ok`. Exit: a holder inside `ok` (whatever the window: people
 * leave after the end); else `cancelled`, `refunded` or `transferred` for a void ticket, `not_inside`
 * otherwise. The database's conditional UPDATEs encode the same `ok` rules; this function explains
 * a refusal and answers `verify`.
 *
 * The version check is defence in depth and does not fire in practice: a ticket's version never
 * changes in place (a transfer issues a new ticket with a new id and the next version), so every
 * payload we signed carries its ticket's version. The old payload of a transferred ticket names
 * the old ticket and scans `transferred` by that ticket's state.
 *
 * @param at when the scan happened (UTC): the server's clock, or the device's for an offline scan.
 */
export function decideScan(
  facts: ScanFacts & { event: ScanEvent },
  ref: TicketRef,
  at: Date,
  opensBeforeMs: number,
  direction: ScanDirection = ScanDirection.Entry,
): ScanDecision {
  const { event, ticket } = facts;
  if (!ticket) return { result: ScanResult.Invalid };
  if (ticket.eventId !== event.id) return { result: ScanResult.WrongEvent };
  if (ref.by === 'payload' && ref.version !== ticket.version) {
    return { result: ticket.status === TicketStatus.Transferred ? ScanResult.Transferred : ScanResult.Invalid };
  }
  const voided = voidResult(ticket.status);
  if (direction === ScanDirection.Exit) {
    if (isInside(ticket)) return { result: ScanResult.Ok };
    return { result: voided ?? ScanResult.NotInside };
  }
  if (voided) return { result: voided };
  if (ticket.status === TicketStatus.CheckedIn) {
    if (isInside(ticket) || !ticket.reentry) {
      // Earliest scan wins only for a first entry nobody has left through since.
      const firstOnly = ticket.entries === 1 && ticket.exits === 0;
      const earlier = firstOnly && ticket.checkedInAt !== null && at.getTime() < ticket.checkedInAt.getTime() && isEventOpen(event, at, opensBeforeMs);
      return { result: ScanResult.AlreadyCheckedIn, ...(earlier ? { earlierThanCheckIn: true } : {}) };
    }
  }
  if (ticket.bookingStatus === 'cancelled') return { result: ScanResult.Cancelled };
  if (ticket.bookingStatus === 'refunded') return { result: ScanResult.Refunded };
  if (!isPaidBooking(ticket.bookingStatus)) return { result: ScanResult.Unpaid };
  if (!isEventOpen(event, at, opensBeforeMs)) return { result: ScanResult.EventNotOpen };
  return { result: ScanResult.Ok };
}

function voidResult(status: TicketStatus): ScanResult | null {
  switch (status) {
    case TicketStatus.Cancelled:
      return ScanResult.Cancelled;
    case TicketStatus.Refunded:
      return ScanResult.Refunded;
    case TicketStatus.Transferred:
      return ScanResult.Transferred;
    default:
      return null;
  }
}

/** One line of the scan log: every scan, accepted or refused. */
export interface ScanRecord {
  id: string;
  eventId: string;
  ticketId: string | null;
  /** The signed-in scanner's user id; null for a device's scan. */
  scannerId: string | null;
  /** The paired scanner device; null for a signed-in scanner's scan. */
  scannerDeviceId: string | null;
  direction: ScanDirection;
  /** `ok` only: the ticket's entries (entry) or exits (exit) after this scan, 1-based. */
  passage: number | null;
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
  inside: number;
}

/** Accepted scans at one gate (null: scans without a gate). */
export interface GateAttendance {
  gate: string | null;
  entries: number;
  exits: number;
}

/** Attendance of an event: totals, per ticket type, per gate, and check-ins per UTC hour. */
export interface Attendance {
  eventId: string;
  valid: number;
  checkedIn: number;
  notYetIn: number;
  /** Holders inside now: entered and not scanned out since. */
  inside: number;
  gates: GateAttendance[];
  ticketTypes: TicketTypeAttendance[];
  /** Check-ins per hour (start of the UTC hour), oldest first; hours without check-ins are left out. */
  byHour: { hour: Date; checkedIn: number }[];
}
