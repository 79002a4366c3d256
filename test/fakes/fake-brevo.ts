import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One message Brevo accepted (the JSON body of `POST /v3/smtp/email`, as sent). */
export interface BrevoEmail {
  messageId: string;
  sender: { name?: string; email: string };
  to: { email: string; name?: string }[];
  subject: string;
  htmlContent: string;
  textContent?: string;
  headers?: Record<string, string>;
  attachment?: { name: string; content: string }[];
}

/**
 * How the fake answers: `ok` 201; `down` 503 (nothing accepted); `rate_limited` 429;
 * `unauthorized` 401 (a revoked key); `accept_then_cut` accepts the message, then destroys the
 * connection before answering (the sender cannot know it went out); `hang` never answers.
 */
export type BrevoMode = 'ok' | 'down' | 'rate_limited' | 'unauthorized' | 'accept_then_cut' | 'hang';

/**
 * A local stand-in for Brevo's transactional e-mail API (https://developers.brevo.com/reference/send-transac-email):
 * `POST /v3/smtp/email` with the `api-key` header and a JSON body; it checks the fields Brevo
 * requires (sender, to, subject, htmlContent, base64 attachments with names), honours
 * `headers["Idempotency-Key"]` as Brevo does (a repeated key answers the first message's id and
 * sends nothing), and answers 201 `{messageId}`, 400/401 `{code, message}`, 429 or 503. `stop()`
 * closes the port (connections refused).
 */
export class FakeBrevo {
  readonly accepted: BrevoEmail[] = [];
  /** Every request that reached the handler, accepted or not. */
  requests = 0;
  mode: BrevoMode = 'ok';
  port = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly keys = new Map<string, string>();

  constructor(readonly apiKey = 'xkeysib-test-key') {}

  static async start(apiKey?: string): Promise<FakeBrevo> {
    const fake = new FakeBrevo(apiKey);
    await fake.start();
    return fake;
  }

  /** The API base to configure: `http://127.0.0.1:<port>/v3`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/v3`;
  }

  to(address: string): BrevoEmail[] {
    return this.accepted.filter((m) => m.to.some((r) => r.email === address));
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests++;
    const answer = (status: number, body: object): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST' || req.url !== '/v3/smtp/email') return answer(404, { code: 'not_found', message: 'Not found' });
    if (this.mode === 'hang') return;
    if (this.mode === 'down') return answer(503, { code: 'service_unavailable', message: 'Service temporarily unavailable' });
    if (this.mode === 'rate_limited') return answer(429, { code: 'too_many_requests', message: 'Rate limit exceeded' });
    if (this.mode === 'unauthorized' || req.headers['api-key'] !== this.apiKey) return answer(401, { code: 'unauthorized', message: 'Key not found' });
    if (!String(req.headers['content-type']).startsWith('application/json'))
      return answer(400, { code: 'invalid_parameter', message: 'Content-Type must be application/json' });
    let body: BrevoEmail;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BrevoEmail;
    } catch {
      return answer(400, { code: 'bad_request', message: 'Invalid JSON' });
    }
    const problem = invalid(body);
    if (problem) return answer(400, { code: 'invalid_parameter', message: problem });
    const key = body.headers?.['Idempotency-Key'];
    const seen = key ? this.keys.get(key) : undefined;
    if (seen) return answer(201, { messageId: seen });
    const messageId = `<${randomUUID()}@smtp-relay.mailin.fr>`;
    if (key) this.keys.set(key, messageId);
    this.accepted.push({ ...body, messageId });
    if (this.mode === 'accept_then_cut') {
      req.socket.destroy();
      return;
    }
    answer(201, { messageId });
  }
}

function invalid(body: BrevoEmail): string | null {
  if (!body.sender?.email) return 'sender is missing';
  if (!Array.isArray(body.to) || body.to.length === 0 || body.to.some((r) => !/^[^@\s]+@[^@\s]+$/.test(r.email))) return 'to is invalid';
  if (!body.subject) return 'subject is missing';
  if (!body.htmlContent && !body.textContent) return 'htmlContent is missing';
  for (const a of body.attachment ?? []) {
    if (!a.name || !/^[A-Za-z0-9+/]+=*$/.test(a.content)) return 'attachment must have a name and base64 content';
    if (!/\.(png|ics|pdf|jpg|jpeg|gif|txt|csv)$/i.test(a.name)) return `attachment extension of ${a.name} is not allowed`;
  }
  return null;
}
