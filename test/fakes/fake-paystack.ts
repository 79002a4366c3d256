import { createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A transaction as the fake keeps it. Amounts in minor units; times ISO 8601 UTC. */
export interface FakeTransaction {
  id: number;
  reference: string;
  email: string;
  amount: number;
  currency: string;
  /** Paystack statuses: `abandoned` until paid (as Paystack reports an unpaid checkout), then `success` / `failed`. */
  status: 'abandoned' | 'success' | 'failed' | 'ongoing' | 'pending' | 'reversed';
  gatewayResponse: string;
  accessCode: string;
  callbackUrl: string | null;
  metadata: unknown;
  createdAt: string;
  paidAt: string | null;
}

/** A refund as the fake keeps it. */
export interface FakeRefund {
  id: number;
  transactionId: number;
  transactionReference: string;
  amount: number;
  currency: string;
  status: 'pending' | 'processing' | 'processed' | 'failed';
  merchantNote: string | null;
  customerNote: string | null;
  createdAt: string;
}

/** One request that reached the fake (requests refused at the TCP level never appear). */
export interface LoggedRequest {
  method: string;
  /** Path with query string, e.g. `/transaction/verify/PAY-1`. */
  path: string;
  /** The parsed JSON body, or undefined. */
  body: unknown;
  /** Whether the Bearer secret key was right. */
  authorized: boolean;
  /** `Date.now()` when it arrived. */
  at: number;
}

/**
 * How the fake misbehaves: `false` serves normally; `refuse` stops listening and drops every open
 * connection (clients get ECONNREFUSED); `http500` answers every request `500`; `hang` accepts
 * requests and never answers (clients time out); `lose-answers` does what is asked (a refund is
 * created) and then drops the connection instead of answering (clients see a reset).
 */
export type OutageMode = false | 'refuse' | 'http500' | 'hang' | 'lose-answers';

/** Paystack webhook events the fake can send (any other string is sent as given). */
export type PaystackEvent = 'charge.success' | 'refund.processed' | 'refund.failed' | 'refund.pending' | (string & {});

/** The answer our API gave to a webhook. */
export interface WebhookDelivery {
  status: number;
  body: string;
  /** The exact bytes that were sent, and the signature header (if any). */
  rawBody: string;
  signature: string | undefined;
}

/**
 * A fake Paystack: a real HTTP server on 127.0.0.1 speaking Paystack's JSON API, so the real
 * adapter code runs against it. Implements:
 * - `POST /transaction/initialize` `{ email, amount, currency?, reference?, callback_url?, metadata? }` →
 *   `{ status: true, message: "Authorization URL created", data: { authorization_url, access_code, reference } }`;
 *   `400 Duplicate Transaction Reference` for a reference seen before.
 * - `GET /transaction/verify/:reference` → `{ status: true, message: "Verification successful", data: <transaction> }`;
 *   `400 Transaction reference not found`.
 * - `POST /refund` `{ transaction: <reference or id>, amount?, currency?, merchant_note?, customer_note? }` →
 *   `{ status: true, message: "Refund has been queued for processing", data: <refund> }` (status `pending`);
 *   `400` for an unpaid transaction, an amount above what is left, or another currency.
 * - `GET /refund/:id` → `{ status: true, message: "Refund retrieved", data: <refund> }`; `404 Refund not found`.
 * - `GET /refund?transaction=<id or reference>` (List Refunds) → `{ status: true, data: [<refund>…], meta }`.
 * Every route needs `Authorization: Bearer <secretKey>`, else `401 { status: false, message: "Invalid key" }`.
 *
 * Test controls: {@link pay}, {@link fail}, {@link processRefund}, {@link setDown}, {@link requests},
 * {@link refunds}, {@link sendWebhook} (signed like Paystack: HMAC-SHA512 hex of the raw body with
 * the secret key, in `x-paystack-signature`).
 */
export class FakePaystack {
  /** Every request that reached the server, oldest first. */
  readonly requests: LoggedRequest[] = [];
  /** Every refund created, oldest first. */
  readonly refunds: FakeRefund[] = [];
  /** `http://127.0.0.1:<port>`: the adapter's base URL. */
  url = '';
  port = 0;

  private readonly transactions = new Map<string, FakeTransaction>();
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private readonly server: Server;
  private mode: OutageMode = false;
  private listening = false;
  private nextId = 4_099_260_000;

  private constructor(readonly secretKey: string) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts the fake on an ephemeral loopback port. `secretKey` defaults to a fresh `sk_test_…`. */
  static async start(options: { secretKey?: string } = {}): Promise<FakePaystack> {
    const fake = new FakePaystack(options.secretKey ?? `sk_test_${randomBytes(20).toString('hex')}`);
    await fake.listen(0);
    fake.url = `http://127.0.0.1:${fake.port}`;
    return fake;
  }

  /** The transaction with this reference, if initialized. */
  transaction(reference: string): FakeTransaction | undefined {
    return this.transactions.get(reference);
  }

  /**
   * Marks a transaction as paid now (status `success` unless overridden). `amount` / `currency`
   * overrides simulate a provider reporting another amount than the one initialized.
   * @returns the transaction's Paystack `data` object (as verify and `charge.success` carry it).
   * @throws Error for an unknown reference.
   */
  pay(reference: string, overrides: { amount?: number; currency?: string; status?: FakeTransaction['status'] } = {}): Record<string, unknown> {
    const tx = this.mustGet(reference);
    tx.status = overrides.status ?? 'success';
    tx.amount = overrides.amount ?? tx.amount;
    tx.currency = overrides.currency ?? tx.currency;
    tx.paidAt = tx.status === 'success' ? new Date().toISOString() : null;
    tx.gatewayResponse = tx.status === 'success' ? 'Successful' : tx.status === 'failed' ? 'Declined' : tx.gatewayResponse;
    return this.transactionData(reference);
  }

  /** Marks a transaction as declined (`failed`, gateway response `Declined`). @returns its `data` object. */
  fail(reference: string): Record<string, unknown> {
    const tx = this.mustGet(reference);
    tx.status = 'failed';
    tx.paidAt = null;
    tx.gatewayResponse = 'Declined';
    return this.transactionData(reference);
  }

  /** Settles a refund (`processed` by default). @returns its `data` object (as `refund.processed` carries it). */
  processRefund(id: number, status: 'processed' | 'failed' = 'processed'): Record<string, unknown> {
    const refund = this.refunds.find((r) => r.id === id);
    if (!refund) throw new Error(`FakePaystack: no refund ${id}`);
    refund.status = status;
    return this.refundData(refund);
  }

  /** The Paystack `data` object of a transaction (Verify Transaction / `charge.success` shape). */
  transactionData(reference: string): Record<string, unknown> {
    const tx = this.mustGet(reference);
    return {
      id: tx.id,
      domain: 'test',
      status: tx.status,
      reference: tx.reference,
      amount: tx.amount,
      requested_amount: tx.amount,
      message: null,
      gateway_response: tx.gatewayResponse,
      paid_at: tx.paidAt,
      paidAt: tx.paidAt,
      created_at: tx.createdAt,
      createdAt: tx.createdAt,
      channel: 'card',
      currency: tx.currency,
      ip_address: '127.0.0.1',
      metadata: tx.metadata ?? '',
      fees: tx.status === 'success' ? Math.min(200_000, Math.round(tx.amount * 0.015)) : null,
      customer: { id: 1000 + (tx.id % 1000), email: tx.email, customer_code: `CUS_${tx.accessCode.slice(0, 15)}` },
      authorization:
        tx.status === 'success'
          ? {
              authorization_code: `AUTH_${tx.accessCode.slice(0, 10)}`,
              bin: '408408',
              last4: '4081',
              channel: 'card',
              card_type: 'visa',
              bank: 'TEST BANK',
              reusable: true,
            }
          : {},
    };
  }

  /**
   * Simulates an outage (see {@link OutageMode}); `false` restores service on the same port and
   * drops requests left hanging.
   */
  async setDown(mode: OutageMode): Promise<void> {
    const previous = this.mode;
    this.mode = mode;
    if (mode === 'refuse') {
      this.dropConnections();
      if (this.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.listening = false;
      return;
    }
    if (previous === 'hang') this.dropHanging();
    if (!this.listening) await this.listen(this.port);
  }

  /**
   * POSTs a Paystack webhook to `url`: the raw body is exactly `JSON.stringify({ event, data })`
   * and `x-paystack-signature` its HMAC-SHA512 hex keyed with the secret key (`valid`), with
   * another key (`invalid`), or absent (`missing`).
   */
  async sendWebhook(
    url: string,
    event: PaystackEvent,
    data: Record<string, unknown>,
    opts: { signature?: 'valid' | 'invalid' | 'missing' } = {},
  ): Promise<WebhookDelivery> {
    const rawBody = JSON.stringify({ event, data });
    const kind = opts.signature ?? 'valid';
    const signature =
      kind === 'missing'
        ? undefined
        : createHmac('sha512', kind === 'valid' ? this.secretKey : `${this.secretKey}-wrong`)
            .update(rawBody)
            .digest('hex');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Paystack-Webhook (fake)', ...(signature ? { 'x-paystack-signature': signature } : {}) },
      body: rawBody,
    });
    return { status: response.status, body: await response.text(), rawBody, signature };
  }

  /** Forgets transactions, refunds and the request log, and serves normally again. */
  async reset(): Promise<void> {
    this.transactions.clear();
    this.refunds.length = 0;
    this.requests.length = 0;
    await this.setDown(false);
  }

  async close(): Promise<void> {
    this.mode = 'refuse';
    this.dropConnections();
    if (this.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.listening = false;
  }

  private async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listening = true;
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Drops every connection, idle keep-alive ones included (clients see a reset, then a refusal). */
  private dropConnections(): void {
    this.dropHanging();
    for (const socket of this.sockets) socket.destroy();
  }

  /** Drops only the connections of requests left unanswered in `hang` mode. */
  private dropHanging(): void {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  private mustGet(reference: string): FakeTransaction {
    const tx = this.transactions.get(reference);
    if (!tx) throw new Error(`FakePaystack: no transaction ${reference}`);
    return tx;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    let malformed = false;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        malformed = true;
      }
    }
    const authorized = req.headers.authorization === `Bearer ${this.secretKey}`;
    const path = req.url ?? '/';
    this.requests.push({ method: req.method ?? 'GET', path, body, authorized, at: Date.now() });

    if (this.mode === 'hang') {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if (this.mode === 'http500') return send(res, 500, { status: false, message: 'An error occurred, please try again later' });
    if (this.mode === 'lose-answers') res.end = (() => (res.socket?.destroy(), res)) as typeof res.end;
    if (!authorized) return send(res, 401, { status: false, message: 'Invalid key' });
    if (malformed) return send(res, 400, { status: false, message: 'Invalid JSON body' });

    const route = `${req.method} ${path.split('?')[0]}`;
    if (route === 'POST /transaction/initialize') return this.initialize(res, (body ?? {}) as Record<string, unknown>);
    const verify = /^GET \/transaction\/verify\/([^/]+)$/.exec(route);
    if (verify) return this.verify(res, decodeURIComponent(verify[1]!));
    if (route === 'POST /refund') return this.refund(res, (body ?? {}) as Record<string, unknown>);
    if (route === 'GET /refund') return this.listRefunds(res, new URLSearchParams(path.split('?')[1] ?? ''));
    const fetchRefund = /^GET \/refund\/([^/]+)$/.exec(route);
    if (fetchRefund) {
      const refund = this.refunds.find((r) => String(r.id) === decodeURIComponent(fetchRefund[1]!));
      return refund
        ? send(res, 200, { status: true, message: 'Refund retrieved', data: this.refundData(refund) })
        : send(res, 404, { status: false, message: 'Refund not found' });
    }
    return send(res, 404, { status: false, message: 'Not found' });
  }

  private initialize(res: ServerResponse, body: Record<string, unknown>): void {
    const { email, amount, currency, reference, callback_url: callbackUrl, metadata } = body;
    if (typeof email !== 'string' || !email.includes('@')) return send(res, 400, { status: false, message: 'Invalid Email Address Passed' });
    const minor = typeof amount === 'string' && /^\d+$/.test(amount) ? Number(amount) : amount;
    if (!Number.isSafeInteger(minor) || (minor as number) <= 0) return send(res, 400, { status: false, message: 'Invalid Amount Sent' });
    if (reference !== undefined && (typeof reference !== 'string' || !/^[A-Za-z0-9.=-]+$/.test(reference))) {
      return send(res, 400, { status: false, message: 'Invalid transaction reference' });
    }
    const ref = (reference as string | undefined) ?? randomBytes(5).toString('hex');
    if (this.transactions.has(ref)) return send(res, 400, { status: false, message: 'Duplicate Transaction Reference' });
    const accessCode = randomBytes(8).toString('hex');
    this.transactions.set(ref, {
      id: this.nextId++,
      reference: ref,
      email,
      amount: minor as number,
      currency: typeof currency === 'string' ? currency : 'NGN',
      status: 'abandoned',
      gatewayResponse: 'The transaction was not completed',
      accessCode,
      callbackUrl: typeof callbackUrl === 'string' ? callbackUrl : null,
      metadata: metadata ?? null,
      createdAt: new Date().toISOString(),
      paidAt: null,
    });
    send(res, 200, {
      status: true,
      message: 'Authorization URL created',
      data: { authorization_url: `${this.url}/checkout/${accessCode}`, access_code: accessCode, reference: ref },
    });
  }

  private verify(res: ServerResponse, reference: string): void {
    if (!this.transactions.has(reference))
      return send(res, 400, { status: false, message: 'Transaction reference not found', type: 'validation_error', code: 'transaction_not_found' });
    send(res, 200, { status: true, message: 'Verification successful', data: this.transactionData(reference) });
  }

  private refund(res: ServerResponse, body: Record<string, unknown>): void {
    const { transaction, amount, currency, merchant_note: merchantNote, customer_note: customerNote } = body;
    const tx =
      typeof transaction === 'string' || typeof transaction === 'number'
        ? (this.transactions.get(String(transaction)) ?? [...this.transactions.values()].find((t) => String(t.id) === String(transaction)))
        : undefined;
    if (!tx) return send(res, 404, { status: false, message: 'Transaction not found' });
    if (tx.status !== 'success') return send(res, 400, { status: false, message: 'Cannot refund a transaction that was not successful' });
    if (currency !== undefined && currency !== tx.currency)
      return send(res, 400, { status: false, message: 'Currency does not match the transaction currency' });
    const refunded = this.refunds.filter((r) => r.transactionId === tx.id && r.status !== 'failed').reduce((sum, r) => sum + r.amount, 0);
    const left = tx.amount - refunded;
    const wanted = amount === undefined ? left : amount;
    if (!Number.isSafeInteger(wanted) || (wanted as number) <= 0) return send(res, 400, { status: false, message: 'Invalid amount' });
    if ((wanted as number) > left) return send(res, 400, { status: false, message: 'Refund amount cannot be more than the transaction amount left' });
    const refund: FakeRefund = {
      id: this.nextId++,
      transactionId: tx.id,
      transactionReference: tx.reference,
      amount: wanted as number,
      currency: tx.currency,
      status: 'pending',
      merchantNote: typeof merchantNote === 'string' ? merchantNote : null,
      customerNote: typeof customerNote === 'string' ? customerNote : null,
      createdAt: new Date().toISOString(),
    };
    this.refunds.push(refund);
    send(res, 200, { status: true, message: 'Refund has been queued for processing', data: this.refundData(refund) });
  }

  private listRefunds(res: ServerResponse, query: URLSearchParams): void {
    const transaction = query.get('transaction');
    const found = this.refunds.filter((r) => transaction === null || String(r.transactionId) === transaction || r.transactionReference === transaction);
    const perPage = Number(query.get('perPage') ?? 50);
    send(res, 200, {
      status: true,
      message: 'Refunds retrieved',
      data: found.slice(0, perPage).map((r) => this.refundData(r)),
      meta: { total: found.length, skipped: 0, perPage, page: 1, pageCount: Math.max(1, Math.ceil(found.length / perPage)) },
    });
  }

  private refundData(refund: FakeRefund): Record<string, unknown> {
    return {
      id: refund.id,
      transaction: { id: refund.transactionId, reference: refund.transactionReference },
      transaction_reference: refund.transactionReference,
      integration: 100_000,
      domain: 'test',
      amount: refund.amount,
      deducted_amount: 0,
      fully_deducted: false,
      currency: refund.currency,
      channel: 'card',
      status: refund.status,
      merchant_note: refund.merchantNote,
      customer_note: refund.customerNote,
      refunded_by: 'merchant@example.com',
      expected_at: new Date(Date.parse(refund.createdAt) + 5 * 86_400_000).toISOString(),
      createdAt: refund.createdAt,
    };
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
