import { Injectable } from '@nestjs/common';
import { EventNotFoundError, EventsService, EventStatus, fitsInOneBooking, TicketType } from '@app/events';
import { Actor, AuditLog, FieldError, ForbiddenError, hasRole, isStaff, newId, Role, TransactionRunner, ValidationFailedError } from '@app/shared';
import { UsersService } from '@app/users';
import { Attendee, Booking, BookingStatus, seatCount } from './booking.js';
import { BookingSettings } from './booking-settings.js';
import { BookingRepository, HoldRefusal, HoldRequest, InvalidHoldItem } from './booking.repository.js';
import { BuyerLimitReachedError, EventNotOnSaleError, SoldOutError, TicketTypeNotOnSaleError } from './bookings.errors.js';
import { ConfirmBookingUseCase } from './confirm-booking.use-case.js';

export interface CreateBookingInput {
  eventId: string;
  items: { ticketTypeId: string; quantity: number }[];
  attendees?: Attendee[];
  /** Admin only: book on behalf of this user. */
  userId?: string;
  /** The group's name on a team booking; trimmed. */
  teamName?: string;
}

/** Expired holds of the event released inline before giving up on a sold-out request. */
const INLINE_EXPIRY_BATCH = 50;

function isRefusal(outcome: Booking | HoldRefusal): outcome is HoldRefusal {
  return 'reason' in outcome;
}

/**
 * Holds seats for a buyer and creates the booking (`pending_payment`, expiring after the hold
 * time) in one statement, or confirms it at once when it is free (total 0), issuing its tickets
 * (a failed confirmation cancels the hold). The limits (event capacity, each ticket type's
 * quantity, and the event's `maxPerBuyer` when the buyer books for themselves) hold under any
 * concurrency: see {@link BookingRepository.hold}. A booking on someone's behalf (audited) runs in
 * one transaction with its confirmation. When seats look sold out, holds of the event
 * that have already expired (the sweeper may lag) are released and the hold is tried once more.
 *
 * @throws ValidationFailedError (400): unknown ticket type (or one of another event), duplicates,
 *   a quantity over `maxPerBooking`, more attendees than seats
 * @throws EventNotFoundError (404), ForbiddenError (403: `userId` from a non-admin),
 *   UserNotFoundError (404), EventNotOnSaleError / TicketTypeNotOnSaleError / SoldOutError /
 *   BuyerLimitReachedError (409),
 *   BusyError (503: lock timeout)
 */
@Injectable()
export class CreateBookingUseCase {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly confirmBooking: ConfirmBookingUseCase,
    private readonly settings: BookingSettings,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async execute(actor: Actor, input: CreateBookingInput): Promise<Booking> {
    const userId = await this.buyer(actor, input.userId);
    const request = await this.request(actor, input, userId);

    if (!request.createdBy) {
      // The common case is one statement on its own (or in the caller's transaction): the hold.
      const held = await this.holdOrRefuse(request);
      return held.totalAmount === 0 ? ((await this.confirmFree(held)) ?? held) : held;
    }
    return this.tx.run(async () => {
      let booking = await this.holdOrRefuse(request);
      if (booking.totalAmount === 0) booking = (await this.confirmBooking.execute(booking.id)) ?? booking;
      await this.audit.record({
        action: 'booking.created_for_user',
        actorId: actor.userId,
        entityType: 'booking',
        entityId: booking.id,
        details: { userId, eventId: request.eventId, items: request.items },
      });
      return booking;
    });
  }

