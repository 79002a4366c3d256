import type { EmailTemplate, EmailTemplateData } from '@app/shared';
import type { SafeHtml } from './html.js';

/**
 * Template data as it comes back from the outbox's JSON column: every `Date` may be an ISO 8601
 * string. Templates accept both, so they render fresh data (tests) and stored data alike.
 */
export type Stored<T> = T extends Date ? Date | string : T extends readonly (infer U)[] ? Stored<U>[] : T extends object ? { [K in keyof T]: Stored<T[K]> } : T;

/** A MIME attachment; with `cid` it is an inline part that the HTML references as `cid:<cid>`. */
export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
  cid?: string;
}

/** A rendered message body: subject, HTML and plain-text alternatives, attachments. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
}

/** Facts about the outbox message being rendered. */
export interface RenderContext {
  /** The outbox message id (stable across retries). */
  messageId: string;
  /** When the message was queued (UTC); e.g. the calendar's DTSTAMP. */
  createdAt: Date;
  /** The organisation's name (settings), for the footer; left out, the footer names no one. */
  organisationName?: string;
}

/** The body parts a template writes; the layout wraps the HTML. */
export interface TemplateBody {
  /** Inner HTML (inside the layout's card). */
  html: SafeHtml;
  text: string;
  attachments?: MailAttachment[];
}

/** One template: a subject (rendered at enqueue, for the log) and a body (rendered at send). */
export interface EmailTemplateRenderer<T extends EmailTemplate> {
  subject(data: Stored<EmailTemplateData[T]>): string;
  body(data: Stored<EmailTemplateData[T]>, context: RenderContext): TemplateBody | Promise<TemplateBody>;
}
