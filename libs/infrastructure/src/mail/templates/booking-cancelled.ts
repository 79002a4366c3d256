import { formatDateTime, formatMoney } from './format.js';
import { html } from './html.js';
import { facts, heading, paragraph, strong, textFacts } from './layout.js';
import type { EmailTemplateRenderer } from './types.js';

/**
 * `booking-cancelled`, to the buyer and other holders of its voided tickets: the organiser
 * cancelled the booking, with the reason as given (escaped text), the refund (minor units) when a
 * payment is refunded, and how many checked-in tickets stay valid.
 */
export const bookingCancelled: EmailTemplateRenderer<'booking-cancelled'> = {
  subject: (d) => `Your booking for ${d.eventTitle} was cancelled`,
  body(d) {
    const rows: [string, string][] = [
      ['Event', d.eventTitle],
      ['Starts', formatDateTime(d.startsAt, d.timezone)],
      ['Booking', d.bookingId],
    ];
    if (d.reason) rows.push(['Reason', d.reason]);
    const refund = d.refundAmount !== undefined && d.currency ? formatMoney(d.refundAmount, d.currency) : null;
    if (refund) rows.push(['Refund', refund]);
    const after = [
      refund ? 'Your payment is being refunded; you do not need to do anything.' : 'Its tickets are no longer valid.',
      d.keptTickets > 0 ? `${d.keptTickets} ticket(s) already used at the gate stay valid.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return {
      html: html`${heading('Booking cancelled')} ${paragraph(`Hi ${d.recipientName}, the organiser of `, strong(d.eventTitle), ' cancelled your booking.')}
      ${facts(rows)} ${paragraph(after)}`,
      text: [`Hi ${d.recipientName},`, '', `The organiser of ${d.eventTitle} cancelled your booking.`, '', textFacts(rows), '', after].join('\n'),
    };
  },
};