  /**
   * Confirms a free hold just made (its own transaction: tickets issued, e-mail queued). If that
   * fails the hold is cancelled, so its seats come back at once, and the error is rethrown.
   */
  private async confirmFree(held: Booking): Promise<Booking | null> {
    try {
      return await this.confirmBooking.execute(held.id);
    } catch (error) {
      await this.tx.run(() => this.bookings.release(held.id, BookingStatus.Cancelled)).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A box-office sale's seats: held (`pending_payment`) for `userId` by the admin `actor`, with the
   * box-office rules ({@link HoldRequest.boxOffice}: any ticket type's sales window, the buyer's
   * limit not applied, `complimentary` seats at price 0), in the caller's transaction, which pays
   * and confirms the booking. The capacity and quantity limits hold as for {@link execute}.
   * @throws as {@link execute} (never BuyerLimitReachedError nor TicketTypeNotOnSaleError);
   *   ForbiddenError (403) unless the actor is an admin
   */
  async holdAtBoxOffice(actor: Actor, input: CreateBookingInput & { userId: string; complimentary: boolean }): Promise<Booking> {
    if (!hasRole(actor, Role.Admin)) throw new ForbiddenError('Only admins sell at the box office.');
    const request = await this.request(actor, input, input.userId);
    return this.tx.run(() => this.holdOrRefuse({ ...request, createdBy: actor.userId, boxOffice: { complimentary: input.complimentary } }));
  }

  /** Holds, releasing expired holds of the event once when they may make room. @throws the refusal's error */
  private async holdOrRefuse(request: HoldRequest): Promise<Booking> {
    let outcome = await this.bookings.hold(request);
    if (isRefusal(outcome) && outcome.reason === 'sold_out' && outcome.expiredHolds) {
      if ((await this.tx.run(() => this.bookings.expireDue(INLINE_EXPIRY_BATCH, request.eventId))) > 0) outcome = await this.bookings.hold(request);
    }
    if (isRefusal(outcome)) throw refusalError(outcome);
    return outcome;
  }

  /**
   * The hold request, checked for what needs no database (duplicates, more attendees than seats);
   * the event and its ticket types are checked by the hold itself. A request with such a mistake
   * reads the event first, so its answer lists every error as before.
   * @throws EventNotFoundError, ValidationFailedError
   */
  private async request(actor: Actor, input: CreateBookingInput, userId: string): Promise<HoldRequest> {
    const attendees = input.attendees ?? [];
    const ids = input.items.map((i) => i.ticketTypeId.toLowerCase());
    if (new Set(ids).size !== ids.length || attendees.length > seatCount(input.items)) await this.explainMistakes(actor, input);

    return {
      bookingId: newId(),
      eventId: input.eventId.toLowerCase(),
      userId,
      createdBy: userId === actor.userId ? null : actor.userId,
      teamName: input.teamName?.trim() || null,
      items: input.items.map((i, n) => ({ ticketTypeId: ids[n]!, quantity: i.quantity })),
      hiddenEventStatuses: isStaff(actor) ? [] : [EventStatus.Draft],
      attendees: attendees.map((a) => ({
        name: a.name.trim(),
        ...(a.email ? { email: a.email.trim().toLowerCase() } : {}),
        ...(a.phone ? { phone: a.phone } : {}),
      })),
      holdSeconds: this.settings.holdSeconds,
    };
  }

  /** Every error of a request known to have one, field by field. @throws EventNotFoundError, ValidationFailedError */
  private async explainMistakes(actor: Actor, input: CreateBookingInput): Promise<never> {
    const found = await this.events.findWithTicketTypes(input.eventId);
    const event = found?.event;
    if (!event || (event.status === EventStatus.Draft && !isStaff(actor))) throw new EventNotFoundError();
    const errors = itemErrors(input.items, new Map(found.ticketTypes.map((t) => [t.id, t])));
    if ((input.attendees ?? []).length > seatCount(input.items)) errors.push({ field: 'attendees', message: 'there are more attendees than seats' });
    throw new ValidationFailedError(errors);
  }

  private async buyer(actor: Actor, userId: string | undefined): Promise<string> {
    if (!userId || userId === actor.userId) {
      if (!hasRole(actor, Role.Customer, Role.Admin)) throw new ForbiddenError('Only customers and admins book.');
      return actor.userId;
    }
    if (!hasRole(actor, Role.Admin)) throw new ForbiddenError('Only an admin may book on behalf of another user.');
    return (await this.users.get(userId)).id;
  }
}

/**
 * The items' errors, all at once and field by field, for the common mistakes (an unknown type or
 * one of another event, a duplicate, a quantity over `maxPerBooking`), from a read of the event:
 * only for a request with a duplicate or too many attendees. The other requests get the same
 * errors from the hold itself ({@link invalidItemErrors}).
 */
function itemErrors(items: CreateBookingInput['items'], types: Map<string, TicketType>): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const id = item.ticketTypeId.toLowerCase();
    const type = types.get(id);
    if (seen.has(id)) errors.push({ field: `items[${i}].ticketTypeId`, message: 'each ticket type may appear once' });
    seen.add(id);
    if (!type) errors.push(unknownTypeError(i));
    else if (!fitsInOneBooking(type, item.quantity)) errors.push(overMaxError(i, type.maxPerBooking));
  });
  return errors;
}

const unknownTypeError = (index: number): FieldError => ({ field: `items[${index}].ticketTypeId`, message: 'no such ticket type for this event' });
const overMaxError = (index: number, max: number): FieldError => ({
  field: `items[${index}].quantity`,
  message: `quantity must not exceed ${max} for this ticket type`,
});

/** The field errors of a hold refused as `invalid_items`, in item order, as {@link itemErrors} words them. */
function invalidItemErrors(items: InvalidHoldItem[]): FieldError[] {
  return items.map((item) => (item.problem === 'unknown_ticket_type' ? unknownTypeError(item.index) : overMaxError(item.index, item.maxPerBooking)));
}

function refusalError(refusal: HoldRefusal): Error {
  switch (refusal.reason) {
    case 'event_not_found':
      return new EventNotFoundError();
    case 'invalid_items':
      return new ValidationFailedError(invalidItemErrors(refusal.items));
    case 'event_not_on_sale':
      return new EventNotOnSaleError(refusal.ended ? 'it has ended' : `it is ${refusal.status}`);
    case 'ticket_type_not_on_sale':
      return new TicketTypeNotOnSaleError(refusal.ticketTypeId);
    case 'sold_out':
      return new SoldOutError(refusal.seatsLeft);
    case 'buyer_limit_reached':
      return new BuyerLimitReachedError(refusal.maxPerBuyer, refusal.remaining);
  }
}
