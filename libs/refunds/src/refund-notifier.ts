import { Injectable } from '@nestjs/common';
import { BookingsService } from '@app/bookings';
import { EventsService } from '@app/events';
import { EmailOutbox } from '@app/shared';
import { UsersService } from '@app/users';
import type { Refund } from './refund.js';

type RefundTemplate = 'refund-requested' | 'refund-approved' | 'refund-completed' | 'refund-rejected' | 'refund-failed';

/**
 * Queues the buyer's e-mail about a refund step, in the caller's transaction: once per refund and
 * step, except `refund-approved` and `refund-failed`, which a retried refund may go through again
 * (each time is its own message).
 */
@Injectable()
export class RefundNotifier {
  constructor(
    private readonly outbox: EmailOutbox,
    private readonly users: UsersService,
    private readonly bookings: BookingsService,
    private readonly events: EventsService,
  ) {}

  async notify(refund: Refund, template: RefundTemplate, reason?: string): Promise<void> {
    const buyer = await this.users.find(refund.userId);
    if (!buyer) return;
    const booking = await this.bookings.find(refund.bookingId);
    const event = booking ? await this.events.find(booking.eventId) : null;
    if (refund.kind === 'automatic' && template === 'refund-completed') {
      await this.outbox.enqueue({
        to: buyer.email,
        template: 'payment-refunded-after-expiry',
        dedupeKey: `refund-completed:${refund.id}`,
        data: { recipientName: buyer.name, bookingId: refund.bookingId, eventTitle: event?.title ?? '', amount: refund.amount, currency: refund.currency },
      });
      return;
    }
    await this.outbox.enqueue({
      to: buyer.email,
      template,
      // A failed refund may be retried and fail again: each failure is its own message.
      dedupeKey: template === 'refund-failed' || template === 'refund-approved' ? undefined : `${template}:${refund.id}`,
      data: {
        recipientName: buyer.name,
        refundId: refund.id,
        bookingId: refund.bookingId,
        eventTitle: event?.title ?? '',
        amount: refund.amount,
        currency: refund.currency,
        reason,
      },
    });
  }
}
