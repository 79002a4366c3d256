import { formatDateTime, formatMoney } from './format.js';
import { html } from './html.js';
import { facts, heading, paragraph, preformatted, strong, textFacts } from './layout.js';
import type { EmailTemplateRenderer } from './types.js';

/** `payment-rejected`: staff rejected a manual payment; the booking stays payable until its hold ends (shown in UTC). */
export const paymentRejected: EmailTemplateRenderer<'payment-rejected'> = {
  subject: (d) => `Your payment for ${d.eventTitle} was not accepted`,
  body(d) {
    const rows: [string, string][] = [
      ['Reason', d.reason],
      ['Pay again before', formatDateTime(d.payableUntil, 'UTC')],
      ['Booking', d.bookingId],
    ];
    return {
      html: html`${heading('Your payment was not accepted')}
      ${paragraph(`Hi ${d.recipientName}, we could not accept the payment for your booking for `, strong(d.eventTitle), '.')} ${facts(rows)}
      ${paragraph('Your seats are held until then; after that the booking expires.')}
      ${d.paymentInstructions ? html`${paragraph(strong('How to pay'))}${preformatted(d.paymentInstructions)}` : null}`,
      text: [
        `Hi ${d.recipientName},`,
        '',
        `We could not accept the payment for your booking for ${d.eventTitle}.`,
        '',
        textFacts(rows),
        '',
        'Your seats are held until then; after that the booking expires.',
        ...(d.paymentInstructions ? ['', 'How to pay:', d.paymentInstructions] : []),
      ].join('\n'),
    };
  },
};

/** `payment-refunded-after-expiry`: a payment came in after the hold expired and the seats were gone; refunded in full. */
export const paymentRefundedAfterExpiry: EmailTemplateRenderer<'payment-refunded-after-expiry'> = {
  subject: (d) => `Your payment for ${d.eventTitle} has been refunded`,
  body(d) {
    const rows: [string, string][] = [
      ['Refunded', formatMoney(d.amount, d.currency)],
      ['Booking', d.bookingId],
    ];
    const why = ' arrived after your booking had expired, and the seats were no longer available. We have refunded it in full.';
    return {
      html: html`${heading('Your payment has been refunded')} ${paragraph(`Hi ${d.recipientName}, your payment for `, strong(d.eventTitle), why)} ${facts(rows)}`,
      text: [`Hi ${d.recipientName},`, '', `Your payment for ${d.eventTitle}${why}`, '', textFacts(rows)].join('\n'),
    };
  },
};
