import { Injectable } from '@nestjs/common';
import { EventsService, EventStatus } from '@app/events';
import { Actor, DomainError, EmailOutbox, newId, TransactionRunner } from '@app/shared';
import { InvalidTicketStateError, TicketNotFoundError, TicketsService } from '@app/tickets';
import { EmailNotVerifiedError, UsersService } from '@app/users';
import { isTransferRecipient, TransferDetails, TransferStatus } from './transfer.js';
import { TransferRepository } from './transfer.repository.js';
import { EventCancelledError, TicketNotTransferableError, TransferNotFoundError } from './transfers.errors.js';
import { TransfersService } from './transfers.service.js';

/**
 * The recipient accepts a transfer, in ONE transaction:
 * 0. the event's row is read `FOR SHARE`: a cancelled event refuses the accept (see below);
 * 1. `pending -> accepted` on the transfer, only while pending and not expired (a conditional
 *    update: against a racing cancel, reject or expiry exactly one wins), recording the recipient
 *    and the id the new ticket will have;
 * 2. the ticket is reissued to the recipient ({@link TicketsService.reissue}): the old one becomes
 *    `transferred` (its payload and code then scan as `transferred`), a new one with a new code,
 *    payload version + 1 and `replacesTicketId` is issued in the recipient's name and account;
 * 3. a `transfer-accepted` e-mail to the sender is queued.
 * When the ticket is no longer valid (checked in, refunded or cancelled since the offer), the whole
 * transaction rolls back: the transfer stays pending and nothing changes.
 * Capacity is untouched: a transfer moves a sold seat, so it works on sold-out events.
 *
 * Against the event's cancellation, accept and cancellation serialise on the event row. The
 * cancellation commits `status = 'cancelled'` first, then cancels each booking's valid tickets in
 * later transactions; an accept that committed between the two would have issued a new valid
 * ticket to a cancelled event, and one committing while `cancelValidOfBooking` waits on the old
 * ticket row inserts a row that statement never sees. The share lock closes both: while an accept
 * holds it, the cancellation's status update waits for the accept to commit (so the booking pass,
 * which starts after that, sees the new ticket and cancels it); an accept that comes after (or
 * during) the status change reads `cancelled` and stops before it touches the transfer or the ticket.
 * Lock order: event row, transfer row, ticket row.
 *
 * @throws TransferNotFoundError (404 `transfer_not_found`): unknown, or the actor's e-mail is not `toEmail`
 * @throws EmailNotVerifiedError (403 `email_not_verified`): the actor has not verified that e-mail (nothing changes)
 * @throws EventCancelledError (409 `event_cancelled`): the event was cancelled (the offer stays as it is)
 * @throws TransferNotPendingError (409 `transfer_not_pending`, with `transferStatus`)
 * @throws TicketNotTransferableError (409 `ticket_not_transferable`, with `ticketStatus`)
 * @throws BusyError (503 `busy`) when a lock could not be taken in time
 */
@Injectable()
export class AcceptTransferUseCase {
  constructor(
    private readonly transfers: TransferRepository,
    private readonly transfersService: TransfersService,
    private readonly tickets: TicketsService,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly outbox: EmailOutbox,
    private readonly tx: TransactionRunner,
  ) {}

  /** The accepted transfer; `newTicketId` names the recipient's new ticket. */
  async execute(actor: Actor, id: string): Promise<TransferDetails> {
    return this.tx.run(async () => {
      const transfer = await this.transfers.findById(id);
      if (!transfer || !isTransferRecipient(transfer, actor)) throw new TransferNotFoundError();
      // Owning the address is what entitles the recipient: an account made with someone else's
      // address (registration does not prove it) must not take the ticket offered to it.
      if (!(await this.users.find(actor.userId))?.emailVerified) throw new EmailNotVerifiedError('accept a ticket transfer');
      // Held until commit: the event cannot be cancelled under this accept (see above).
      const event = await this.events.findForShare(transfer.eventId);
      if (!event || event.status === EventStatus.Cancelled) throw new EventCancelledError();
      const newTicketId = newId();
      const accepted = await this.transfers.decide(id, { status: TransferStatus.Accepted, decidedBy: actor.userId, toUserId: actor.userId, newTicketId });
      if (!accepted) throw await this.transfersService.notPendingError(id);

      try {
        await this.tickets.reissue(transfer.ticketId, {
          id: newTicketId,
          userId: actor.userId,
          holderName: actor.name,
          holderEmail: actor.email,
          holderPhone: null,
        });
      } catch (error) {
        if (error instanceof InvalidTicketStateError) throw new TicketNotTransferableError(ticketStatusOf(error));
        if (error instanceof TicketNotFoundError) throw new TicketNotTransferableError('unknown');
        throw error;
      }

      const sender = await this.users.find(transfer.fromUserId);
      if (sender) {
        await this.outbox.enqueue({
          to: sender.email,
          template: 'transfer-accepted',
          dedupeKey: `transfer-accepted:${id}`,
          data: { senderName: sender.name, recipientName: actor.name, eventTitle: transfer.event.title, ticketTypeName: transfer.ticketTypeName },
        });
      }
      return { ...transfer, ...accepted };
    });
  }
}

function ticketStatusOf(error: DomainError): string {
  const status = error.extra?.['ticketStatus'];
  return typeof status === 'string' ? status : 'unknown';
}
