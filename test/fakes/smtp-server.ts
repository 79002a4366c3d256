import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/** One message as the server received it. */
export interface ReceivedMail {
  /** SMTP envelope (MAIL FROM / RCPT TO). */
  from: string;
  to: string[];
  raw: Buffer;
  /** The message parsed by mailparser: subject, html, text, attachments, headers. */
  parsed: ParsedMail;
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package), so nodemailer's real client code
 * runs in tests. It keeps every message it accepts, parsed with mailparser. `stop()` closes the
 * port (an outage: connections are refused) and `start()` reopens the same port. Recipients in
 * `rejectRecipients` get a permanent `550` at RCPT TO; `dataDelayMs` slows down each DATA.
 */
export class FakeSmtpServer {
  readonly received: ReceivedMail[] = [];
  readonly rejectRecipients = new Set<string>();
  dataDelayMs = 0;
  port = 0;
  private server: SMTPServer | null = null;

  static async start(): Promise<FakeSmtpServer> {
    const fake = new FakeSmtpServer();
    await fake.start();
    return fake;
  }

  /** `smtp://127.0.0.1:<port>` (plain SMTP, no auth, no STARTTLS). */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** Messages delivered to `address` (envelope recipient). */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Listens on the same port as before (an ephemeral one the first time). */
  async start(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onRcptTo: (address, _session, callback) => {
        if (this.rejectRecipients.has(address.address.toLowerCase())) {
          callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
          return;
        }
        callback();
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const envelope = session.envelope;
          setTimeout(() => {
            simpleParser(raw, { keepCidLinks: true }).then(
              (parsed) => {
                this.received.push({
                  from: envelope.mailFrom ? envelope.mailFrom.address : '',
                  to: envelope.rcptTo.map((r) => r.address.toLowerCase()),
                  raw,
                  parsed,
                });
                callback();
              },
              (error: Error) => callback(error),
            );
          }, this.dataDelayMs);
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as { port: number }).port;
    this.server = server;
  }

  /** Closes the port and drops open connections: clients now get ECONNREFUSED. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves with the messages once at least `count` were received (to `to`, when given); rejects after `timeoutMs`. */
  async waitFor(count: number, options: { to?: string; timeoutMs?: number } = {}): Promise<ReceivedMail[]> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    const matching = () => (options.to ? this.to(options.to) : this.received);
    while (matching().length < count) {
      if (Date.now() > deadline) throw new Error(`Expected ${count} messages at the SMTP server, got ${matching().length}`);
      await sleep(20);
    }
    return matching();
  }
}
