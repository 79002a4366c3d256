/**
 * Settings of the mail module, handed over by the composition root as plain values (the
 * infrastructure does not read the app's configuration class).
 */
export abstract class MailOptions {
  /**
   * SMTP server: `smtp://user:pass@host:587` (STARTTLS when the server offers it) or
   * `smtps://user:pass@host:465` (TLS from the start). Unset: messages are written as `.eml`
   * files under {@link fileDir} and logged, nothing leaves the machine.
   */
  abstract readonly smtpUrl?: string;
  /**
   * Brevo's HTTP API (key and base URL): when set, messages go to Brevo first and to
   * {@link smtpUrl}, if set, when Brevo does not take one (see FallbackMailTransport).
   */
  abstract readonly brevo?: { apiKey: string; apiUrl: string; timeoutMs?: number };
  /** The RFC 5322 From: `Ticketing <no-reply@example.com>`; its domain also names Message-IDs. */
  abstract readonly from: string;
  /** Folder of the `.eml` files when there is no SMTP server (`DATA_DIR/mail`). */
  abstract readonly fileDir: string;
  /** Poll for due messages in the background (off: only explicit `drain()` calls send). */
  abstract readonly workerEnabled: boolean;
  /** Milliseconds between two polls. */
  abstract readonly pollIntervalMs: number;
  /** Seconds before the first retry; each further retry waits twice as long (with jitter), capped at 15 minutes. */
  abstract readonly retryBaseSeconds: number;
  /** Attempts after which a message is marked `failed` (the first attempt counts). */
  abstract readonly maxAttempts: number;
  /** Messages claimed per batch (default 20). */
  abstract readonly batchSize?: number;
  /**
   * Seconds a claimed batch stays leased to its worker (default 300). It must outlive the sending
   * of a whole batch; a worker that dies mid-batch leaves its messages to others after it.
   */
  abstract readonly leaseSeconds?: number;
}
