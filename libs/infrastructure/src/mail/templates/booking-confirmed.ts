import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { renderQrPng } from '../../security/qr-png.js';
import { buildIcsCalendar } from '../ics.js';
import { formatMoney, formatRange, toDate } from './format.js';
import { html } from './html.js';
import { facts, heading, paragraph, strong, textFacts } from './layout.js';
import type { EmailTemplateRenderer, MailAttachment } from './types.js';

/** Content-ID of a ticket's inline QR image; the HTML shows it as `<img src="cid:qr-<ticketId>">`. */
export const qrContentId = (ticketId: string) => `qr-${ticketId}`;

/**
 * The ticket's QR code as a PNG: `qrPayload` encoded as-is, error correction level Q (25 % of the
 * code may be damaged or dirty and still scan), 4-module quiet zone, 4 pixels a module (about 240
 * px wide for a ticket payload), greyscale.
 */
export function renderTicketQrPng(qrPayload: string): Buffer {
  return renderQrPng(qrPayload, { errorCorrectionLevel: 'Q', margin: 4, scale: 4 });
}

/**
 * `booking-confirmed`: the tickets. One inline QR PNG per ticket (`qr-<ticketId>.png`, cid
 * `qr-<ticketId>`) and `event.ics`, an RFC 5545 VEVENT in UTC, for the buyer's calendar.
 */
export const bookingConfirmed: EmailTemplateRenderer<'booking-confirmed'> = {
  subject: (d) => `Your tickets for ${d.event.title}`,

  async body(d, context) {
    const { event } = d;
    const when = formatRange(event.startsAt, event.endsAt, event.timezone);
    const total = formatMoney(d.totalAmount, d.currency);
    // A few ms of CPU an image: the event loop gets a turn between them, so a 100-ticket booking
    // does not hold back the API requests sharing this process.
    const attachments: MailAttachment[] = [];
    for (const t of d.tickets) {
      if (attachments.length) await yieldToEventLoop();
      attachments.push({
        filename: `${qrContentId(t.ticketId)}.png`,
        content: renderTicketQrPng(t.qrPayload),
        contentType: 'image/png',
        cid: qrContentId(t.ticketId),
      });
    }
    attachments.push({
      filename: 'event.ics',
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      content: buildIcsCalendar(
        [
          {
            uid: `booking-${d.bookingId}@ticketing`,
            stamp: context.createdAt,
            start: toDate(event.startsAt),
            end: toDate(event.endsAt),
            summary: event.title,
            location: event.venue,
            description: `Booking ${d.bookingId}. Tickets: ${d.tickets.map((t) => t.code).join(', ')}.`,
          },
        ],
        { prodId: '-//Ticketing API//Bookings//EN', method: 'PUBLISH' },
      ),
    });

    const tickets = d.tickets.map(
      (t) =>
        html`<table role="presentation" cellspacing="0" cellpadding="0" style="width:100%;border:1px solid #e4e7eb;border-radius:8px;margin:0 0 16px;">
          <tr>
            <td style="padding:16px;text-align:center;">
              <img src="cid:${qrContentId(t.ticketId)}" width="200" height="200" alt="QR code of ticket ${t.code}" style="display:block;margin:0 auto 8px;" />
              <div style="font-family:Menlo,Consolas,monospace;font-size:18px;letter-spacing:1px;">${t.code}</div>
              <div style="font-size:14px;color:#52606d;margin-top:4px;">${t.holderName} · ${t.ticketTypeName}</div>
            </td>
          </tr>
        </table>`,
    );

    return {
      html: html`${heading(html`Your tickets for ${event.title}`)}
      ${paragraph(`Hi ${d.recipientName}, your booking is confirmed. Show the QR code or the ticket code at the entrance.`)}
      ${facts([
        ['Event', strong(event.title)],
        ['When', when],
        ['Where', event.venue],
        ['Tickets', d.tickets.length],
        ['Total paid', total],
        ['Booking', d.bookingId],
      ])}
      ${tickets} ${paragraph('The attached event.ics adds the event to your calendar.')}`,
      text: [
        `Hi ${d.recipientName},`,
        '',
        `Your booking for ${event.title} is confirmed. Show the QR code or the ticket code at the entrance.`,
        '',
        textFacts([
          ['Event', event.title],
          ['When', when],
          ['Where', event.venue],
          ['Total paid', total],
          ['Booking', d.bookingId],
        ]),
        '',
        'Tickets:',
        ...d.tickets.map((t) => `  ${t.code}  ${t.holderName} (${t.ticketTypeName})`),
        '',
        'The QR codes are attached as images; event.ics adds the event to your calendar.',
      ].join('\n'),
      attachments,
    };
  },
};
