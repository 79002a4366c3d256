import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { SendMailOptions, Transporter } from 'nodemailer';
import { MailOptions } from './mail-options.js';
import type { MailAttachment } from './templates/index.js';

/** A message ready for the wire. */
export interface MailMessage {
  /** The outbox message id: the Message-ID's local part, the same on every retry. */
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
}

/** Nodemailer's error fields that say whether a failure is worth retrying. */
interface SmtpError {
  code?: string;
  responseCode?: number;
}

/**
 * True when retrying cannot help: the server answered a permanent negative reply (5yz, RFC 5321
 * §4.2.1), e.g. `550 mailbox unavailable`, or an HTTP provider refused the message (`permanent`).
 * Connection failures, timeouts and 4yz replies are transient.
 */
export function isPermanentMailError(error: unknown): boolean {
  const e = (error ?? {}) as SmtpError & { permanent?: unknown };
  if (e.permanent === true) return true; // an HTTP provider refused the message itself (BrevoSendError)
  return typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
}

/** The domain of the From address (`no-reply@example.com` -> `example.com`), for Message-IDs. */
export function fromDomain(from: string): string {
  return /@([^\s<>@]+)\s*>?\s*$/.exec(from)?.[1] ?? 'localhost';
}

/**
 * Delivers one rendered message. Two adapters: SMTP (nodemailer, pooled) when `smtpUrl` is set,
 * else `.eml` files on disk. Both set From and a Message-ID of `<id@from-domain>` (RFC 5322
 * §3.6.4), stable across retries, so a receiver can recognise a duplicate.
 */
export abstract class MailTransport {
  /**
   * Sends `message`; resolves with a short description of where it went (SMTP reply or file path).
   * @throws the transport's error (nodemailer's, with `code`/`responseCode`) when it was not accepted.
   */
  abstract send(message: MailMessage): Promise<string>;
  abstract close(): void | Promise<void>;
}

function envelope(options: MailOptions, message: MailMessage): SendMailOptions {
  return {
    from: options.from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    messageId: `<${message.id}@${fromDomain(options.from)}>`,
    attachments: message.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType, cid: a.cid })),
  };
}

/**
 * SMTP through nodemailer's pooled transport (at most 3 connections, reused across messages).
 * Timeouts: 10 s to connect, 10 s for the greeting, 30 s of socket inactivity, so a dead server
 * fails a send within about a minute and the message is retried later.
 */
export class SmtpMailTransport extends MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter;

  constructor(private readonly options: MailOptions & { smtpUrl: string }) {
    super();
    this.transporter = nodemailer.createTransport({
      url: options.smtpUrl,
      pool: true,
      maxConnections: 3,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(message: MailMessage): Promise<string> {
    const info = await this.transporter.sendMail(envelope(this.options, message));
    return String(info.response ?? 'accepted');
  }

  close(): void {
    this.transporter.close();
  }

  onApplicationShutdown(): void {
    this.close();
  }
}

/**
 * No SMTP server (the embedded default): each message becomes `<fileDir>/<id>.eml`, the exact
 * RFC 5322 message that would have been sent (open it with any mail client), and the path is logged.
 */
export class FileMailTransport extends MailTransport {
  private readonly logger = new Logger('Mail');
  private readonly transporter: Transporter;

  constructor(private readonly options: MailOptions) {
    super();
    this.transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  async send(message: MailMessage): Promise<string> {
    const info = await this.transporter.sendMail(envelope(this.options, message));
    const path = join(this.options.fileDir, `${message.id}.eml`);
    await mkdir(this.options.fileDir, { recursive: true });
    await writeFile(path, info.message as Buffer);
    this.logger.log(`No SMTP_URL: wrote "${message.subject}" to ${path}`);
    return path;
  }

  close(): void {
    this.transporter.close();
  }
}
