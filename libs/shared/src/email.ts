import type { Page, PageRequest } from './pagination.js';

/*
 * Transactional e-mail, as the domain sees it: a port to queue a message in the caller's
 * transaction, the templates with the data each one needs, and a read port for the message log.
 *
 * Conventions of the data: money is an integer in minor units with its ISO 4217 currency
 * (`150000` + `NGN` is 1,500.00 NGN); instants are `Date`s (UTC) and, where they are shown to a
 * person, the event's IANA time zone (`Africa/Lagos`) says how to display them. The data is
 * stored as JSON, so it must hold nothing but plain values, arrays, objects and `Date`s.
 */

/** An event as a booking confirmation shows it. */
export interface EmailEventSummary {
  id: string;
  title: string;
  venue: string;
  /** UTC instant. */
  startsAt: Date;
  /** UTC instant. */
  endsAt: Date;
  /** IANA time zone in which the event's times are displayed, e.g. `Africa/Lagos`. */
  timezone: string;
}

/** One issued ticket in a booking confirmation. */
export interface EmailTicket {
  ticketId: string;
  /** Human code, accepted at the gate: `TKT-20261231-ABCD2345`. */
  code: string;
  /** The string encoded in the ticket's QR code (the signed ticket token). */
  qrPayload: string;
  holderName: string;
  ticketTypeName: string;
}

/** A refund e-mail's data (one shape for every step of a refund). */
export interface RefundEmailData {
  recipientName: string;
  refundId: string;
  bookingId: string;
  eventTitle: string;
  /** Minor units. */
  amount: number;
  /** ISO 4217. */
  currency: string;
  /** Why it was requested, rejected or failed, as a person should read it. */
  reason?: string;
}

/**
 * Every template and the data it renders. Add a template by adding a member here and its
 * renderer in the infrastructure's mail templates (the compiler then insists on both).
 */
export interface EmailTemplateData {
  /** Tickets issued: one QR image per ticket, human codes, event details and an `.ics` attachment. */
  'booking-confirmed': {
    recipientName: string;
    bookingId: string;
    event: EmailEventSummary;
    tickets: EmailTicket[];
    /** Minor units. */
    totalAmount: number;
    /** ISO 4217. */
    currency: string;
  };
  /** A manual payment was rejected by staff; the booking stays payable until `payableUntil`. */
  'payment-rejected': {
    recipientName: string;
    bookingId: string;
    eventTitle: string;
    reason: string;
    /** UTC instant at which the booking's hold ends. */
    payableUntil: Date;
    /** How to pay manually (the organisation's `manualPaymentInstructions`), plain text. */
    paymentInstructions?: string;
  };
  /** A payment arrived after the hold expired and the seats were gone: it was refunded in full. */
  'payment-refunded-after-expiry': {
    recipientName: string;
    bookingId: string;
    eventTitle: string;
    /** Minor units. */
    amount: number;
    /** ISO 4217. */
    currency: string;
  };
  'refund-requested': RefundEmailData;
  'refund-approved': RefundEmailData;
  'refund-completed': RefundEmailData;
  'refund-rejected': RefundEmailData;
  'refund-failed': RefundEmailData;
  /** Sent to the recipient of a ticket transfer (who may not have an account yet). */
  'transfer-offered': {
    recipientEmail: string;
    senderName: string;
    eventTitle: string;
    ticketTypeName: string;
    /** The sender's note, shown as plain text. */
    message?: string;
    transferId: string;
    /** UTC instant after which the offer lapses. */
    expiresAt: Date;
    /** Where the recipient accepts the offer (an `http(s)` URL), when the deployment has a front end. */
    acceptUrl?: string;
  };
  /** Sent to the sender when the recipient accepted. */
  'transfer-accepted': {
    senderName: string;
    recipientName: string;
    eventTitle: string;
    ticketTypeName: string;
  };
  /** Sent on registration (and on request): proves the owner receives mail at the account's address. */
  'verify-email': {
    recipientName: string;
    /** The verification token, to post to `/api/v1/auth/verify-email`. */
    token: string;
    /** UTC instant the token expires. */
    expiresAt: Date;
    /** The front end's verification page with the token (an `http(s)` URL), when the deployment has one. */
    verifyUrl?: string;
  };
  /**
   * Sent on request (`POST /auth/password-reset`) and when someone registers with the e-mail of an
   * account that has no password yet (made for a box-office buyer): whoever holds the token sets
   * the password, proving they receive mail at the address.
   */
  'password-reset': {
    recipientName: string;
    /** The reset token, to post to `/api/v1/auth/password-reset/confirm` with the new password. */
    token: string;
    /** UTC instant the token expires. */
    expiresAt: Date;
    /** True when the account has no password yet (tickets bought at the box office wait in it). */
    claim: boolean;
  };
  /** Sent to the buyer (and other holders of its voided tickets) when an organiser cancels a paid or confirmed booking. */
  'booking-cancelled': {
    recipientName: string;
    eventTitle: string;
    /** UTC instant the event starts. */
    startsAt: Date;
    /** IANA time zone for display. */
    timezone: string;
    bookingId: string;
    /** The organiser's reason, shown as given (plain text). */
    reason?: string;
    /** Minor units being refunded to this recipient, when a payment is refunded. */
    refundAmount?: number;
    /** ISO 4217, with `refundAmount`. */
    currency?: string;
    /** Tickets that were already checked in and stay valid. */
    keptTickets: number;
  };
  /** Sent to every holder of an event that was cancelled. */
  'event-cancelled': {
    recipientName: string;
    eventTitle: string;
    /** UTC instant the event was to start. */
    startsAt: Date;
    /** IANA time zone for display. */
    timezone: string;
    /** Minor units refunded to this recipient, when a payment is refunded. */
    refundAmount?: number;
    /** ISO 4217, with `refundAmount`. */
    currency?: string;
  };
}

