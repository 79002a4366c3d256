/**
 * `pending_payment -> confirmed | expired | cancelled`; `expired -> confirmed` (a payment that
 * arrived late re-takes the seats); `confirmed -> partially_refunded -> refunded`;
 * `confirmed | partially_refunded -> cancelled` (event cancelled): {@link BOOKING_TRANSITIONS}.
 * Every transition is one conditional statement on the current status, so racing transitions
 * (expiry, cancel, payment) have exactly one winner.
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
 * Statuses of a booking whose remaining tickets are paid for: `confirmed`, or `partially_refunded`
 * (its tickets not refunded still admit, can be transferred and refunded). The one list behind
 * {@link isPaidBooking} and the SQL that asks the same (`b.status = ANY($n)`, bound to this).
 */
export const PAID_BOOKING_STATUSES: readonly BookingStatus[] = [BookingStatus.Confirmed, BookingStatus.PartiallyRefunded];

/** True for a status in {@link PAID_BOOKING_STATUSES}. */
export function isPaidBooking(status: string): boolean {
  return (PAID_BOOKING_STATUSES as readonly string[]).includes(status);
}

/**
 * The booking state machine, one entry per transition the repository makes: the statuses it
 * starts `from` (the adapter's `WHERE status = ANY($n)`, bound to this list) and those it may
 * end in (`to`).
 * - `confirm`: a pending hold is paid (or free).
 * - `retake`: a payment arrived after the hold expired; the seats are taken again if still there.
 * - `release`: a pending hold expires or is cancelled; its seats go back.
 * - `settleRefund`: a refund completed; the booking is partly or wholly refunded.
 * - `cancelPaid`: the event was cancelled under a paid booking.
 */
export const BOOKING_TRANSITIONS = {
  confirm: { from: [BookingStatus.PendingPayment], to: [BookingStatus.Confirmed] },
  retake: { from: [BookingStatus.Expired], to: [BookingStatus.Confirmed] },
  release: { from: [BookingStatus.PendingPayment], to: [BookingStatus.Expired, BookingStatus.Cancelled] },
  settleRefund: { from: PAID_BOOKING_STATUSES, to: [BookingStatus.PartiallyRefunded, BookingStatus.Refunded] },
  cancelPaid: { from: PAID_BOOKING_STATUSES, to: [BookingStatus.Cancelled] },
} as const satisfies Record<string, { from: readonly BookingStatus[]; to: readonly BookingStatus[] }>;

/** A name of a transition in {@link BOOKING_TRANSITIONS}. */
export type BookingTransition = keyof typeof BOOKING_TRANSITIONS;

/** True when `transition` may start from a booking in `status`. */
export function canTransition(status: string, transition: BookingTransition): boolean {
  return (BOOKING_TRANSITIONS[transition].from as readonly string[]).includes(status);
}

/**
 * Statuses of a booking that an event cancellation still has to handle: a pending hold is
 * released (`release`), a paid booking is cancelled (`cancelPaid`); the others are final.
 */
export const OPEN_BOOKING_STATUSES: readonly BookingStatus[] = [...BOOKING_TRANSITIONS.release.from, ...BOOKING_TRANSITIONS.cancelPaid.from];

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
