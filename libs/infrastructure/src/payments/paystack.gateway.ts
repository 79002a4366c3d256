import {
  InitializePaymentRequest,
  InitializePaymentResult,
  InvalidWebhookSignatureError,
  PaymentGateway,
  PaymentProviderError,
  PaymentProviderNotConfiguredError,
  PaymentProviderUnavailableError,
  RefundLookup,
  RefundPaymentRequest,
  RefundResult,
  VerifiedPayment,
  VerifiedPaymentStatus,
  WebhookEvent,
} from '@app/payments';
import {
  CallSafety,
  CircuitOpenError,
  CircuitStatus,
  RateLimitedCallError,
  ResilienceOptions,
  ResilientCaller,
  TransientCallError,
} from '../resilience/resilient-caller.js';
import { verifyPaystackSignature } from './paystack-signature.js';
import { parsePaystackWebhook } from './paystack-webhook.js';

/** Paystack's production API. */
export const PAYSTACK_DEFAULT_BASE_URL = 'https://api.paystack.co';

/** Configuration of the Paystack adapter. Durations in milliseconds unless named otherwise. */
export interface PaystackGatewayOptions {
  /** `sk_live_…` / `sk_test_…`. Unset: every call throws PaymentProviderNotConfiguredError. */
  secretKey?: string;
  /** API base URL without a trailing slash; default {@link PAYSTACK_DEFAULT_BASE_URL}. */
  baseUrl?: string;
  /** Default `callback_url` (where Paystack sends the buyer after paying) when a request has none. */
  callbackUrl?: string;
  /** Timeout, retries and circuit breaker; see ResilienceOptions for the defaults. */
  resilience?: Partial<ResilienceOptions>;
  /** Where circuit changes are reported (opened: warn; half-open, closed: log); silent when absent. */
  logger?: { log(message: string): void; warn(message: string): void };
}

/** Paystack's envelope: `{ status: true, message, data }`, or `{ status: false, message }` on errors. */
interface PaystackEnvelope {
  status: boolean;
  message?: string;
  data?: unknown;
}

/** Paystack transaction statuses (Verify Transaction) mapped to ours; anything unknown is `pending`. */
const STATUS_OF_PAYSTACK: Record<string, VerifiedPaymentStatus> = {
  success: 'success',
  failed: 'failed',
  reversed: 'failed',
  abandoned: 'abandoned',
  ongoing: 'pending',
  pending: 'pending',
  processing: 'pending',
  queued: 'pending',
};

/** Paystack refund statuses mapped to ours (`pending`, `processing` and unknown ones are `pending`). */
const REFUND_STATUS_OF_PAYSTACK: Record<string, RefundResult['status']> = { processed: 'processed', failed: 'failed' };

/** Paystack accepts references of letters, digits, `-`, `.` and `=` (Initialize Transaction docs). */
const REFERENCE = /^[A-Za-z0-9.=-]{1,100}$/;
const CURRENCY = /^[A-Z]{3}$/;
/** Errors that prove a request never left this machine, so even an unsafe call may be retried. */
const UNDELIVERED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

/**
 * Paystack adapter of the PaymentGateway port, over Paystack's REST API with Node's fetch
 * (Authorization: `Bearer <secret key>`; JSON; amounts in the currency's subunit, e.g. kobo):
 * - `initialize`: `POST /transaction/initialize` `{ email, amount, currency, reference, callback_url?, metadata? }`
 *   → `data.authorization_url`, `data.access_code`.
 * - `verify`: `GET /transaction/verify/:reference` → `data.status`, `amount`, `currency`, `paid_at`, `id`, `gateway_response`.
 * - `refund`: `POST /refund` `{ transaction: <reference>, amount, currency, merchant_note? }` → `data.id`, `data.status`.
 * - `lookupRefund`: `GET /refund/:id`, or `GET /refund?transaction=…` (List Refunds) searched by our note.
 * - webhooks: `x-paystack-signature` = HMAC-SHA512 of the raw body with the secret key; events
 *   `charge.success`, `refund.processed`, `refund.failed` (see {@link parseWebhook}).
 * Source: Paystack API reference (Transactions, Refunds) and its webhook guide.
 *
 * Every call has a timeout per attempt and goes through one circuit breaker ({@link ResilientCaller}).
 * Retries: `verify` is a read and is retried with backoff on timeouts, network errors, 5xx and 429.
 * `initialize` and `refund` are retried ONLY when the connection was refused (the request never
 * left): a blind retry of `initialize` with the same reference is refused by Paystack as a
 * "Duplicate Transaction Reference" and the checkout URL of the first attempt cannot be recovered
 * by `verify`, so the caller retries with a new reference instead (an unpaid orphan transaction
 * at Paystack is harmless); a blind retry of `refund` could pay back twice.
 *
 * Errors: 4xx answers → PaymentProviderError (not counted by the breaker; 401/403 get a generic
 * message); timeouts, network errors, 5xx, malformed answers, 429, open circuit →
 * PaymentProviderUnavailableError with `retryAfterSeconds` (the time left before the circuit lets
 * a trial through when open, else the `Retry-After` of a 429 or `unavailableRetryAfterSeconds`).
 * Neither message ever contains the secret key.
 */
