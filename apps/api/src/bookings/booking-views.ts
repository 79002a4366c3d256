import { Injectable } from '@nestjs/common';
import { Booking, BookingStatus } from '@app/bookings';
import { PAID_STATUSES, Payment, PaymentsService, PaymentStatus } from '@app/payments';
// eslint-disable-next-line no-restricted-imports -- removed by the leaks change
import { Ticket, TicketRepository } from '@app/tickets';

/** A booking with what its owner wants to see with it: how it is paid, and its tickets. */
export interface BookingView {
  booking: Booking;
  payments: Payment[];
  /** The tickets the booking's buyer holds (a ticket transferred away shows as `transferred`). */
  tickets: Ticket[];
}

/**
 * Assembles booking views for a page of bookings with one read of payments and one of tickets,
 * whatever the page size (no query per booking).
 */
@Injectable()
export class BookingViews {
  constructor(
    private readonly payments: PaymentsService,
    private readonly tickets: TicketRepository,
  ) {}

  /**
   * The view of a booking this request has just created: a held (`pending_payment`) booking has
   * neither payments nor tickets yet, so nothing is read; a free one (confirmed at once) reads its
   * tickets as {@link of} does.
   */
  async ofCreated(booking: Booking): Promise<BookingView> {
    if (booking.status === BookingStatus.PendingPayment) return { booking, payments: [], tickets: [] };
    return (await this.of([booking]))[0]!;
  }

  async of(bookings: Booking[]): Promise<BookingView[]> {
    const ids = bookings.map((b) => b.id);
    const [payments, tickets] = await Promise.all([this.payments.forBookings(ids), this.tickets.listByBookings(ids)]);
    return bookings.map((booking) => ({
      booking,
      payments: payments.filter((p) => p.bookingId === booking.id),
      tickets: tickets.filter((t) => t.bookingId === booking.id && t.userId === booking.userId),
    }));
  }
}

/** `free`, `unpaid`, `awaiting_review`, `paid`, `partially_refunded` or `refunded`, from the booking's payments. */
export function paymentState(booking: Booking, payments: Payment[]): string {
  const paid = payments.filter((p) => PAID_STATUSES.includes(p.status));
  if (paid.length) {
    const refunded = paid.reduce((n, p) => n + p.refundedAmount, 0);
    const amount = paid.reduce((n, p) => n + p.amount, 0);
    return refunded >= amount ? 'refunded' : refunded > 0 ? 'partially_refunded' : 'paid';
  }
  if (booking.totalAmount === 0) return 'free';
  return payments.some((p) => p.status === PaymentStatus.AwaitingReview) ? 'awaiting_review' : 'unpaid';
}
