import type { Actor } from '@app/shared';
import { normalizeEmail } from '@app/users';

/**
 * `pending -> accepted | rejected | cancelled | expired` (docs/api.md "Transfers"). Every transition is
 * one conditional statement on `status = 'pending'` (and, except for expiry, `expires_at > now()`),
 * so racing transitions (accept against cancel, reject or the expiry job) have exactly one winner.
 */
export enum TransferStatus {
  Pending = 'pending',
  Accepted = 'accepted',
  Rejected = 'rejected',
  Cancelled = 'cancelled',
  Expired = 'expired',
}

/** The states a transfer ends in once it is decided by someone (expiry is the job's). */
export type TransferDecision = TransferStatus.Accepted | TransferStatus.Rejected | TransferStatus.Cancelled;

/**
 * An offer of one ticket by its holder to an e-mail address. The recipient need not have an
 * account when it is offered: whoever signs in with `toEmail` may accept or reject it. Times are
 * UTC instants.
 */
export interface Transfer {
  id: string;
  /** The offered ticket (after acceptance: the voided, `transferred` one). */
  ticketId: string;
  eventId: string;
  /** The ticket's holder when it was offered. */
  fromUserId: string;
  /** The recipient's address, normalised like account e-mails (`normalizeEmail`: trimmed, lower-cased). */
  toEmail: string;
  /** The recipient's account, once they accepted or rejected. */
  toUserId: string | null;
  /** The sender's note to the recipient (plain text), if any. */
  message: string | null;
  /** The stored status; see {@link effectiveTransferStatus} for what a reader should see. */
  status: TransferStatus;
  /** After this instant the offer can no longer be accepted (the expiry job then marks it `expired`). */
  expiresAt: Date;
  /** The ticket issued to the recipient; set exactly when `status` is `accepted`. */
  newTicketId: string | null;
  /** When it left `pending`; null while pending. */
  decidedAt: Date | null;
  /** Who accepted, rejected or cancelled it; null while pending and for expiry. */
  decidedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a new transfer needs (status `pending`; the repository stamps the times). */
export type NewTransfer = Pick<Transfer, 'id' | 'ticketId' | 'eventId' | 'fromUserId' | 'toEmail' | 'message' | 'expiresAt'>;

/** The event as a transfer shows it. Times are UTC; `timezone` (IANA) is for display. */
export interface TransferEventSummary {
  id: string;
  title: string;
  venue: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
}

/** A transfer with what its recipient needs to decide: who sends what, for which event. */
export interface TransferDetails extends Transfer {
  /** The sender's name (never their e-mail: the recipient may not know it). */
  fromName: string;
  ticketTypeName: string;
  event: TransferEventSummary;
}

/** Longest sender's note, in characters. */
export const TRANSFER_MESSAGE_MAX_LENGTH = 500;

/**
 * The status a reader should see: a pending offer whose `expiresAt` has passed is `expired`, even
 * while the expiry job has not marked it yet (it can no longer be accepted either way).
 */
export function effectiveTransferStatus(transfer: Pick<Transfer, 'status' | 'expiresAt'>, now = new Date()): TransferStatus {
  return transfer.status === TransferStatus.Pending && transfer.expiresAt.getTime() <= now.getTime() ? TransferStatus.Expired : transfer.status;
}

/**
 * When an offer made at `now` lapses: `expirySeconds` later, but never after the event ends (a
 * ticket is worth nothing then). UTC.
 */
export function transferExpiresAt(now: Date, expirySeconds: number, eventEndsAt: Date): Date {
  return new Date(Math.min(now.getTime() + expirySeconds * 1000, eventEndsAt.getTime()));
}

/** True when the actor is the recipient: the signed-in user whose e-mail is `toEmail`. */
export function isTransferRecipient(transfer: Pick<Transfer, 'toEmail'>, actor: Pick<Actor, 'email'>): boolean {
  return normalizeEmail(actor.email) === transfer.toEmail;
}

/** True when the actor offered it. */
export function isTransferSender(transfer: Pick<Transfer, 'fromUserId'>, actor: Pick<Actor, 'userId'>): boolean {
  return transfer.fromUserId === actor.userId;
}
