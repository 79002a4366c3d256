import type { Page, PageRequest } from '@app/shared';
import type { NewTransfer, Transfer, TransferDecision, TransferDetails, TransferStatus } from './transfer.js';

/** Filters of a transfer list; every one given must hold (AND). */
export interface TransferFilter {
  /** Sent by this user. */
  fromUserId?: string;
  /** Offered to this address (lower-cased). */
  toEmail?: string;
  /** Sent by `userId` or offered to `email`: a customer's own transfers, both directions. */
  party?: { userId: string; email: string };
  /** The effective status: `pending` excludes offers past `expiresAt`, `expired` includes them. */
  status?: TransferStatus;
  eventId?: string;
  ticketId?: string;
}

/** A decision on a pending transfer. */
export interface TransferDecisionInput {
  status: TransferDecision;
  /** Who decides (user id). */
  decidedBy: string;
  /** The recipient's account (accept and reject). */
  toUserId?: string;
  /** Accept only: the id the replacement ticket will have (issued in the same transaction). */
  newTicketId?: string;
}

/**
 * Port: transfers. Every method is atomic on its own (one statement) and joins the current
 * transaction. One pending transfer per ticket is a partial unique index on `ticket_id WHERE
 * status = 'pending'`; every transition is a conditional update on `status = 'pending'`.
 */
export abstract class TransferRepository {
  /**
   * Inserts a `pending` transfer. Null, inserting nothing, when the ticket already has a pending
   * transfer (the unique index decides, also against a concurrent insert, which is waited for).
   */
  abstract create(transfer: NewTransfer): Promise<Transfer | null>;
  /** The ticket's pending transfer (expired or not), if any. */
  abstract findPendingByTicket(ticketId: string): Promise<Transfer | null>;
  abstract findById(id: string): Promise<TransferDetails | null>;
  /** Newest first. */
  abstract list(filter: TransferFilter, page: PageRequest): Promise<Page<TransferDetails>>;
  /**
   * `pending -> accepted | rejected | cancelled`, only while pending and not past `expiresAt`
   * (database clock): stamps `decidedAt`, `decidedBy`, and `toUserId` / `newTicketId` when given.
   * Null, changing nothing, otherwise (the caller reads the transfer to say why).
   */
  abstract decide(id: string, decision: TransferDecisionInput): Promise<Transfer | null>;
  /**
   * `pending -> expired` for up to `limit` transfers past `expiresAt`, claimed with `FOR UPDATE
   * SKIP LOCKED` so concurrent sweepers (replicas) and in-flight decisions are never waited for nor
   * double-counted. Returns how many it expired.
   */
  abstract expireDue(limit: number): Promise<number>;
  /**
   * `pending -> expired` for the ticket's pending transfer if it is past `expiresAt` (database
   * clock) but not yet swept by {@link expireDue}, so that it no longer holds the one-pending-per-
   * ticket index. Returns how many it expired (0 or 1).
   */
  abstract expireLapsedOfTicket(ticketId: string): Promise<number>;
  /**
   * `pending -> cancelled` (no `decidedBy`) for every pending transfer of the event that has not
   * lapsed (lapsed ones are left to {@link expireDue}). Returns how many it cancelled.
   */
  abstract cancelPendingOfEvent(eventId: string): Promise<number>;
  /**
   * Serialises offers by this sender and to this address until the transaction ends (advisory
   * transaction locks, sender first), then reads what the offer limits need (database clock):
   * offers by the sender within `senderWindowSeconds` and to the address within
   * `recipientWindowSeconds`, each with the seconds until its oldest one leaves the window, and
   * the seconds left of the cooldown after the sender's latest cancelled offer to the address.
   */
  abstract offerActivity(fromUserId: string, toEmail: string, windows: OfferWindows): Promise<OfferActivity>;
}

/** The windows of the offer limits, in seconds. */
export interface OfferWindows {
  senderWindowSeconds: number;
  recipientWindowSeconds: number;
  cancelCooldownSeconds: number;
}

/** Recent offers, as {@link TransferRepository.offerActivity} reads them. Waits are seconds (0 when none). */
export interface OfferActivity {
  bySender: number;
  senderWaitSeconds: number;
  toRecipient: number;
  recipientWaitSeconds: number;
  cooldownWaitSeconds: number;
}
