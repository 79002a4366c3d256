import { DomainError, NotFoundError } from '@app/shared';
import type { TransferStatus } from './transfer.js';

/** Unknown, or not the caller's to see (neither sender, recipient nor staff): 404, so ids cannot be probed. */
export class TransferNotFoundError extends NotFoundError {
  constructor() {
    super('Transfer', 'transfer_not_found');
  }
}

/**
 * The ticket already has a live pending offer (one per ticket, by a partial unique index; a lapsed
 * one does not count). 409 `transfer_already_pending` with `pendingTransferId`.
 */
export class TransferAlreadyPendingError extends DomainError {
  constructor(pendingTransferId?: string) {
    super('transfer_already_pending', 'conflict', 'This ticket already has a pending transfer: cancel it, or wait until it is accepted, rejected or lapses.', {
      extra: pendingTransferId ? { pendingTransferId } : undefined,
    });
  }
}

/**
 * 429 `transfer_offer_limited`: too many offers by this sender (per hour) or to this address (per
 * day), or an offer to an address right after cancelling one to it. `limit` names which;
 * `Retry-After` says when an offer may succeed.
 */
export class TransferOfferLimitedError extends DomainError {
  constructor(limit: 'sender' | 'recipient' | 'cooldown', retryAfterSeconds: number) {
    const why = {
      sender: 'You have made too many transfer offers in the last hour.',
      recipient: 'This address has received too many transfer offers today.',
      cooldown: 'You cancelled an offer to this address a moment ago.',
    }[limit];
    super('transfer_offer_limited', 'rate_limited', `${why} Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds, extra: { limit } });
  }
}

/**
 * The transfer is no longer pending (accepted, rejected, cancelled, or its offer expired), so it
 * cannot be decided again. 409 with `transferStatus`.
 */
export class TransferNotPendingError extends DomainError {
  constructor(transferStatus: TransferStatus) {
    super('transfer_not_pending', 'conflict', `The transfer is ${transferStatus}, no longer pending.`, { extra: { transferStatus } });
  }
}

/**
 * The ticket cannot change hands: it is not `valid` (checked in, refunded, cancelled, already
 * transferred). At offer, or at accept when it changed meanwhile (nothing is then changed). 409
 * with `ticketStatus`.
 */
export class TicketNotTransferableError extends DomainError {
  constructor(ticketStatus: string) {
    super('ticket_not_transferable', 'conflict', `A ${ticketStatus} ticket cannot be transferred; only a valid one can.`, { extra: { ticketStatus } });
  }
}

/** The ticket's booking is not confirmed (nor partially refunded), so its tickets cannot be offered. 409 with `bookingStatus`. */
export class BookingNotConfirmedError extends DomainError {
  constructor(bookingStatus: string) {
    super('booking_not_confirmed', 'conflict', `The ticket's booking is ${bookingStatus}; only tickets of a confirmed booking can be transferred.`, {
      extra: { bookingStatus },
    });
  }
}

/** Tickets are offered only before their event starts. 409 with `startsAt` (UTC). */
export class EventAlreadyStartedError extends DomainError {
  constructor(startsAt: Date) {
    super('event_already_started', 'conflict', 'The event has started (or is over): its tickets can no longer be offered.', {
      extra: { startsAt: startsAt.toISOString() },
    });
  }
}

/** The event was cancelled: its tickets can no longer be offered, nor an offer accepted. 409 `event_cancelled`. */
export class EventCancelledError extends DomainError {
  constructor() {
    super('event_cancelled', 'conflict', 'The event was cancelled: its tickets can no longer change hands.');
  }
}

/** The recipient is the sender (or the address is the sender's own). 422. */
export class TransferToSelfError extends DomainError {
  constructor() {
    super('transfer_to_self', 'unprocessable', 'You cannot transfer a ticket to yourself.');
  }
}
