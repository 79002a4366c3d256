import { formatDateTime } from './format.js';
import { html, safeHttpUrl } from './html.js';
import { facts, heading, paragraph, strong, textFacts } from './layout.js';
import type { EmailTemplateRenderer } from './types.js';

/**
 * The frame around a sender-written note: it is another user's text, not ours, so a phishing
 * note ("your account is locked, pay here") cannot pass for a message from the organiser.
 */
function messageFrame(senderName: string): string {
  return `A message written by ${senderName}, another user (not from the organiser; we do not check it, and we never ask for passwords or payments by e-mail):`;
}

/**
 * `transfer-offered`, to the recipient: who offers which ticket, the sender's note (as text), and
 * until when (UTC). Links only to an `http(s)` `acceptUrl`.
 */
export const transferOffered: EmailTemplateRenderer<'transfer-offered'> = {
  subject: (d) => `${d.senderName} is sending you a ticket for ${d.eventTitle}`,
  body(d) {
    const expires = formatDateTime(d.expiresAt, 'UTC');
    const acceptUrl = safeHttpUrl(d.acceptUrl);
    const rows: [string, string][] = [
      ['Event', d.eventTitle],
      ['Ticket', d.ticketTypeName],
      ['Offer expires', expires],
      ['Transfer', d.transferId],
    ];
    const how = `To accept, sign in (or sign up) with ${d.recipientEmail} and accept transfer ${d.transferId}.`;
    return {
      html: html`${heading('A ticket is waiting for you')}
      ${paragraph(strong(d.senderName), ' wants to give you a ', strong(d.ticketTypeName), ' ticket for ', strong(d.eventTitle), '.')}
      ${
        d.message
          ? html`<p style="margin:0 0 4px;color:#52606d;font-size:13px;">${messageFrame(d.senderName)}</p>
              <blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #cbd2d9;color:#3e4c59;white-space:pre-line;">${d.message}</blockquote>`
          : null
      }
      ${facts(rows)}
      ${acceptUrl ? html`<p style="margin:0 0 16px;"><a href="${acceptUrl}" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;">Accept the ticket</a></p>` : null}
      ${paragraph(how)}`,
      text: [
        `${d.senderName} wants to give you a ${d.ticketTypeName} ticket for ${d.eventTitle}.`,
        ...(d.message ? ['', messageFrame(d.senderName), ...d.message.split('\n').map((line) => `> ${line}`)] : []),
        '',
        textFacts(rows),
        '',
        ...(acceptUrl ? [`Accept: ${acceptUrl}`] : []),
        how,
      ].join('\n'),
    };
  },
};

/** `transfer-accepted`, to the sender: the recipient accepted; the sender's old ticket is void. */
export const transferAccepted: EmailTemplateRenderer<'transfer-accepted'> = {
  subject: (d) => `${d.recipientName} accepted your ticket for ${d.eventTitle}`,
  body(d) {
    const sentence = ` accepted your ${d.ticketTypeName} ticket for `;
    return {
      html: html`${heading('Your ticket transfer is complete')}
      ${paragraph(`Hi ${d.senderName}, `, strong(d.recipientName), sentence, strong(d.eventTitle), '. Your old ticket is no longer valid; they have a new one in their name.')}`,
      text: [
        `Hi ${d.senderName},`,
        '',
        `${d.recipientName}${sentence}${d.eventTitle}. Your old ticket is no longer valid; they have a new one in their name.`,
      ].join('\n'),
    };
  },
};
