import { DomainError, NotFoundError } from '@app/shared';

export class TicketNotFoundError extends NotFoundError {
  constructor() {
    super('Ticket', 'ticket_not_found');
  }
}

/** The ticket is not in a state that allows the action (rename a refunded ticket). */
export class InvalidTicketStateError extends DomainError {
  constructor(status: string, action: string) {
    super('invalid_ticket_state', 'conflict', `A ${status} ticket cannot be ${action}.`, { extra: { ticketStatus: status } });
  }
}

/** A holder may change the name only before the event starts (an admin any time). */
export class HolderNameLockedError extends DomainError {
  constructor() {
    super('holder_name_locked', 'conflict', 'The event has started: only an admin can change the holder name now.');
  }
}
