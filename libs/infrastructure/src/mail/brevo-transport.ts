import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { MailTransport, type MailMessage } from './mail-transport.js';

/** Settings of the Brevo adapter. */
export interface BrevoOptions {
  apiKey: string;
  /** API base, default `https://api.brevo.com/v3` (tests point it at a local fake). */
  apiUrl: string;
  /** The RFC 5322 From (`Ticketing <no-reply@example.com>`), a sender verified in the Brevo account. */
  from: string;
  /** Milliseconds to wait for Brevo's answer (default 15,000). */
  timeoutMs?: number;
}

/**
 * Whether Brevo may have accepted a message whose send failed: `no` when it answered with an error
 * or could not be reached at all (safe to hand the message to another transport), `unknown` when
 * the request may have arrived and the answer was lost (timeout, connection cut): only Brevo itself,
 * with the same idempotency key, may be tried again.
 */
export type BrevoAccepted = 'no' | 'unknown';

/** A failed Brevo send. `permanent` when the same request cannot succeed later (400: Brevo refuses the message itself). */
export class BrevoSendError extends Error {
  constructor(
    message: string,
    readonly accepted: BrevoAccepted,
    readonly status?: number,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'BrevoSendError';
  }
}

/** Error codes of Node's fetch (undici) and sockets that mean no connection was ever made, so nothing was sent. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function causeCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** `Name <a@b>` or `a@b` -> Brevo's `{name?, email}`. */
export function parseMailbox(from: string): { name?: string; email: string } {
  const match = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(from);
  if (!match) return { email: from.trim() };
  const name = match[1]!.replace(/^"(.*)"$/, '$1');
  return name ? { name, email: match[2]! } : { email: match[2]! };
}

/**
 * Brevo's transactional e-mail API (`POST {apiUrl}/smtp/email`, header `api-key`;
 * https://developers.brevo.com/reference/send-transac-email). The outbox message id goes in
 * `headers["Idempotency-Key"]`, so a retry after a lost answer is sent once by Brevo (it keeps keys
 * 15 minutes). Brevo's API has no Content-ID images: inline images (the ticket QR codes) are sent as
 * ordinary attachments and the HTML names the attached file where the image was.
 */
export class BrevoMailTransport extends MailTransport {
  constructor(private readonly options: BrevoOptions) {
    super();
  }

  /**
   * @returns `brevo <messageId>` once Brevo answered 201.
   * @throws BrevoSendError: `accepted: 'no'` on an error answer or no connection; `'unknown'` on a
   *   timeout or a cut connection after the request was sent.
   */
  async send(message: MailMessage): Promise<string> {
    let response: Response;
    try {
      response = await fetch(`${this.options.apiUrl.replace(/\/+$/, '')}/smtp/email`, {
        method: 'POST',
        headers: { 'api-key': this.options.apiKey, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(this.body(message)),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const code = causeCode(error);
      const accepted: BrevoAccepted = code && NOT_CONNECTED.has(code) ? 'no' : 'unknown';
      throw new BrevoSendError(`Brevo unreachable (${code ?? (error as Error).name}): ${(error as Error).message}`, accepted);
    }
    let answer: { messageId?: string; code?: string; message?: string } = {};
    try {
      answer = (await response.json()) as typeof answer;
    } catch {
      if (response.status === 201) throw new BrevoSendError('Brevo answered 201 without a JSON body', 'unknown', 201);
    }
    if (response.status === 201) return `brevo ${answer.messageId ?? ''}`.trim();
    const permanent = response.status === 400;
    throw new BrevoSendError(
      `Brevo answered ${response.status} ${answer.code ?? ''}: ${answer.message ?? response.statusText}`,
      'no',
      response.status,
      permanent,
    );
  }

  close(): void {}

  private body(message: MailMessage) {
    let html = message.html;
    for (const a of message.attachments) {
      if (!a.cid) continue;
      const img = new RegExp(`<img\\b[^>]*\\bsrc="cid:${a.cid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`, 'g');
      html = html.replace(img, `<p style="text-align:center;font-family:monospace">[${a.filename}, attached]</p>`);
    }
    return {
      sender: parseMailbox(this.options.from),
      to: [{ email: message.to }],
      subject: message.subject,
      htmlContent: html,
      textContent: message.text,
      headers: { 'Idempotency-Key': message.id },
      ...(message.attachments.length
        ? { attachment: message.attachments.map((a) => ({ name: a.filename, content: Buffer.from(a.content).toString('base64') })) }
        : {}),
    };
  }
}

/**
 * Brevo first, SMTP when Brevo did not take the message: it answered an error (a 4xx or 5xx, the
 * account's key or sender refused included) or could not be reached. When Brevo may have taken it
 * (timeout, cut connection) the send fails instead and the outbox retries later through Brevo with
 * the same idempotency key, so the message is never handed to both. SMTP's answer then decides
 * (its 5yz is permanent, see {@link isPermanentMailError}).
 */
export class FallbackMailTransport extends MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly primary: BrevoMailTransport,
    private readonly fallback: MailTransport,
  ) {
    super();
  }

  async send(message: MailMessage): Promise<string> {
    try {
      return await this.primary.send(message);
    } catch (error) {
      if (!(error instanceof BrevoSendError) || error.accepted !== 'no') throw error;
      this.logger.warn(`Brevo did not take message ${message.id} (${error.message}); sending it over SMTP`);
      return `smtp fallback: ${await this.fallback.send(message)}`;
    }
  }

  async close(): Promise<void> {
    await this.primary.close();
    await this.fallback.close();
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
