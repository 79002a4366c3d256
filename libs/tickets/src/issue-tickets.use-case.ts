import { Injectable, OnModuleInit } from '@nestjs/common';
import { Booking, BookingLifecycle } from '@app/bookings';
import { EventNotFoundError, EventsService } from '@app/events';
import type { Event, TicketType } from '@app/events';
import { EmailOutbox, newId } from '@app/shared';
import { UsersService } from '@app/users';
import type { PublicUser } from '@app/users';
import { NewTicket, Ticket } from './ticket.js';
import { codeDate, generateTicketCode } from './ticket-code.js';
import { claimsOf } from './ticket-payload.js';
import { TicketSigner } from './ticket-signer.js';
import { TicketRepository } from './ticket.repository.js';

/**
 * Issues a confirmed booking's tickets, one per seat, inside the transaction that confirms it
 * (registered as a {@link BookingLifecycle} listener at start): seats follow the booking's items
 * in the order the booking lists them; seat `n` is named after the `n`-th attendee given at
 * booking, else the buyer. Issuing twice for one booking issues nothing new (a unique constraint on
 * booking and seat backs this up). The first issuance also queues the `booking-confirmed` e-mail
 * with the tickets (QR payloads, codes), in the same transaction.
 */
@Injectable()
export class IssueTicketsUseCase implements OnModuleInit {
  constructor(
    private readonly lifecycle: BookingLifecycle,
    private readonly tickets: TicketRepository,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly signer: TicketSigner,
    private readonly outbox: EmailOutbox,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onConfirmed(async (booking) => {
      await this.execute(booking);
    });
  }

  /** The booking's tickets, issued now or earlier. @throws EventNotFoundError */
  async execute(booking: Booking): Promise<Ticket[]> {
    const existing = await this.tickets.listByBooking(booking.id);
    if (existing.length > 0) return existing;
    // One read for the event and its types' names (the e-mail shows them).
    const found = await this.events.findWithTicketTypes(booking.eventId);
    if (!found) throw new EventNotFoundError();
    const { event } = found;
    const buyer = await this.users.find(booking.userId);
    const seats = booking.items.flatMap((item) => Array.from({ length: item.quantity }, () => item.ticketTypeId));
    const tickets: NewTicket[] = seats.map((ticketTypeId, i) => {
      const attendee = booking.attendees[i];
      return {
        id: newId(),
        bookingId: booking.id,
        eventId: booking.eventId,
        ticketTypeId,
        userId: booking.userId,
        holderName: attendee?.name ?? buyer?.name ?? 'Ticket holder',
        holderEmail: attendee?.email ?? null,
        holderPhone: attendee?.phone ?? null,
        seq: i + 1,
      };
    });
    const date = codeDate(event.startsAt, event.timezone);
    const issued = await this.tickets.insert(tickets, () => generateTicketCode(date));
    // The tickets reach the buyer's inbox: queued in this transaction, sent by the outbox worker.
    if (buyer) await this.queueConfirmation(booking, issued, { event, ticketTypes: found.ticketTypes, buyer, dedupeKey: `booking-confirmed:${booking.id}` });
    return issued;
  }

  /**
   * Queues the `booking-confirmed` e-mail of `booking` with `tickets` (their codes and freshly
   * signed QR payloads) to the buyer, in the caller's transaction: the e-mail sent when a booking
   * is confirmed, and again when staff resend the tickets (with their own `dedupeKey`, e.g.
   * `booking-confirmed:<bookingId>:resend:<uuid>`). The event, its types and the buyer are read
   * unless given. Returns the buyer's address, or null when the buyer's account is gone (nothing queued).
   * @throws EventNotFoundError when the booking's event is gone
   */
  async queueConfirmation(
    booking: Booking,
    tickets: Ticket[],
    context: { dedupeKey: string; event?: Event; ticketTypes?: TicketType[]; buyer?: PublicUser | null },
  ): Promise<string | null> {
    let { event, ticketTypes } = context;
    if (!event || !ticketTypes) {
      const found = await this.events.findWithTicketTypes(booking.eventId);
      if (!found) throw new EventNotFoundError();
      ({ event, ticketTypes } = found);
    }
    const buyer = context.buyer !== undefined ? context.buyer : await this.users.find(booking.userId);
    if (!buyer) return null;
    const typeNames = new Map(ticketTypes.map((t) => [t.id, t.name]));
    await this.outbox.enqueue({
      to: buyer.email,
      template: 'booking-confirmed',
      dedupeKey: context.dedupeKey,
      data: {
        recipientName: buyer.name,
        bookingId: booking.id,
        event: { id: event.id, title: event.title, venue: event.venue, startsAt: event.startsAt, endsAt: event.endsAt, timezone: event.timezone },
        tickets: tickets.map((t) => ({
          ticketId: t.id,
          code: t.code,
          qrPayload: this.signer.sign(claimsOf(t)),
          holderName: t.holderName,
          ticketTypeName: typeNames.get(t.ticketTypeId) ?? '',
        })),
        totalAmount: booking.totalAmount,
        currency: booking.currency,
      },
    });
    return buyer.email;
  }
}
