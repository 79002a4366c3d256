import { Injectable } from '@nestjs/common';
import { Booking, BookingStatus } from '@app/bookings';
import { BookingPayments, PaymentsService, summarizeBookingPayments } from '@app/payments';
import { Ticket, TicketsService } from '@app/tickets';

/** A booking with what its owner wants to see with it: how it is paid, and its tickets. */
export interface BookingView {
  booking: Booking;
  /** Its payment attempts, oldest first, and their summary (`summarizeBookingPayments`). */
  payment: BookingPayments;
  /** The tickets the booking's buyer holds (a ticket transferred away shows as `transferred`). */
  tickets: Ticket[];
}

/**
 * Assembles booking views for a page of bookings with one read of payments and one of tickets,
 * whatever the page size (no query per booking), through the payments' and tickets' services.
 */
@Injectable()
export class BookingViews {
  constructor(
    private readonly payments: PaymentsService,
    private readonly tickets: TicketsService,
  ) {}

  /**
   * The view of a booking this request has just created: a held (`pending_payment`) booking has
   * neither payments nor tickets yet, so nothing is read; a free one (confirmed at once) reads its
   * tickets as {@link of} does.
   */
  async ofCreated(booking: Booking): Promise<BookingView> {
    if (booking.status === BookingStatus.PendingPayment) {
      return { booking, payment: { payments: [], summary: summarizeBookingPayments(booking.totalAmount, []) }, tickets: [] };
    }
    return (await this.of([booking]))[0]!;
  }

  async of(bookings: Booking[]): Promise<BookingView[]> {
    const [payments, tickets] = await Promise.all([this.payments.ofBookings(bookings), this.tickets.heldByBuyers(bookings)]);
    return bookings.map((booking) => ({ booking, payment: payments.get(booking.id)!, tickets: tickets.get(booking.id)! }));
  }
}
