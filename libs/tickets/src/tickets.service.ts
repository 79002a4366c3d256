import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { EventNotFoundError, EventsService } from '@app/events';
import { Actor, AuditLog, canReadAll, decodeCursor, hasRole, Page, PageRequest, Role, toPage, TransactionRunner } from '@app/shared';
import { EventAttendee, EventAttendeeFilter } from './event-attendee.js';
import { Ticket, TicketDetails, TicketLookup, TicketStatus, TicketView } from './ticket.js';
import { codeDate, generateTicketCode, normalizeTicketCode } from './ticket-code.js';
import { claimsOf } from './ticket-payload.js';
import { TicketSigner } from './ticket-signer.js';
import { TicketFilter, TicketHolder, TicketRepository } from './ticket.repository.js';
import { HolderNameLockedError, InvalidTicketStateError, TicketNotFoundError } from './tickets.errors.js';

/**
 * Reading tickets and changing their holder name. A customer sees only the tickets they hold
 * (another's answers 404, so ids cannot be probed); admins and viewers see all. Every ticket read
 * carries its signed QR payload, computed on read (Ed25519 signatures are deterministic, so it is
 * stable until the key rotates or the ticket is reissued).
 *
 * The ticket rows are this lib's: other libs' use cases (refunds, cancellations, transfers) read and
 * change them only through the methods below, each one statement joining the caller's transaction.
 */
@Injectable()
export class TicketsService {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly events: EventsService,
    private readonly signer: TicketSigner,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /** @throws TicketNotFoundError (404) when it does not exist or is not the actor's to see. */
  async get(actor: Actor, id: string): Promise<TicketView> {
    const ticket = await this.tickets.findDetails(id);
    if (!ticket || !(ticket.userId === actor.userId || canReadAll(actor))) throw new TicketNotFoundError();
    return this.view(ticket);
  }

  /**
   * Public lookup by human code (`TKT-20261231-7K3QX9MZ`, in any of the forms the gate accepts):
   * status, ticket type and event only. A code that cannot be one and an unknown code are the
   * same 404; both cost one indexed read, like a found code.
   * @throws TicketNotFoundError (404)
   */
  async lookup(code: string): Promise<TicketLookup> {
    // A malformed code still costs the read, so its answer takes as long as an unknown one's.
    const found = await this.tickets.lookupByCode(normalizeTicketCode(code) ?? 'TKT-00000000-UUUUUUUU');
    if (!found) throw new TicketNotFoundError();
    return found;
  }

  /** The actor's tickets ("my tickets"); admins and viewers list everyone's. Newest first. */
  async list(actor: Actor, filter: Omit<TicketFilter, 'userId'>, page: PageRequest): Promise<Page<TicketView>> {
    const scoped: TicketFilter = canReadAll(actor) ? filter : { ...filter, userId: actor.userId };
    const result = await this.tickets.list(scoped, page);
    return { data: result.data.map((t) => this.view(t)), nextCursor: result.nextCursor };
  }

  /**
   * One page of an event's attendees (staff), oldest ticket first; without `filter.status` the
   * current tickets (`valid`, `checked_in`). The cursor is the last ticket id shown.
   * @throws EventNotFoundError (404); ValidationFailedError (400) for a malformed cursor.
   */
  async attendees(eventId: string, filter: EventAttendeeFilter, page: PageRequest): Promise<Page<EventAttendee>> {
    const after = page.cursor ? decodeCursor(page.cursor) : undefined;
    await this.requireEvent(eventId);
    const rows = await this.tickets.listAttendees(eventId, filter, page.limit + 1, after);
    return toPage(rows, page.limit, (attendee) => attendee.ticketId);
  }

  /**
   * Every attendee of the event (staff export) as CSV bytes (`ATTENDEE_CSV_COLUMNS`), in the
   * order and with the filter of {@link attendees}. Checks the event first, so a missing event
   * throws before any byte; the rows are then read as the stream is drained (flat memory whatever
   * the event's size). Destroy the stream (the client went away) and the read stops.
   * @throws EventNotFoundError (404)
   */
  async exportAttendeesCsv(eventId: string, filter: EventAttendeeFilter): Promise<Readable> {
    await this.requireEvent(eventId);
    return this.tickets.exportAttendeesCsv(eventId, filter);
  }

