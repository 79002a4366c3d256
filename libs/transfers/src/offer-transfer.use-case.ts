import { Injectable } from '@nestjs/common';
import { BookingsService, isPaidBooking } from '@app/bookings';
import { EventsService, EventStatus } from '@app/events';
import { Actor, canReadAll, EmailOutbox, ForbiddenError, linkWithParam, newId, TransactionRunner } from '@app/shared';
import { TicketNotFoundError, TicketsService, TicketStatus } from '@app/tickets';
import { normalizeEmail } from '@app/users';
import { TransferDetails, transferExpiresAt } from './transfer.js';
import { TransferRepository } from './transfer.repository.js';
import { TransferSettings } from './transfer-settings.js';
import {
  BookingNotConfirmedError,
  EventAlreadyStartedError,
  EventCancelledError,
  TicketNotTransferableError,
  TransferAlreadyPendingError,
  TransferOfferLimitedError,
  TransferToSelfError,
} from './transfers.errors.js';

export interface OfferTransferInput {
  ticketId: string;
  /** The recipient's address; compared and stored trimmed and lower-cased. */
  toEmail: string;
  /** A note for the recipient (plain text); blank is none. */
  message?: string;
}

/**
 * The holder of a ticket offers it to an e-mail address: a `pending` transfer that lapses after
 * `TRANSFER_EXPIRY_HOURS` (never after the event ends), and a `transfer-offered` e-mail to the
 * recipient queued in the same transaction. The ticket is untouched: it still scans as the
 * sender's until the offer is accepted.
 *
 * Rules, in this order: the ticket is the actor's; the address is not the actor's own; the
 * offer limits (serialised per sender and address, so concurrent offers cannot exceed them); the
 * ticket is `valid`; its booking is confirmed (or partially refunded); the event is not cancelled
 * and has not started; the ticket has no other pending transfer (a partial unique index decides, also between
 * concurrent offers: exactly one succeeds). A previous offer of the ticket that has lapsed but
 * that the expiry job has not swept yet is expired here first, so it never blocks a new one.
 *
 * The event is read `FOR SHARE` (held until commit), as accepting does: an offer cannot commit
 * beside the event's cancellation, so the cancellation's {@link TransfersService.cancelPendingForEvent}
 * (in the transaction that cancels the event) sees every offer of the event.
 * Lock order: event row, transfer rows, (ticket row, by a concurrent accept).
 *
 * @throws TicketNotFoundError (404 `ticket_not_found`): unknown, or another user's ticket
 * @throws ForbiddenError (403): an admin or viewer offering a ticket they do not hold
 * @throws TransferToSelfError (422 `transfer_to_self`)
 * @throws TransferOfferLimitedError (429 `transfer_offer_limited`, with `limit` and Retry-After):
 *   the sender's hourly or the address's daily offers used up, or a cooldown after a cancel
 * @throws TicketNotTransferableError (409 `ticket_not_transferable`, with `ticketStatus`)
 * @throws BookingNotConfirmedError (409 `booking_not_confirmed`, with `bookingStatus`)
 * @throws EventCancelledError (409 `event_cancelled`)
 * @throws EventAlreadyStartedError (409 `event_already_started`, with `startsAt`)
 * @throws TransferAlreadyPendingError (409 `transfer_already_pending`, with `pendingTransferId`)
 * @throws BusyError (503 `busy`) when a lock could not be taken in time
 */
@Injectable()
export class OfferTransferUseCase {
  constructor(
    private readonly transfers: TransferRepository,
    private readonly tickets: TicketsService,
    private readonly bookings: BookingsService,
    private readonly events: EventsService,
    private readonly outbox: EmailOutbox,
    private readonly settings: TransferSettings,
    private readonly tx: TransactionRunner,
  ) {}

