import { Injectable, OnModuleInit } from '@nestjs/common';
import { Booking, BookingLifecycle } from '@app/bookings';
import { EventNotFoundError, EventRepository } from '@app/events';
import { newId } from '@app/shared';
import { UserRepository } from '@app/users';
import { NewTicket, Ticket } from './ticket.js';
import { codeDate, generateTicketCode } from './ticket-code.js';
import { TicketRepository } from './ticket.repository.js';

/**
 * Issues a confirmed booking's tickets, one per seat, inside the transaction that confirms it
 * (registered as a {@link BookingLifecycle} listener at start): seats follow the booking's items
 * in the order the booking lists them; seat `n` is named after the `n`-th attendee given at
 * booking, else the buyer. Issuing twice for one booking issues nothing new (a unique constraint on
 * booking and seat backs this up).
 */
@Injectable()
export class IssueTicketsUseCase implements OnModuleInit {
  constructor(
    private readonly lifecycle: BookingLifecycle,
    private readonly tickets: TicketRepository,
    private readonly events: EventRepository,
    private readonly users: UserRepository,
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
    const event = await this.events.findById(booking.eventId);
    if (!event) throw new EventNotFoundError();
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
        seq: i + 1,
      };
    });
    const date = codeDate(event.startsAt, event.timezone);
    return this.tickets.insert(tickets, () => generateTicketCode(date));
  }
}