/** A template name: `booking-confirmed`, `payment-rejected`, … */
export type EmailTemplate = keyof EmailTemplateData;

/** Every template name, for validation (e.g. the `template` filter of `GET /messages`). */
export const EMAIL_TEMPLATES = [
  'booking-confirmed',
  'payment-rejected',
  'payment-refunded-after-expiry',
  'refund-requested',
  'refund-approved',
  'refund-completed',
  'refund-rejected',
  'refund-failed',
  'transfer-offered',
  'transfer-accepted',
  'event-cancelled',
  'booking-cancelled',
  'verify-email',
  'password-reset',
] as const satisfies readonly EmailTemplate[];

// Compile-time check that EMAIL_TEMPLATES names every template.
type MissingTemplates = Exclude<EmailTemplate, (typeof EMAIL_TEMPLATES)[number]>;
const _allTemplatesListed: MissingTemplates extends never ? true : MissingTemplates = true;

/** One message to send, as a discriminated union on `template` (the data must match it). */
export type OutgoingEmail = {
  [T in EmailTemplate]: {
    /** The recipient's address (RFC 5322 addr-spec, e.g. `ada@example.com`). */
    to: string;
    template: T;
    data: EmailTemplateData[T];
    /**
     * At most one message is ever queued per key (up to 255 characters): enqueueing a key that
     * exists is a silent no-op. Use it to say "one confirmation per booking":
     * `booking-confirmed:<bookingId>`.
     */
    dedupeKey?: string;
  };
}[EmailTemplate];

/**
 * Port: the transactional outbox. `enqueue` writes the message in the caller's current
 * transaction (the one opened by `TransactionRunner.run`), so the state change and its e-mail
 * commit or roll back together; outside a transaction it commits on its own. Nothing is sent
 * here: a worker sends queued messages later, with retries, so a mail server outage never fails
 * the caller. Implemented by the infrastructure lib.
 * @throws Error only when the database fails (the caller's transaction then rolls back).
 */
export abstract class EmailOutbox {
  abstract enqueue(message: OutgoingEmail): Promise<void>;
}

/** Where a message is: `queued` (waiting or retrying), `sent` (accepted by the mail server), `failed` (gave up). */
export type EmailStatus = 'queued' | 'sent' | 'failed';

export const EMAIL_STATUSES: readonly EmailStatus[] = ['queued', 'sent', 'failed'];

/** One message of the outgoing log. */
export interface EmailRecord {
  id: string;
  to: string;
  template: EmailTemplate;
  subject: string;
  status: EmailStatus;
  /** Delivery attempts so far (the one in progress included). */
  attempts: number;
  /** The last delivery error, when an attempt failed. */
  lastError: string | null;
  /** When the next attempt is due (UTC); null once sent or failed. */
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

export interface EmailFilter {
  status?: EmailStatus;
  /** Recipient address, compared case-insensitively. */
  to?: string;
  template?: EmailTemplate;
}

/** Port: the log of outgoing e-mail (`GET /messages`), newest first. */
export abstract class EmailLog {
  abstract list(filter: EmailFilter, page: PageRequest): Promise<Page<EmailRecord>>;
}

/**
 * A link for an e-mail: `url` (a front-end page from configuration) with the query parameter
 * `name=value` set, keeping its other parameters (WHATWG URL encoding).
 */
export function linkWithParam(url: string, name: string, value: string): string {
  const link = new URL(url);
  link.searchParams.set(name, value);
  return link.toString();
}
