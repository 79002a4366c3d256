import { DomainError, NotFoundError } from '@app/shared';

/** Unknown, or not the caller's to see (another customer's ticket): 404 `ticket_not_found`, so ids cannot be probed. */
export class TicketNotFoundError extends NotFoundError {
  constructor() {
    super('Ticket', 'ticket_not_found');
  }
}

/**
 * The ticket is not in a state that allows the action (renaming a refunded ticket, reissuing one
 * that is no longer valid). 409 `invalid_ticket_state` with `ticketStatus`.
 */
export class InvalidTicketStateError extends DomainError {
  constructor(status: string, action: string) {
    super('invalid_ticket_state', 'conflict', `A ${status} ticket cannot be ${action}.`, { extra: { ticketStatus: status } });
  }
}

/** The holder may change the name only before the event starts (an admin any time). 409 `holder_name_locked`. */
export class HolderNameLockedError extends DomainError {
  constructor() {
    super('holder_name_locked', 'conflict', 'The event has started: only an admin can change the holder name now.');
  }
}
