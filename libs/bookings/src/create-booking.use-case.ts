import { Injectable } from '@nestjs/common';
import { EventNotFoundError, EventsService, EventStatus, fitsInOneBooking, TicketType } from '@app/events';
import { Actor, AuditLog, FieldError, ForbiddenError, hasRole, isStaff, newId, Role, TransactionRunner, ValidationFailedError } from '@app/shared';
import { UsersService } from '@app/users';
import { Attendee, Booking, seatCount } from './booking.js';
import { BookingSettings } from './booking-settings.js';
import { HoldRefusal, HoldRequest, BookingRepository } from './booking.repository.js';
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
 * time), or confirms it at once when it is free (total 0), issuing its tickets in the same
 * transaction. The limits (event capacity, each ticket type's quantity, and the event's
 * `maxPerBuyer` when the buyer books for themselves) hold under any concurrency: see
 * {@link BookingRepository.hold}. When seats look sold out, holds of the event
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

    return this.tx.run(
      async () => {
        const outcome = await this.holdOrRefuse(request);
        let booking = outcome;
        if (booking.totalAmount === 0) booking = (await this.confirmBooking.execute(booking.id)) ?? booking;
        if (request.createdBy) {
          await this.audit.record({
            action: 'booking.created_for_user',
            actorId: actor.userId,
            entityType: 'booking',
            entityId: booking.id,
            details: { userId, eventId: request.eventId, items: request.items },
          });
        }
        return booking;
      },
    );
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

  /** Holds, releasing expired holds of the event once when it looks sold out. @throws the refusal's error */
  private async holdOrRefuse(request: HoldRequest): Promise<Booking> {
    let outcome = await this.bookings.hold(request);
    if (isRefusal(outcome) && outcome.reason === 'sold_out' && (await this.bookings.expireDue(INLINE_EXPIRY_BATCH, request.eventId)) > 0) {
      outcome = await this.bookings.hold(request);
    }
    if (isRefusal(outcome)) throw refusalError(outcome);
    return outcome;
  }

  /** The validated hold request. @throws EventNotFoundError, ValidationFailedError */
  private async request(actor: Actor, input: CreateBookingInput, userId: string): Promise<HoldRequest> {
    const found = await this.events.findWithTicketTypes(input.eventId);
    const event = found?.event;
    if (!event || (event.status === EventStatus.Draft && !isStaff(actor))) throw new EventNotFoundError();
    const types = new Map(found.ticketTypes.map((t) => [t.id, t]));
    const attendees = input.attendees ?? [];
    const errors = itemErrors(input.items, types);
    if (attendees.length > seatCount(input.items)) {
      errors.push({ field: 'attendees', message: 'there are more attendees than seats' });
    }
    if (errors.length) throw new ValidationFailedError(errors);

    return {
      bookingId: newId(),
      eventId: event.id,
      userId,
      createdBy: userId === actor.userId ? null : actor.userId,
      teamName: input.teamName?.trim() || null,
      items: input.items.map((i) => ({ ticketTypeId: i.ticketTypeId.toLowerCase(), quantity: i.quantity })),
      attendees: attendees.map((a) => ({ name: a.name.trim(), ...(a.email ? { email: a.email.trim().toLowerCase() } : {}), ...(a.phone ? { phone: a.phone } : {}) })),
      holdSeconds: this.settings.holdSeconds,
    };
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
 * one of another event, a duplicate, a quantity over `maxPerBooking`). Only an early explanation:
 * the hold's conditional UPDATE checks membership and `maxPerBooking` again atomically, and is the
 * authority (a type edited since this read is refused there as `ticket_type_not_found` or
 * `over_max_per_booking`).
 */
function itemErrors(items: CreateBookingInput['items'], types: Map<string, TicketType>): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const id = item.ticketTypeId.toLowerCase();
    const type = types.get(id);
    if (seen.has(id)) errors.push({ field: `items[${i}].ticketTypeId`, message: 'each ticket type may appear once' });
    seen.add(id);
    if (!type) errors.push({ field: `items[${i}].ticketTypeId`, message: 'no such ticket type for this event' });
    else if (!fitsInOneBooking(type, item.quantity)) errors.push({ field: `items[${i}].quantity`, message: `quantity must not exceed ${type.maxPerBooking} for this ticket type` });
  });
  return errors;
}

function refusalError(refusal: HoldRefusal): Error {
  switch (refusal.reason) {
    case 'event_not_found':
      return new EventNotFoundError();
    case 'event_not_on_sale':
      return new EventNotOnSaleError(refusal.ended ? 'it has ended' : `it is ${refusal.status}`);
    case 'ticket_type_not_found':
      return new ValidationFailedError([{ field: 'items', message: `no such ticket type for this event: ${refusal.ticketTypeId}` }]);
    case 'ticket_type_not_on_sale':
      return new TicketTypeNotOnSaleError(refusal.ticketTypeId);
    case 'over_max_per_booking':
      return new ValidationFailedError([{ field: 'items', message: `at most ${refusal.maxPerBooking} tickets of type ${refusal.ticketTypeId} per booking` }]);
    case 'sold_out':
      return new SoldOutError(refusal.seatsLeft);
    case 'buyer_limit_reached':
      return new BuyerLimitReachedError(refusal.maxPerBuyer, refusal.remaining);
  }
}
