import type { EmailTemplate, EmailTemplateData } from '@app/shared';
import { EMAIL_TEMPLATES } from '@app/shared';
import { bookingConfirmed } from './booking-confirmed.js';
import { bookingCancelled } from './booking-cancelled.js';
import { eventCancelled } from './event-cancelled.js';
import { footer, layout } from './layout.js';
import { paymentRefundedAfterExpiry, paymentRejected } from './payment.js';
import { refundApproved, refundCompleted, refundFailed, refundRejected, refundRequested } from './refund.js';
import { transferAccepted, transferOffered } from './transfer.js';
import { passwordReset, verifyEmail } from './verify-email.js';
import type { EmailTemplateRenderer, RenderContext, RenderedEmail, Stored } from './types.js';

export type { MailAttachment, RenderContext, RenderedEmail, Stored } from './types.js';

/** Every template's renderer; the type insists on one per member of EmailTemplateData. */
const TEMPLATES: { [T in EmailTemplate]: EmailTemplateRenderer<T> } = {
  'booking-confirmed': bookingConfirmed,
  'payment-rejected': paymentRejected,
  'payment-refunded-after-expiry': paymentRefundedAfterExpiry,
  'refund-requested': refundRequested,
  'refund-approved': refundApproved,
  'refund-completed': refundCompleted,
  'refund-rejected': refundRejected,
  'refund-failed': refundFailed,
  'transfer-offered': transferOffered,
  'transfer-accepted': transferAccepted,
  'event-cancelled': eventCancelled,
  'booking-cancelled': bookingCancelled,
  'verify-email': verifyEmail,
  'password-reset': passwordReset,
};

/** True when `name` is a known template (stored rows carry the name as text). */
export function isEmailTemplate(name: string): name is EmailTemplate {
  return (EMAIL_TEMPLATES as readonly string[]).includes(name);
}

/** Subjects are one line (RFC 5322 §2.2: no CR/LF in a header body); collapse whitespace and cap at 200 characters. */
function oneLine(subject: string): string {
  const line = subject.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The subject line of a message (plain text; the mailer encodes it per RFC 2047). */
export function renderSubject<T extends EmailTemplate>(template: T, data: Stored<EmailTemplateData[T]>): string {
  const renderer: EmailTemplateRenderer<T> = TEMPLATES[template];
  return oneLine(renderer.subject(data));
}

/**
 * The whole message: subject, HTML (inside the shared layout), plain text and attachments.
 * @throws Error when the data does not fit the template (e.g. an invalid date for the calendar).
 */
export async function renderEmail<T extends EmailTemplate>(template: T, data: Stored<EmailTemplateData[T]>, context: RenderContext): Promise<RenderedEmail> {
  const subject = renderSubject(template, data);
  const body = await (TEMPLATES[template] as EmailTemplateRenderer<T>).body(data, context);
  return {
    subject,
    html: layout(subject, body.html, context.organisationName),
    text: context.organisationName ? `${body.text}\n\n--\n${footer(context.organisationName)}\n` : `${body.text}\n`,
    attachments: body.attachments ?? [],
  };
}
