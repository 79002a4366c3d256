import { DomainError, NotFoundError } from '@app/shared';

export interface SeatsLeft {
  /** Seats left at the event level. */
  event: number;
  ticketTypes: { ticketTypeId: string; available: number }[];
}

/** Not enough seats for the whole request; nothing was held. `available` says what is left. */
export class SoldOutError extends DomainError {
  constructor(readonly seatsLeft: SeatsLeft) {
    super('sold_out', 'conflict', 'Not enough seats left for this booking; nothing was held.', { extra: { available: seatsLeft } });
  }
}

/**
 * 409 `buyer_limit_reached`: the seats would take the buyer past the event's `maxPerBuyer` (held
 * plus bought, over all their bookings); nothing was held. `remaining` is what they may still take.
 */
export class BuyerLimitReachedError extends DomainError {
  constructor(
    readonly maxPerBuyer: number,
    readonly remaining: number,
  ) {
    super('buyer_limit_reached', 'conflict', `At most ${maxPerBuyer} seats per buyer for this event; you may take ${remaining} more. Nothing was held.`, {
      extra: { maxPerBuyer, remaining },
    });
  }
}

/** 409 `event_not_on_sale`: the event is not published, or has ended. */
export class EventNotOnSaleError extends DomainError {
  constructor(reason: string) {
    super('event_not_on_sale', 'conflict', `The event is not on sale: ${reason}.`);
  }
}

/** 409 `ticket_type_not_on_sale` (with `ticketTypeId`): outside the ticket type's sales window. */
export class TicketTypeNotOnSaleError extends DomainError {
  constructor(ticketTypeId: string) {
    super('ticket_type_not_on_sale', 'conflict', 'This ticket type is outside its sales window.', { extra: { ticketTypeId } });
  }
}

/** 404 `booking_not_found`: no such booking, or not the actor's to see. */
export class BookingNotFoundError extends NotFoundError {
  constructor() {
    super('Booking', 'booking_not_found');
  }
}

/** The booking is not in a state that allows the action. */
export class InvalidBookingStateError extends DomainError {
  constructor(status: string, action: string) {
    super('invalid_booking_state', 'conflict', `A ${status} booking cannot be ${action}.`, { extra: { bookingStatus: status } });
  }
}
