/**
 * A kind of ticket for one event. `price` is in minor units of the event's currency.
 * `sold + held <= quantity` always holds (a database CHECK constraint).
 */
export interface TicketType {
  id: string;
  eventId: string;
  name: string;
  price: number;
  quantity: number;
  sold: number;
  held: number;
  /** Sales window, UTC; null means open on that side. */
  salesStartAt: Date | null;
  salesEndAt: Date | null;
  /** Most tickets of this type in one booking. */
  maxPerBooking: number;
  /** Whether a ticket of this type may enter again after it has been scanned out (`exit`). */
  reentry: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const DEFAULT_MAX_PER_BOOKING = 10;

/**
 * Whether the ticket type's sales window contains `now`: the window is half-open,
 * `[salesStartAt, salesEndAt)`, and a null bound is open on that side. The booking adapter's SQL
 * applies the same window (its twin test compares the two at the bounds).
 */
export function isOnSale(type: Pick<TicketType, 'salesStartAt' | 'salesEndAt'>, now = new Date()): boolean {
  return (!type.salesStartAt || type.salesStartAt.getTime() <= now.getTime()) && (!type.salesEndAt || type.salesEndAt.getTime() > now.getTime());
}

/**
 * Whether one booking may take `quantity` seats of this type (`quantity <= maxPerBooking`). The
 * hold's conditional UPDATE applies the same bound atomically and is authoritative; this one
 * explains a refusal early, field by field.
 */
export function fitsInOneBooking(type: Pick<TicketType, 'maxPerBooking'>, quantity: number): boolean {
  return quantity <= type.maxPerBooking;
}
