import { DomainError, NotFoundError } from '@app/shared';

export class EventNotFoundError extends NotFoundError {
  constructor() {
    super('Event', 'event_not_found');
  }
}

export class TicketTypeNotFoundError extends NotFoundError {
  constructor() {
    super('Ticket type', 'ticket_type_not_found');
  }
}

/** Capacity or quantity below what is already sold plus currently held. */
export class CapacityBelowSoldError extends DomainError {
  constructor(minimum: number, sold: number, held: number) {
    super('capacity_below_sold', 'conflict', `It cannot go below ${minimum}: ${sold} sold and ${held} held.`, {
      extra: { minimum, sold, held },
    });
  }
}

/** The event is not in a state that allows the action (publish a cancelled event, edit a completed one). */
export class InvalidEventStateError extends DomainError {
  constructor(status: string, action: string) {
    super('invalid_event_state', 'conflict', `A ${status} event cannot be ${action}.`, { extra: { eventStatus: status } });
  }
}

export class EventHasBookingsError extends DomainError {
  constructor() {
    super('event_has_bookings', 'conflict', 'Only a draft event without bookings can be deleted.');
  }
}

export class TicketTypeNameTakenError extends DomainError {
  constructor() {
    super('ticket_type_name_taken', 'conflict', 'This event already has a ticket type with that name.');
  }
}