  /** The new pending transfer, with its ticket's event and type. `now` is the offer's instant (UTC). */
  async execute(actor: Actor, input: OfferTransferInput, now = new Date()): Promise<TransferDetails> {
    const toEmail = normalizeEmail(input.toEmail);
    const message = input.message?.trim() || null;
    return this.tx.run(async () => {
      const ticket = await this.tickets.findDetails(input.ticketId);
      if (!ticket || ticket.userId !== actor.userId) {
        if (ticket && canReadAll(actor)) throw new ForbiddenError("Only the ticket's holder can offer it.");
        throw new TicketNotFoundError();
      }
      if (toEmail === normalizeEmail(actor.email)) throw new TransferToSelfError();
      await this.checkOfferLimits(actor.userId, toEmail);
      if (ticket.status !== TicketStatus.Valid) throw new TicketNotTransferableError(ticket.status);
      const booking = await this.bookings.find(ticket.bookingId);
      if (!booking || !isPaidBooking(booking.status)) throw new BookingNotConfirmedError(booking?.status ?? 'unknown');
      const locked = await this.events.findForShare(ticket.eventId);
      if (!locked || locked.status === EventStatus.Cancelled) throw new EventCancelledError();
      if (now.getTime() >= locked.startsAt.getTime()) throw new EventAlreadyStartedError(locked.startsAt);

      // A lapsed offer the expiry job has not swept yet still holds the one-pending index: expire it.
      await this.transfers.expireLapsedOfTicket(ticket.id);
      const created = await this.transfers.create({
        id: newId(),
        ticketId: ticket.id,
        eventId: ticket.eventId,
        fromUserId: actor.userId,
        toEmail,
        message,
        expiresAt: transferExpiresAt(now, this.settings.expirySeconds, locked.endsAt),
      });
      if (!created) throw new TransferAlreadyPendingError((await this.transfers.findPendingByTicket(ticket.id))?.id);

      // The insert may have waited for a transfer of this ticket that was being accepted; a fresh
      // read (a new statement sees what committed meanwhile) makes sure the ticket is still valid.
      const current = await this.tickets.find(ticket.id);
      if (current?.status !== TicketStatus.Valid) throw new TicketNotTransferableError(current?.status ?? 'unknown');

      await this.outbox.enqueue({
        to: toEmail,
        template: 'transfer-offered',
        dedupeKey: `transfer-offered:${created.id}`,
        data: {
          recipientEmail: toEmail,
          senderName: actor.name,
          eventTitle: ticket.event.title,
          ticketTypeName: ticket.ticketTypeName,
          ...(message ? { message } : {}),
          transferId: created.id,
          expiresAt: created.expiresAt,
          ...(this.settings.acceptUrl ? { acceptUrl: linkWithParam(this.settings.acceptUrl, 'transferId', created.id) } : {}),
        },
      });
      const { status: _eventStatus, ...event } = ticket.event;
      return { ...created, fromName: actor.name, ticketTypeName: ticket.ticketTypeName, event };
    });
  }

  /** @throws TransferOfferLimitedError (429) */
  private async checkOfferLimits(fromUserId: string, toEmail: string): Promise<void> {
    const limits = this.settings.offerLimits;
    const activity = await this.transfers.offerActivity(fromUserId, toEmail, {
      senderWindowSeconds: 3600,
      recipientWindowSeconds: 86_400,
      cancelCooldownSeconds: limits.cancelCooldownSeconds,
    });
    const wait = (seconds: number) => Math.max(1, Math.ceil(seconds));
    if (activity.bySender >= limits.perSenderPerHour) throw new TransferOfferLimitedError('sender', wait(activity.senderWaitSeconds));
    if (activity.toRecipient >= limits.perRecipientPerDay) throw new TransferOfferLimitedError('recipient', wait(activity.recipientWaitSeconds));
    if (activity.cooldownWaitSeconds > 0) throw new TransferOfferLimitedError('cooldown', wait(activity.cooldownWaitSeconds));
  }
}
