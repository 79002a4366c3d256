import { Injectable } from '@nestjs/common';
import { Attendee, Booking, ConfirmBookingUseCase, CreateBookingUseCase } from '@app/bookings';
import { EventsService } from '@app/events';
import { Actor, AuditLog, ForbiddenError, hasRole, newId, Role, TransactionRunner, ValidationFailedError } from '@app/shared';
import { UsersService } from '@app/users';
import { InPersonPaymentMethod, newPaymentReference } from './payment.js';
import { PaymentRepository } from './payment.repository.js';

/** How a box-office sale is settled: paid in person (`cash`, `card_terminal`) or complimentary (`comp`: free, with a note). */
export type BoxOfficeMethod = InPersonPaymentMethod | 'comp';

/** Every {@link BoxOfficeMethod}, in a stable order. */
export const BOX_OFFICE_METHODS: readonly BoxOfficeMethod[] = ['cash', 'card_terminal', 'comp'];

/** Longest box-office note, in characters. */
export const BOX_OFFICE_NOTE_MAX_LENGTH = 500;

export interface BoxOfficeSaleInput {
  eventId: string;
  items: { ticketTypeId: string; quantity: number }[];
  /** Who the tickets are for; `email` finds (or makes) their account, `phone` is E.164. */
  buyer: { name: string; email: string; phone?: string };
  attendees?: Attendee[];
  method: BoxOfficeMethod;
  /** Required (not blank) for `comp`: why the tickets are given away. */
  note?: string;
  teamName?: string;
}

/**
 * `POST /box-office/sales`: an admin sells (or gives away) tickets at the door or by phone, in ONE
 * transaction, so a sale is never half-written:
 * 1. the buyer's account: theirs if one has the e-mail, else a new passwordless, unverified
 *    customer account (claimed later by a password reset: see `UsersService.findOrCreateCustomer`);
 * 2. the seats, held with the same conditional updates as an online booking (never past the
 *    event's capacity or a type's quantity, nor `maxPerBooking`), but in any ticket type's sales
 *    window while the event is published and not ended, and without the buyer's `maxPerBuyer`
 *    limit (the buyer's seat counter still counts them, as for any booking);
 * 3. `cash` / `card_terminal` with a total above 0: a `manual` payment recorded `succeeded`
 *    with its method, the amount and the staff member (so a later cancel or refund goes through
 *    the manual refund path); `comp`: every seat at price 0 whatever the type costs, no payment;
 * 4. the booking confirmed: tickets issued and the `booking-confirmed` e-mail queued to the buyer;
 * 5. audited `box_office.sale` with the method, note, buyer, items, face value and amount taken.
 *
 * @returns the `confirmed` booking
 * @throws ForbiddenError (403: not an admin), ValidationFailedError (400: `comp` without a note, bad
 *   items), EventNotFoundError (404), EventNotOnSaleError / SoldOutError (409), BusyError (503)
 */
@Injectable()
export class SellAtBoxOfficeUseCase {
  constructor(
    private readonly users: UsersService,
    private readonly events: EventsService,
    private readonly createBooking: CreateBookingUseCase,
    private readonly confirmBooking: ConfirmBookingUseCase,
    private readonly payments: PaymentRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async execute(actor: Actor, input: BoxOfficeSaleInput): Promise<Booking> {
    if (!hasRole(actor, Role.Admin)) throw new ForbiddenError('Only admins sell at the box office.');
    const note = input.note?.trim() || null;
    if (input.method === 'comp' && !note)
      throw new ValidationFailedError([{ field: 'note', message: 'a note is required for a complimentary sale (why the tickets are given away)' }]);

    return this.tx.run(async () => {
      const { user, created } = await this.users.findOrCreateCustomer(actor, input.buyer);
      const held = await this.createBooking.holdAtBoxOffice(actor, {
        eventId: input.eventId,
        items: input.items,
        attendees: input.attendees,
        teamName: input.teamName,
        userId: user.id,
        complimentary: input.method === 'comp',
      });
      const payment =
        input.method !== 'comp' && held.totalAmount > 0
          ? await this.payments.recordInPerson({
              id: newId(),
              bookingId: held.id,
              userId: user.id,
              method: input.method,
              reference: newPaymentReference(),
              amount: held.totalAmount,
              currency: held.currency,
              takenBy: actor.userId,
            })
          : null;
      const booking = await this.confirmBooking.execute(held.id);
      // Held in this very transaction, under its locks: nothing else can have moved it.
      if (!booking) throw new Error(`box office: booking ${held.id} was not pending when confirmed`);

      const prices = new Map(((await this.events.findWithTicketTypes(booking.eventId))?.ticketTypes ?? []).map((t) => [t.id, t.price]));
      await this.audit.record({
        action: 'box_office.sale',
        actorId: actor.userId,
        entityType: 'booking',
        entityId: booking.id,
        details: {
          method: input.method,
          note,
          eventId: booking.eventId,
          userId: user.id,
          buyerEmail: user.email,
          buyerCreated: created,
          items: booking.items.map((i) => ({
            ticketTypeId: i.ticketTypeId,
            quantity: i.quantity,
            unitPrice: i.unitPrice,
            listPrice: prices.get(i.ticketTypeId) ?? null,
          })),
          faceValue: booking.items.reduce((n, i) => n + i.quantity * (prices.get(i.ticketTypeId) ?? i.unitPrice), 0),
          totalAmount: booking.totalAmount,
          currency: booking.currency,
          paymentId: payment?.id ?? null,
        },
      });
      return booking;
    });
  }
}