export class PaystackGateway extends PaymentGateway {
  readonly provider = 'paystack' as const;
  private readonly baseUrl: string;
  private readonly caller: ResilientCaller;

  constructor(private readonly options: PaystackGatewayOptions) {
    super();
    this.baseUrl = (options.baseUrl ?? PAYSTACK_DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.caller = new ResilientCaller(options.resilience, (state) => {
      if (state === 'open') options.logger?.warn(`Paystack circuit open: calls fail fast for ${this.caller.options.halfOpenAfterMs / 1000} s`);
      else options.logger?.log(`Paystack circuit ${state === 'half_open' ? 'half-open: trying one call' : state}`);
    });
  }

  /** Whether a secret key is configured. */
  get configured(): boolean {
    return Boolean(this.options.secretKey);
  }

  /** The circuit breaker's state (`closed`, `open`, `half_open`), for health reporting and tests. */
  get circuitState(): CircuitStatus {
    return this.caller.state;
  }

  /** @inheritdoc */
  async initialize(req: InitializePaymentRequest): Promise<InitializePaymentResult> {
    assertReference(req.reference);
    assertMoney(req.amount, req.currency);
    if (typeof req.email !== 'string' || !req.email.includes('@')) throw new TypeError('email must be an e-mail address');
    const callbackUrl = req.callbackUrl ?? this.options.callbackUrl;
    return this.call('unsafe', 'POST', '/transaction/initialize', {
      body: {
        email: req.email,
        amount: req.amount,
        currency: req.currency,
        reference: req.reference,
        ...(callbackUrl ? { callback_url: callbackUrl } : {}),
        ...(req.metadata ? { metadata: req.metadata } : {}),
      },
      parse: (envelope) => {
        const data = record(envelope.data);
        const authorizationUrl = data?.['authorization_url'];
        if (typeof authorizationUrl !== 'string' || !/^https?:\/\//.test(authorizationUrl)) return undefined;
        const accessCode = data?.['access_code'];
        return { authorizationUrl, ...(typeof accessCode === 'string' ? { accessCode } : {}) };
      },
    });
  }

  /** @inheritdoc */
  async verify(reference: string): Promise<VerifiedPayment> {
    assertReference(reference);
    return this.call('safe', 'GET', `/transaction/verify/${encodeURIComponent(reference)}`, {
      parse: (envelope) => {
        const data = record(envelope.data);
        if (!data) return undefined;
        const { amount, currency, status } = data;
        if (data['reference'] !== reference || typeof status !== 'string') return undefined;
        if (!Number.isSafeInteger(amount) || typeof currency !== 'string' || !CURRENCY.test(currency.toUpperCase())) return undefined;
        const mapped = STATUS_OF_PAYSTACK[status] ?? 'pending';
        const paidAt = mapped === 'success' ? parseDate(data['paid_at'] ?? data['paidAt']) : undefined;
        const id = data['id'];
        const gatewayResponse = data['gateway_response'];
        return {
          reference,
          status: mapped,
          amount: amount as number,
          currency: currency.toUpperCase(),
          ...(paidAt ? { paidAt } : {}),
          ...(typeof id === 'number' || typeof id === 'string' ? { providerTransactionId: String(id) } : {}),
          ...(typeof gatewayResponse === 'string' ? { gatewayResponse } : {}),
        } satisfies VerifiedPayment;
      },
    });
  }

  /**
   * @inheritdoc
   * The reason and our refund id go into Paystack's `merchant_note` (`<reason> [refund <id>]`),
   * so a refund whose answer was lost can be found in Paystack's dashboard or `GET /refund`.
   */
  async refund(req: RefundPaymentRequest): Promise<RefundResult> {
    assertReference(req.reference);
    assertMoney(req.amount, req.currency);
    const note = [req.reason?.trim(), req.idempotencyKey ? `[refund ${req.idempotencyKey}]` : undefined].filter(Boolean).join(' ');
    return this.call('unsafe', 'POST', '/refund', {
      body: {
        transaction: req.reference,
        amount: req.amount,
        currency: req.currency,
        ...(note ? { merchant_note: note.slice(0, 500) } : {}),
      },
      parse: (envelope) => {
        const refund = toRefundResult(record(envelope.data));
        return refund && { ...refund, ...(typeof envelope.message === 'string' ? { message: envelope.message } : {}) };
      },
    });
  }

  /**
   * @inheritdoc
   * By id: `GET /refund/:id` (a `404`/`400` "not found" answers null). Otherwise `GET
   * /refund?transaction=<id or reference>&perPage=100` (List Refunds) and the one whose
   * `merchant_note` carries `[refund <our id>]`.
   */
  async lookupRefund(req: RefundLookup): Promise<RefundResult | null> {
    assertReference(req.reference);
    if (req.providerRefundId) {
      try {
        return await this.call('safe', 'GET', `/refund/${encodeURIComponent(req.providerRefundId)}`, {
          parse: (envelope) => toRefundResult(record(envelope.data)),
        });
      } catch (error) {
        if (error instanceof PaymentProviderError && (error.providerStatus === 404 || error.providerStatus === 400)) return null;
        throw error;
      }
    }
    const transaction = encodeURIComponent(req.providerTransactionId ?? req.reference);
    const mark = `[refund ${req.refundId}]`;
    return this.call('safe', 'GET', `/refund?transaction=${transaction}&perPage=100`, {
      parse: (envelope) => {
        if (!Array.isArray(envelope.data)) return undefined;
        const ours = envelope.data.map(record).find((r) => typeof r?.['merchant_note'] === 'string' && r['merchant_note'].includes(mark));
        return ours ? toRefundResult(ours) : null;
      },
    });
  }

  /** @inheritdoc HMAC-SHA512 of the raw body with the secret key ({@link verifyPaystackSignature}). */
  verifyWebhookSignature(rawBody: Buffer, signature: string | undefined): boolean {
    const secretKey = this.options.secretKey;
    return Boolean(secretKey) && verifyPaystackSignature(rawBody, signature, secretKey ?? '');
  }

  /**
   * @inheritdoc Paystack's webhook protocol (https://paystack.com/docs/payments/webhooks): the
   * `x-paystack-signature` header is the HMAC-SHA512 (lowercase hex) of the raw body keyed with the
   * secret key, checked in constant time before anything is parsed; the body `{ event, data }` is
   * read by {@link parsePaystackWebhook}: `charge.success` (a transaction) becomes a `charge`
   * report, `refund.processed` and `refund.failed` (a refund) a `refund` report, anything else is
   * recorded only. Without a secret key every webhook is refused.
   * @throws InvalidWebhookSignatureError (401), MalformedWebhookError (400)
   */
  parseWebhook(rawBody: Buffer, signature: string | undefined): WebhookEvent {
    if (!this.verifyWebhookSignature(rawBody, signature)) throw new InvalidWebhookSignatureError();
    return parsePaystackWebhook(rawBody);
  }

  /**
   * One Paystack API call under the resilience policy. `parse` turns a `status: true` envelope
   * into the result, or undefined when the answer is malformed (a transient failure).
   */
  private async call<T>(
    safety: CallSafety,
    method: 'GET' | 'POST',
    path: string,
    request: { body?: Record<string, unknown>; parse: (envelope: PaystackEnvelope) => T | undefined },
  ): Promise<T> {
    const secretKey = this.options.secretKey;
    if (!secretKey) throw new PaymentProviderNotConfiguredError('paystack');
    try {
      return await this.caller.execute(safety, async (signal) => {
        const envelope = await this.send(method, path, request.body, secretKey, signal);
        const result = envelope.status === true ? request.parse(envelope) : undefined;
        if (result === undefined) throw new TransientCallError('bad_response', true, `Paystack ${method} ${path}: unexpected answer`);
        return result;
      });
    } catch (error) {
      if (error instanceof CircuitOpenError) {
        throw new PaymentProviderUnavailableError(
          'paystack',
          error.retryAfterSeconds,
          'Paystack is unavailable (too many recent failures); retry later.',
          false,
        );
      }
      if (error instanceof RateLimitedCallError) {
        throw new PaymentProviderUnavailableError('paystack', error.retryAfterSeconds, 'Paystack is rate limiting our requests; retry later.', false);
      }
      if (error instanceof TransientCallError) {
        const what = { timeout: 'did not answer in time', network: 'could not be reached', server_error: 'failed', bad_response: 'answered unexpectedly' }[
          error.reason
        ];
        throw new PaymentProviderUnavailableError('paystack', this.caller.secondsUntilTrial(), `Paystack ${what}; retry later.`, error.delivered);
      }
      throw error;
    }
  }

  /** One HTTP exchange; classifies every failure for the resilience policy. */
  private async send(
    method: string,
    path: string,
    body: Record<string, unknown> | undefined,
    secretKey: string,
    signal: AbortSignal,
  ): Promise<PaystackEnvelope> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${secretKey}`,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        redirect: 'error',
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw new TransientCallError('timeout', true, `Paystack ${method} ${path}: timed out`);
      const code = networkErrorCode(error);
      throw new TransientCallError('network', !UNDELIVERED_CODES.has(code ?? ''), `Paystack ${method} ${path}: network error ${code ?? 'unknown'}`);
    }
    const envelope = parseEnvelope(text);
    if (response.status >= 500) throw new TransientCallError('server_error', true, `Paystack ${method} ${path}: HTTP ${response.status}`);
    if (response.status === 429) throw new RateLimitedCallError(retryAfterSeconds(response.headers.get('retry-after')));
    if (response.status >= 400) {
      const providerMessage =
        response.status === 401 || response.status === 403
          ? 'the payment provider refused our credentials'
          : redact(envelope?.message ?? `HTTP ${response.status}`, secretKey);
      throw new PaymentProviderError('paystack', response.status, providerMessage);
    }
    if (!envelope) throw new TransientCallError('bad_response', true, `Paystack ${method} ${path}: answer is not JSON`);
    return envelope;
  }
}

function assertReference(reference: string): void {
  if (typeof reference !== 'string' || !REFERENCE.test(reference)) {
    throw new TypeError('reference must be 1-100 letters, digits, "-", "." or "="');
  }
}

function assertMoney(amount: number, currency: string): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new TypeError('amount must be a positive integer in minor units');
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) throw new TypeError('currency must be an upper-case ISO 4217 code');
}

/** A Paystack refund object (`data` of Create/Fetch Refund, an item of List Refunds) as ours; undefined when malformed. */
function toRefundResult(data: Record<string, unknown> | undefined): RefundResult | undefined {
  const id = data?.['id'];
  const status = data?.['status'];
  if (!data || typeof status !== 'string') return undefined;
  return { status: REFUND_STATUS_OF_PAYSTACK[status] ?? 'pending', providerRefundId: typeof id === 'number' || typeof id === 'string' ? String(id) : null };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseEnvelope(text: string): PaystackEnvelope | undefined {
  try {
    const json = record(JSON.parse(text));
    return json && typeof json['status'] === 'boolean'
      ? { status: json['status'], message: typeof json['message'] === 'string' ? json['message'] : undefined, data: json['data'] }
      : undefined;
  } catch {
    return undefined;
  }
}

function parseDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `Retry-After` in seconds (delta form; an HTTP date or nothing gives 5), clamped to 1..3600. */
function retryAfterSeconds(header: string | null): number {
  const seconds = header && /^\d+$/.test(header.trim()) ? Number(header.trim()) : 5;
  return Math.min(3600, Math.max(1, seconds));
}

/**
 * The system error code behind a failed fetch (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`…):
 * fetch rejects with `TypeError('fetch failed')` whose `cause` carries the code, or an
 * AggregateError of one per address tried. Duck-typed, not `instanceof`: errors made by Node's
 * internals belong to another realm under test runners that sandbox globals (jest).
 */
function networkErrorCode(error: unknown): string | undefined {
  let cause = property(error, 'cause');
  const errors = property(cause, 'errors');
  if (Array.isArray(errors) && errors.length) cause = errors[0];
  const code = property(cause, 'code');
  return typeof code === 'string' ? code : undefined;
}

function property(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && name in value ? (value as Record<string, unknown>)[name] : undefined;
}

function redact(message: string, secret: string): string {
  return message.split(secret).join('[redacted]').slice(0, 300);
}
