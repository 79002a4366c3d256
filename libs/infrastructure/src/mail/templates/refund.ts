import type { EmailTemplate, RefundEmailData } from '@app/shared';
import { formatMoney } from './format.js';
import { html } from './html.js';
import { facts, heading, paragraph, strong, textFacts } from './layout.js';
import type { EmailTemplateRenderer, Stored } from './types.js';

type RefundTemplate = Extract<EmailTemplate, `refund-${string}`>;

interface RefundWording {
  subject: (eventTitle: string) => string;
  title: string;
  /** What happened, after "Hi <name>, your refund for <event>". */
  sentence: string;
  /** Label of the reason row. */
  reasonLabel: string;
}

const WORDING: Record<RefundTemplate, RefundWording> = {
  'refund-requested': {
    subject: (e) => `We received your refund request for ${e}`,
    title: 'Refund requested',
    sentence: ' has been requested. We will let you know when it is reviewed.',
    reasonLabel: 'Your reason',
  },
  'refund-approved': {
    subject: (e) => `Your refund for ${e} was approved`,
    title: 'Refund approved',
    sentence: ' was approved and is on its way. The affected tickets are no longer valid.',
    reasonLabel: 'Note',
  },
  'refund-completed': {
    subject: (e) => `Your refund for ${e} is complete`,
    title: 'Refund complete',
    sentence: ' is complete. Depending on your bank it can take a few days to appear.',
    reasonLabel: 'Note',
  },
  'refund-rejected': {
    subject: (e) => `Your refund request for ${e} was declined`,
    title: 'Refund declined',
    sentence: ' was declined. Your tickets remain valid.',
    reasonLabel: 'Reason',
  },
  'refund-failed': {
    subject: (e) => `Your refund for ${e} could not be completed`,
    title: 'Refund not completed',
    sentence: ' could not be completed by the payment provider. Our team has been told and will follow up.',
    reasonLabel: 'Reason',
  },
};

/** The five refund updates share one layout and differ in wording (money shown from minor units). */
function refundTemplate(template: RefundTemplate): EmailTemplateRenderer<RefundTemplate> {
  const w = WORDING[template];
  return {
    subject: (d: Stored<RefundEmailData>) => w.subject(d.eventTitle),
    body(d: Stored<RefundEmailData>) {
      const rows: [string, string][] = [
        ['Amount', formatMoney(d.amount, d.currency)],
        ['Refund', d.refundId],
        ['Booking', d.bookingId],
      ];
      if (d.reason) rows.push([w.reasonLabel, d.reason]);
      return {
        html: html`${heading(w.title)} ${paragraph(`Hi ${d.recipientName}, your refund for `, strong(d.eventTitle), w.sentence)} ${facts(rows)}`,
        text: [`Hi ${d.recipientName},`, '', `Your refund for ${d.eventTitle}${w.sentence}`, '', textFacts(rows)].join('\n'),
      };
    },
  };
}

export const refundRequested = refundTemplate('refund-requested');
export const refundApproved = refundTemplate('refund-approved');
export const refundCompleted = refundTemplate('refund-completed');
export const refundRejected = refundTemplate('refund-rejected');
export const refundFailed = refundTemplate('refund-failed');
