import { formatDateTime, formatMoney } from './format.js';
import { html } from './html.js';
import { facts, heading, paragraph, strong, textFacts } from './layout.js';
import type { EmailTemplateRenderer } from './types.js';

/** `event-cancelled`, to every holder: the event is off; the refund (minor units) when a payment is refunded. */
export const eventCancelled: EmailTemplateRenderer<'event-cancelled'> = {
  subject: (d) => `Cancelled: ${d.eventTitle}`,
  body(d) {
    const rows: [string, string][] = [
      ['Event', d.eventTitle],
      ['Was to start', formatDateTime(d.startsAt, d.timezone)],
    ];
    const refund = d.refundAmount !== undefined && d.currency ? formatMoney(d.refundAmount, d.currency) : null;
    if (refund) rows.push(['Refund', refund]);
    const after = refund ? 'Your payment is being refunded in full; you do not need to do anything.' : 'Your tickets are no longer valid.';
    return {
      html: html`${heading('Event cancelled')} ${paragraph(`Hi ${d.recipientName}, we are sorry: `, strong(d.eventTitle), ' has been cancelled.')}
      ${facts(rows)} ${paragraph(after)}`,
      text: [`Hi ${d.recipientName},`, '', `We are sorry: ${d.eventTitle} has been cancelled.`, '', textFacts(rows), '', after].join('\n'),
    };
  },
};
