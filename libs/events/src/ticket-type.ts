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

/** Whether the ticket type's sales window contains `now`. */
export function isOnSale(type: Pick<TicketType, 'salesStartAt' | 'salesEndAt'>, now = new Date()): boolean {
  return (!type.salesStartAt || type.salesStartAt.getTime() <= now.getTime()) && (!type.salesEndAt || type.salesEndAt.getTime() > now.getTime());
}
