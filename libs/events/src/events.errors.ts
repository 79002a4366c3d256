import { DomainError, NotFoundError } from '@app/shared';

/** 404 `event_not_found`: no such event, or a draft the actor may not see. */
export class EventNotFoundError extends NotFoundError {
  constructor() {
    super('Event', 'event_not_found');
  }
}

/** 404 `ticket_type_not_found`: no such ticket type of this event. */
export class TicketTypeNotFoundError extends NotFoundError {
  constructor() {
    super('Ticket type', 'ticket_type_not_found');
  }
}

/** 409 `capacity_below_sold`: capacity or quantity below what is already sold plus currently held. */
export class CapacityBelowSoldError extends DomainError {
  constructor(minimum: number, sold: number, held: number) {
    super('capacity_below_sold', 'conflict', `It cannot go below ${minimum}: ${sold} sold and ${held} held.`, {
      extra: { minimum, sold, held },
    });
  }
}

/** 409 `invalid_event_state` (with `eventStatus`): the event's state does not allow the action (publish a cancelled event, edit a completed one). */
export class InvalidEventStateError extends DomainError {
  constructor(status: string, action: string) {
    super('invalid_event_state', 'conflict', `A ${status} event cannot be ${action}.`, { extra: { eventStatus: status } });
  }
}

/** 409 `event_has_bookings`: a draft with bookings cannot be deleted (defensive: drafts cannot be booked). */
export class EventHasBookingsError extends DomainError {
  constructor() {
    super('event_has_bookings', 'conflict', 'Only a draft event without bookings can be deleted.');
  }
}

/** 409 `no_ticket_types`: an event without ticket types cannot be published (nothing could be sold). */
export class NoTicketTypesError extends DomainError {
  constructor() {
    super('no_ticket_types', 'conflict', 'Add at least one ticket type before publishing the event.');
  }
}

/** 409 `ticket_type_name_taken`: ticket type names are unique within an event. */
export class TicketTypeNameTakenError extends DomainError {
  constructor() {
    super('ticket_type_name_taken', 'conflict', 'This event already has a ticket type with that name.');
  }
}