  /**
   * Changes the name on a ticket. The holder may do it while the ticket is valid and the event has
   * not started; an admin any time on a valid or checked-in ticket (audited). The payload does not
   * change: it names the ticket, not the person.
   * @throws TicketNotFoundError (404), HolderNameLockedError (409 `holder_name_locked`),
   *   InvalidTicketStateError (409 `invalid_ticket_state`)
   */
  async changeHolderName(actor: Actor, id: string, holderName: string, now = new Date()): Promise<TicketView> {
    const name = holderName.trim();
    return this.tx.run(async () => {
      const ticket = await this.tickets.findDetails(id);
      const isAdmin = hasRole(actor, Role.Admin);
      // Only the holder or an admin: anyone else (a viewer included) gets 404.
      if (!ticket || !(isAdmin || ticket.userId === actor.userId)) throw new TicketNotFoundError();
      const statuses = isAdmin ? [TicketStatus.Valid, TicketStatus.CheckedIn] : [TicketStatus.Valid];
      if (!statuses.includes(ticket.status)) throw new InvalidTicketStateError(ticket.status, 'renamed');
      if (!isAdmin && now.getTime() >= ticket.event.startsAt.getTime()) throw new HolderNameLockedError();
      const updated = await this.tickets.setHolderName(id, name, statuses);
      if (!updated) {
        const current = await this.tickets.findById(id);
        throw new InvalidTicketStateError(current?.status ?? ticket.status, 'renamed');
      }
      if (isAdmin) {
        await this.audit.record({
          action: 'ticket.holder_name_changed',
          actorId: actor.userId,
          entityType: 'ticket',
          entityId: id,
          details: { from: ticket.holderName, to: name, holderUserId: ticket.userId },
        });
      }
      return this.view({ ...ticket, ...updated });
    });
  }

  /**
   * Transfer support: voids a valid ticket (`transferred`) and issues its replacement to `to`
   * with a new code and payload (version + 1), in the current transaction. Old payloads and the
   * old code then scan as `transferred`.
   * @throws TicketNotFoundError (404), InvalidTicketStateError (409) when the ticket is not valid.
   */
  async reissue(ticketId: string, to: TicketHolder): Promise<{ previous: Ticket; issued: Ticket }> {
    return this.tx.run(async () => {
      const ticket = await this.tickets.findById(ticketId);
      if (!ticket) throw new TicketNotFoundError();
      const event = await this.events.find(ticket.eventId);
      if (!event) throw new EventNotFoundError();
      const date = codeDate(event.startsAt, event.timezone);
      const result = await this.tickets.reissue(ticketId, to, () => generateTicketCode(date));
      if (!result) throw new InvalidTicketStateError((await this.tickets.findById(ticketId))?.status ?? ticket.status, 'transferred');
      return result;
    });
  }

  // For other libs' use cases: no visibility rule (the caller has checked who acts).

  /** The ticket, or null. */
  find(id: string): Promise<Ticket | null> {
    return this.tickets.findById(id);
  }

  /** The ticket with its type's name and the event summary, or null. */
  findDetails(id: string): Promise<TicketDetails | null> {
    return this.tickets.findDetails(id);
  }

  /** A booking's tickets (current and void), by seat then version. */
  listByBooking(bookingId: string): Promise<Ticket[]> {
    return this.tickets.listByBooking(bookingId);
  }

  /** `valid -> cancelled` for every valid ticket of the booking (booking or event cancelled); returns those changed. */
  cancelValidOfBooking(bookingId: string): Promise<Ticket[]> {
    return this.tickets.cancelValidOfBooking(bookingId);
  }

  /**
   * A refund holds tickets: `valid -> refunded` for the given tickets of the booking, in one
   * conditional statement (checked-in, transferred or refunded ones do not change); returns
   * those changed, for the caller to compare with what it asked for.
   */
  markRefunded(bookingId: string, ticketIds: string[]): Promise<Ticket[]> {
    return this.tickets.markRefunded(bookingId, ticketIds);
  }

  /** A refund the provider refused gives its tickets back: `refunded -> valid`. Returns how many. */
  revertRefunded(ticketIds: string[]): Promise<number> {
    return this.tickets.revertRefunded(ticketIds);
  }

  /**
   * The tickets each booking's buyer holds (current and void: a ticket transferred away shows as
   * `transferred`, its replacement belongs to the recipient), by seat then version, in one read
   * whatever the number of bookings. Keyed by booking id; the caller has checked the bookings
   * are the actor's to see.
   */
  async heldByBuyers(bookings: readonly { id: string; userId: string }[]): Promise<Map<string, Ticket[]>> {
    const tickets = bookings.length ? await this.tickets.listByBookings(bookings.map((b) => b.id)) : [];
    return new Map(bookings.map((b) => [b.id, tickets.filter((t) => t.bookingId === b.id && t.userId === b.userId)]));
  }

  /** The QR payload of a ticket the actor may see. @throws TicketNotFoundError */
  async payload(actor: Actor, id: string): Promise<string> {
    return (await this.get(actor, id)).qrPayload;
  }

  private async requireEvent(eventId: string): Promise<void> {
    if (!(await this.events.find(eventId))) throw new EventNotFoundError();
  }

  private view(ticket: TicketDetails): TicketView {
    return { ...ticket, qrPayload: this.signer.sign(claimsOf(ticket)) };
  }
}
