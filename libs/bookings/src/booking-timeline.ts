/**
 * What can happen to a booking, in the order entries of one instant are listed (steps of one
 * transaction share their timestamp: a payment succeeding confirms the booking, issues its tickets
 * and queues the e-mail, all at once).
 */
export const TIMELINE_KINDS = [
  'booking.created',
  'payment.created',
  'payment.proof_uploaded',
  'payment.succeeded',
  'payment.failed',
  'booking.confirmed',
  'ticket.issued',
  'check_in.accepted',
  'check_in.refused',
  'refund.requested',
  'refund.approved',
  'refund.completed',
  'refund.rejected',
  'refund.failed',
  'transfer.offered',
  'transfer.accepted',
  'transfer.rejected',
  'transfer.cancelled',
  'transfer.expired',
  'booking.cancelled',
  'booking.expired',
  'audit',
  'email.queued',
  'email.sent',
  'email.failed',
] as const;

export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One thing that happened to a booking. */
export interface TimelineEntry {
  /** When it happened (UTC). */
  at: Date;
  kind: TimelineKind;
  /** One line for a person, e.g. `Payment PAY-… succeeded (manual)`. */
  summary: string;
  /** The user who did it, when known (a reviewer, scanner, refund decider, audit actor). */
  actorId: string | null;
  /** The stored facts behind the entry (ids, amounts in minor units, statuses); never secrets nor ticket QR payloads. */
  details: Record<string, unknown>;
}

/**
 * Port: a booking's history, merged from what is stored about it (the booking row's timestamps,
 * payments, tickets, check-ins, refunds, transfers, the buyer's e-mails about it, audit entries
 * with the booking as entity). Read-only; implemented by the infrastructure lib.
 */
export abstract class BookingTimelineReader {
  /**
   * Every entry of the booking, oldest first (ties in {@link TIMELINE_KINDS} order); null when the
   * booking does not exist.
   */
  abstract read(bookingId: string): Promise<TimelineEntry[] | null>;
  /** When the booking's tickets were last sent again (`booking.tickets_resent` audit entries); null if never. */
  abstract lastTicketsResentAt(bookingId: string): Promise<Date | null>;
}
