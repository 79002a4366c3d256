import type { Readable } from 'node:stream';
import type { Page, PageRequest } from '@app/shared';
import type { EventAttendee, EventAttendeeFilter } from './event-attendee.js';
import type { NewTicket, Ticket, TicketDetails, TicketLookup, TicketStatus } from './ticket.js';

/** Filters of a ticket list; every one given must hold (AND). */
export interface TicketFilter {
  /** Only this holder's tickets (customers). */
  userId?: string;
  eventId?: string;
  status?: TicketStatus;
}

/** The new holder of a reissued ticket (transfer). */
export interface TicketHolder {
  /** Id of the new ticket. */
  id: string;
  userId: string;
  holderName: string;
  holderEmail: string | null;
  /** E.164; none when left out. */
  holderPhone?: string | null;
}

/**
 * Port: tickets. Every method is atomic on its own (one conditional statement, or a savepoint)
 * and joins the current transaction. Codes come from the caller's `newCode`, called again for a
 * ticket whose code collided with an existing one (a unique constraint decides).
 */
export abstract class TicketRepository {
  /** Inserts the tickets (status `valid`, version 1) in one statement per attempt; returns them in the given order. */
  abstract insert(tickets: NewTicket[], newCode: () => string): Promise<Ticket[]>;
  abstract findById(id: string): Promise<Ticket | null>;
  /** The ticket with its type's name and the event summary. */
  abstract findDetails(id: string): Promise<TicketDetails | null>;
  /**
   * The public facts of the ticket with this canonical code, or null: one indexed statement
   * whether or not it exists, so the answer's timing does not tell.
   */
  abstract lookupByCode(code: string): Promise<TicketLookup | null>;
  /** Newest first. */
  abstract list(filter: TicketFilter, page: PageRequest): Promise<Page<TicketDetails>>;
  /**
   * An event's attendees in issue order (oldest first), by keyset on the ticket id (UUIDv7):
   * up to `limit` rows after the ticket id `after`. Without `filter.status`, only current tickets
   * (`valid`, `checked_in`).
   */
  abstract listAttendees(eventId: string, filter: EventAttendeeFilter, limit: number, after?: string): Promise<EventAttendee[]>;
  /**
   * Every attendee of {@link listAttendees} (same filter, same order) as the CSV file of
   * `ATTENDEE_CSV_COLUMNS`: a byte stream that reads rows as fast as its consumer drains it
   * (memory stays flat whatever the event's size). Destroying it before its end stops the read and
   * frees the database connection it holds.
   */
  abstract exportAttendeesCsv(eventId: string, filter: EventAttendeeFilter): Promise<Readable>;
  /** A booking's tickets (current and void), by seat then version. */
  abstract listByBooking(bookingId: string): Promise<Ticket[]>;
  /** Tickets of several bookings in one read, by booking then seat. */
  abstract listByBookings(bookingIds: string[]): Promise<Ticket[]>;
  /** Sets the holder name when the status is one of `statuses`; null otherwise (or unknown id). */
  abstract setHolderName(id: string, holderName: string, statuses: TicketStatus[]): Promise<Ticket | null>;
  /** `valid -> cancelled` for every valid ticket of the booking (booking or event cancelled); returns those changed. */
  abstract cancelValidOfBooking(bookingId: string): Promise<Ticket[]>;
  /**
   * `valid -> refunded` for the given tickets of the booking (all its valid tickets when
   * `ticketIds` is omitted). Only valid tickets change (checked-in ones are never refunded);
   * returns those changed, so the caller can compare with what it asked for.
   */
  abstract markRefunded(bookingId: string, ticketIds?: string[]): Promise<Ticket[]>;
  /** Undoes {@link markRefunded} for a refund the provider refused: `refunded -> valid`. Returns how many. */
  abstract revertRefunded(ticketIds: string[]): Promise<number>;
  /**
   * Transfer: the valid ticket becomes `transferred` and a new valid ticket (new id, new code,
   * version + 1, same booking, event, type and seat, `replacesTicketId` set) is issued to `to`.
   * Null, changing nothing, when the ticket is not `valid`.
   */
  abstract reissue(ticketId: string, to: TicketHolder, newCode: () => string): Promise<{ previous: Ticket; issued: Ticket } | null>;
}
