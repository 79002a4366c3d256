import { Injectable } from '@nestjs/common';
import { BookingNotFoundError, BookingsService, InvalidBookingStateError, isPaidBooking } from '@app/bookings';
import { Actor, AuditLog, DomainError, newId, TransactionRunner } from '@app/shared';
import { IssueTicketsUseCase } from './issue-tickets.use-case.js';
import { TicketStatus } from './ticket.js';
import { TicketRepository } from './ticket.repository.js';

/** Seconds between two resends of one booking's tickets. */
export const TICKETS_RESEND_INTERVAL_SECONDS = 60;

/** 429 `tickets_resend_limited` (with Retry-After): this booking's tickets were resent less than a minute ago. */
export class TicketsResendLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('tickets_resend_limited', 'rate_limited', `This booking's tickets were just sent again; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}

/** 409 `no_valid_tickets`: the booking holds no valid ticket to send (all used, refunded or transferred). */
export class NoValidTicketsError extends DomainError {
  constructor() {
    super('no_valid_tickets', 'conflict', 'The booking has no valid ticket left to send.');
  }
}

/** What a resend queued. */
export interface TicketsResent {
  bookingId: string;
  /** The buyer's address the e-mail goes to. */
  to: string;
  /** The tickets in the e-mail: the buyer's current `valid` ones, seat order. */
  ticketIds: string[];
  /** The outbox message's dedupe key, `booking-confirmed:<bookingId>:resend:<uuid>`. */
  dedupeKey: string;
}

/**
 * Staff send a paid booking's tickets to its buyer again: the `booking-confirmed` e-mail (the one
 * queued at confirmation, by {@link IssueTicketsUseCase.queueConfirmation}) with the buyer's
 * current valid tickets, under a new dedupe key; audited `booking.tickets_resent`. At most one
 * resend per booking per {@link TICKETS_RESEND_INTERVAL_SECONDS}: the booking row is locked first,
 * so concurrent resends (any replica) queue one e-mail.
 */
@Injectable()
export class ResendTicketsUseCase {
  constructor(
    private readonly bookings: BookingsService,
    private readonly tickets: TicketRepository,
    private readonly issue: IssueTicketsUseCase,
    private readonly audit: AuditLog,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * `now` is the request's instant.
   * @throws BookingNotFoundError (404 `booking_not_found`)
   * @throws InvalidBookingStateError (409 `invalid_booking_state`): not `confirmed` or `partially_refunded`
   * @throws NoValidTicketsError (409 `no_valid_tickets`)
   * @throws TicketsResendLimitedError (429 `tickets_resend_limited`, Retry-After)
   */
  execute(actor: Actor, bookingId: string, now = new Date()): Promise<TicketsResent> {
    return this.tx.run(async () => {
      const booking = await this.bookings.lock(bookingId);
      if (!booking) throw new BookingNotFoundError();
      if (!isPaidBooking(booking.status)) throw new InvalidBookingStateError(booking.status, 'sent its tickets again');
      const last = await this.bookings.lastTicketsResentAt(bookingId);
      const waited = last ? (now.getTime() - last.getTime()) / 1000 : Infinity;
      if (waited < TICKETS_RESEND_INTERVAL_SECONDS) throw new TicketsResendLimitedError(Math.max(1, Math.ceil(TICKETS_RESEND_INTERVAL_SECONDS - waited)));
      const valid = (await this.tickets.listByBooking(bookingId))
        .filter((t) => t.status === TicketStatus.Valid && t.userId === booking.userId)
        .sort((a, b) => a.seq - b.seq);
      if (!valid.length) throw new NoValidTicketsError();
      const dedupeKey = `booking-confirmed:${bookingId}:resend:${newId()}`;
      const to = await this.issue.queueConfirmation(booking, valid, { dedupeKey });
      if (!to) throw new BookingNotFoundError();
      const ticketIds = valid.map((t) => t.id);
      await this.audit.record({
        action: 'booking.tickets_resent',
        actorId: actor.userId,
        entityType: 'booking',
        entityId: bookingId,
        details: { to, ticketIds, dedupeKey },
      });
      return { bookingId, to, ticketIds, dedupeKey };
    });
  }
}
