import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/shared';
import type { Booking } from './booking.js';
import { BookingLifecycle } from './booking-lifecycle.js';
import { BookingRepository } from './booking.repository.js';

/**
 * Confirms a held booking: `pending_payment -> confirmed`, its held seats become sold, and the
 * confirmation listeners (ticket issuance, e-mail) run, all in one transaction. Racing
 * confirmations, expiries and cancellations have exactly one winner (a conditional update on the
 * booking's status); the losers get null and change nothing.
 */
@Injectable()
export class ConfirmBookingUseCase {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly lifecycle: BookingLifecycle,
    private readonly tx: TransactionRunner,
  ) {}

  /** The confirmed booking, or null when it was no longer `pending_payment`. */
  execute(bookingId: string): Promise<Booking | null> {
    return this.tx.run(async () => {
      const booking = await this.bookings.confirm(bookingId);
      if (booking) await this.lifecycle.confirmed(booking);
      return booking;
    });
  }

  /**
   * For a payment that arrived after the hold ended: `expired -> confirmed` if the
   * seats can be taken again (see {@link BookingRepository.retake}), with the confirmation
   * listeners; null when the seats are gone or the event is no longer on sale.
   */
  retake(bookingId: string): Promise<Booking | null> {
    return this.tx.run(async () => {
      const booking = await this.bookings.retake(bookingId);
      if (booking) await this.lifecycle.confirmed(booking);
      return booking;
    });
  }
}
