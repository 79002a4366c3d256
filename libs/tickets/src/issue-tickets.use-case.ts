import { Injectable, OnModuleInit } from '@nestjs/common';
import { Booking, BookingLifecycle } from '@app/bookings';
import { EventNotFoundError, EventRepository } from '@app/events';
import { EmailOutbox, newId } from '@app/shared';
import { UserRepository } from '@app/users';
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
    private readonly events: EventRepository,
    private readonly users: UserRepository,
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
    const buyer = await this.users.findById(booking.userId);
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
    if (buyer) {
      // The tickets reach the buyer's inbox: queued in this transaction, sent by the outbox worker.
      const typeNames = new Map(found.ticketTypes.map((t) => [t.id, t.name]));
      await this.outbox.enqueue({
        to: buyer.email,
        template: 'booking-confirmed',
        dedupeKey: `booking-confirmed:${booking.id}`,
        data: {
          recipientName: buyer.name,
          bookingId: booking.id,
          event: { id: event.id, title: event.title, venue: event.venue, startsAt: event.startsAt, endsAt: event.endsAt, timezone: event.timezone },
          tickets: issued.map((t) => ({
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
    }
    return issued;
  }
}
