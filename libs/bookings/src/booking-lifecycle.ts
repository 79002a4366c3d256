import { Injectable } from '@nestjs/common';
import type { Booking } from './booking.js';

/** Runs inside the transaction that confirms the booking; throwing rolls the confirmation back. */
export type BookingConfirmedListener = (booking: Booking) => Promise<void>;

/**
 * The seam between bookings and what follows a confirmation (ticket issuance, the confirmation
 * e-mail): other modules register listeners at start; `confirmed` awaits them in order, in the
 * confirming transaction, so a booking is never confirmed without its tickets.
 */
@Injectable()
export class BookingLifecycle {
  private readonly listeners: BookingConfirmedListener[] = [];

  onConfirmed(listener: BookingConfirmedListener): void {
    this.listeners.push(listener);
  }

  async confirmed(booking: Booking): Promise<void> {
    for (const listener of this.listeners) await listener(booking);
  }
}
