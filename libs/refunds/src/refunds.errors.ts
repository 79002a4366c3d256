import { DomainError, NotFoundError } from '@app/shared';

/** 404 `refund_not_found`: no such refund, or not the actor's to see. */
export class RefundNotFoundError extends NotFoundError {
  constructor() {
    super('Refund', 'refund_not_found');
  }
}

/** 409 `invalid_refund_state` (with `refundStatus`): the refund's state does not allow the action. */
export class InvalidRefundStateError extends DomainError {
  constructor(status: string, action: string) {
    super('invalid_refund_state', 'conflict', `A ${status} refund cannot be ${action}.`, { extra: { refundStatus: status } });
  }
}

/** The booking has nothing (more) to refund: free, unpaid, or all refunded. */
export class NothingToRefundError extends DomainError {
  constructor(reason: string) {
    super('nothing_to_refund', 'conflict', `Nothing to refund: ${reason}.`);
  }
}

/** A chosen ticket cannot be refunded (checked in, already refunded or in a pending refund, transferred). */
export class TicketNotRefundableError extends DomainError {
  constructor(ticketIds: string[], reason: string) {
    super('ticket_not_refundable', 'conflict', `These tickets cannot be refunded: ${reason}.`, { extra: { ticketIds } });
  }
}

/** The refund would take the payment past what was paid (the database refused it). */
export class RefundExceedsPaidError extends DomainError {
  constructor() {
    super('refund_exceeds_paid', 'conflict', 'The refunds of this payment would exceed what was paid.');
  }
}
