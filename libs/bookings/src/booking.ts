/**
 * `pending_payment -> confirmed | expired | cancelled`; `expired -> confirmed` (a payment that
 * arrived late re-takes the seats); `confirmed -> partially_refunded -> refunded`;
 * `confirmed | partially_refunded -> cancelled` (event cancelled). Every transition is one conditional
 * statement on the current status, so racing transitions (expiry, cancel, payment) have exactly
 * one winner.
 */
export enum BookingStatus {
  PendingPayment = 'pending_payment',
  Confirmed = 'confirmed',
  Expired = 'expired',
  Cancelled = 'cancelled',
  PartiallyRefunded = 'partially_refunded',
  Refunded = 'refunded',
}

/**
 * True for a booking whose remaining tickets are paid for: `confirmed`, or `partially_refunded`
 * (its tickets not refunded still admit, can be transferred and refunded).
 */
export function isPaidBooking(status: string): boolean {
  return status === BookingStatus.Confirmed || status === BookingStatus.PartiallyRefunded;
}

export interface BookingItem {
  ticketTypeId: string;
  quantity: number;
  /** Minor units, the ticket type's price when the seats were held. */
  unitPrice: number;
}

export interface Attendee {
  name: string;
  email?: string;
  /** E.164 (`+2348012345678`). */
  phone?: string;
}

/** A booking: seats held for (or sold to) one user at one event. Money in minor units. */
export interface Booking {
  id: string;
  eventId: string;
  userId: string;
  status: BookingStatus;
  items: BookingItem[];
  attendees: Attendee[];
  totalAmount: number;
  currency: string;
  /** When the hold ends if unpaid (UTC). */
  expiresAt: Date;
  /** The admin who booked on the user's behalf, if any. */
  createdBy: string | null;
  /** The group's name on a team booking (trimmed, at most {@link TEAM_NAME_MAX_LENGTH}), else null. */
  teamName: string | null;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  expiredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Longest team name, in characters. */
export const TEAM_NAME_MAX_LENGTH = 100;

export function seatCount(items: readonly Pick<BookingItem, 'quantity'>[]): number {
  return items.reduce((sum, item) => sum + item.quantity, 0);
}
