/**
 * Who takes the money: `paystack` (card, bank transfer, mobile money through Paystack's hosted
 * checkout) or `manual` (the buyer pays outside the system and uploads a proof that staff review).
 */
export type PaymentProvider = 'paystack' | 'manual';

/** Every provider, in a stable order (validation of `provider` in request bodies). */
export const PAYMENT_PROVIDERS: readonly PaymentProvider[] = ['paystack', 'manual'];

/** Asks a provider to start collecting one payment. */
export interface InitializePaymentRequest {
  /**
   * Our own unique reference for this payment attempt (e.g. `PAY-01J…`), sent to the provider and
   * echoed back by verification and webhooks. One reference is one attempt: never reuse it for a
   * second attempt (Paystack refuses a duplicate reference).
   */
  reference: string;
  /** Amount in integer minor units of `currency` (kobo, pesewas, cents): 5000 = NGN 50.00. */
  amount: number;
  /** ISO 4217 code, upper case (`NGN`, `GHS`, `USD`). */
  currency: string;
  /** The buyer's e-mail (Paystack requires one to open a checkout). */
  email: string;
  /** Where the provider sends the buyer after paying; the gateway's configured default when absent. */
  callbackUrl?: string;
  /** Free JSON kept with the provider's transaction (e.g. `{ bookingId }`); never put secrets in it. */
  metadata?: Record<string, unknown>;
}

/** What the buyer needs to pay. */
export interface InitializePaymentResult {
  /** The provider's hosted checkout page to send the buyer to; null for `manual`. */
  authorizationUrl: string | null;
  /** The provider's checkout access code (Paystack `access_code`, for its inline/popup SDKs). */
  accessCode?: string;
}

/**
 * A provider's status of a payment: `success` (money taken), `failed` (declined or reversed),
 * `abandoned` (checkout opened, never completed), `pending` (still in progress: retry later).
 */
export type VerifiedPaymentStatus = 'success' | 'failed' | 'abandoned' | 'pending';

/**
 * A payment as the provider reports it. The caller must compare `amount` and `currency` with what
 * it expected before accepting a `success`: a mismatch is never paid.
 */
export interface VerifiedPayment {
  reference: string;
  status: VerifiedPaymentStatus;
  /** What the provider says was charged, in integer minor units of `currency`. */
  amount: number;
  /** ISO 4217, as the provider reports it. */
  currency: string;
  /** When the money was taken (UTC); absent unless `status` is `success`. */
  paidAt?: Date;
  /** The provider's own id of the transaction (Paystack's numeric `id`, as a string). */
  providerTransactionId?: string;
  /** The provider's human-readable outcome (`Successful`, `Declined`), for staff, not for logic. */
  gatewayResponse?: string;
}

/** Asks a provider to give money back for a paid transaction. */
export interface RefundPaymentRequest {
  /** The reference of the paid transaction (as in {@link InitializePaymentRequest.reference}). */
  reference: string;
  /** Amount to return in integer minor units; at most what is left of the payment. */
  amount: number;
  /** ISO 4217 of the payment. */
  currency: string;
  /** Why (kept as the provider's merchant note). */
  reason?: string;
  /** Our refund's id: kept with the provider's refund so a lost answer can be reconciled by hand. */
  idempotencyKey?: string;
}

/**
 * The provider's answer to a refund: `processed` (money sent back), `pending` (queued; the final
 * outcome comes later, e.g. Paystack's `refund.processed` webhook), `failed`.
 */
export interface RefundResult {
  status: 'pending' | 'processed' | 'failed';
  /** The provider's refund id; null when the provider keeps none (manual refunds). */
  providerRefundId: string | null;
  /** The provider's message, for staff. */
  message?: string;
}

/** Finds a refund we may have sent to the provider but whose answer we never saw (reconciliation). */
export interface RefundLookup {
  /** Our reference of the paid transaction. */
  reference: string;
  /** The provider's id of that transaction (Paystack's numeric `id`), when known: some list filters want it. */
  providerTransactionId?: string | null;
  /** The provider's refund id, when it answered once (then the refund is fetched by it). */
  providerRefundId?: string | null;
  /** Our refund's id, as sent in {@link RefundPaymentRequest.idempotencyKey}. */
  refundId: string;
}

/**
 * What an authentic provider webhook says about a charge: a {@link VerifiedPayment} the provider
 * sent of its own accord. The caller compares `amount` and `currency` as for a verify answer.
 */
export interface WebhookChargeReport extends Pick<VerifiedPayment, 'reference' | 'status' | 'amount' | 'currency' | 'paidAt' | 'providerTransactionId'> {
  kind: 'charge';
}

/** What an authentic provider webhook says about a refund the provider settled. */
export interface WebhookRefundReport {
  kind: 'refund';
  /** Our reference of the refunded transaction. */
  transactionReference: string;
  /** The provider's refund id, when the event carries one. */
  providerRefundId: string | null;
  /** Refunded amount in integer minor units, as the provider reports it. */
  amount: number;
  status: 'processed' | 'failed';
  /** The provider's message, for staff. */
  message?: string;
}

/** The part of a webhook we act on. */
export type WebhookReport = WebhookChargeReport | WebhookRefundReport;

/**
 * An authentic provider webhook, parsed and normalised by its gateway: everything the payments
 * lib needs, so it never reads the provider's wire format.
 */
export interface WebhookEvent {
  /**
   * Unique key of the delivery, the same for a replay of the same signed body (the inbox's key):
   * for Paystack, which sends no event id, the SHA-256 hex of the raw body.
   */
  eventKey: string;
  /** The provider's event name as sent (`charge.success`), or `unknown`; kept in the inbox. */
  type: string;
  /** Our payment reference the event is about, or null when it names none; kept in the inbox. */
  reference: string | null;
  /** The provider's JSON as received, kept in the inbox for audit. */
  payload: unknown;
  /** What it reports, or null for an event that is only recorded (another event type, no reference). */
  report: WebhookReport | null;
}

/**
 * Port: one payment provider. Adapters live in the infrastructure lib (Paystack over HTTPS behind
 * a timeout, retries for idempotent calls and a circuit breaker; manual).
 *
 * Every method may throw:
 * - `PaymentProviderUnavailableError` (503 + Retry-After): the provider cannot be reached now,
 *   timed out, answered 5xx, or the circuit breaker is open. Its `delivered` says whether the
 *   request may have reached the provider: when true, the outcome of `initialize` and `refund` is
 *   unknown (see each method); when false (connection refused, open circuit, 429) nothing happened.
 * - `PaymentProviderError` (422): the provider refused the request (a 4xx answer).
 * - `PaymentProviderNotConfiguredError` (422): this deployment has no credentials for the provider.
 */
export abstract class PaymentGateway {
  abstract readonly provider: PaymentProvider;

  /**
   * Opens a checkout for one payment attempt. Not retried blindly: when it fails with
   * `PaymentProviderUnavailableError` the provider may or may not have created the transaction,
   * so a new attempt must use a NEW reference (an orphan, unpaid provider transaction is harmless).
   */
  abstract initialize(req: InitializePaymentRequest): Promise<InitializePaymentResult>;

  /** Asks the provider for the current state of a payment by our reference. Idempotent. */
  abstract verify(reference: string): Promise<VerifiedPayment>;

  /**
   * Asks the provider to refund (part of) a paid transaction. Never retried once the request may
   * have reached the provider: on `PaymentProviderUnavailableError` the refund's fate is unknown
   * and must be reconciled (by `idempotencyKey`) before trying again, or money goes out twice.
   */
  abstract refund(req: RefundPaymentRequest): Promise<RefundResult>;

  /**
   * The provider's current view of one refund of ours: fetched by `providerRefundId` when known,
   * else searched among the transaction's refunds by our refund id (which {@link refund} leaves in
   * the provider's record). Null when the provider has no such refund: the request never arrived,
   * so sending it again cannot pay back twice. Idempotent (a read).
   */
  abstract lookupRefund(req: RefundLookup): Promise<RefundResult | null>;

  /**
   * Whether a webhook request really comes from this provider: `rawBody` is the exact bytes
   * received (before any JSON parsing), `signature` the provider's signature header
   * (Paystack: `x-paystack-signature`). False for a provider without webhooks, or when the
   * provider is not configured. Never throws.
   */
  abstract verifyWebhookSignature(rawBody: Buffer, signature: string | undefined): boolean;

  /**
   * Checks a webhook request as {@link verifyWebhookSignature} does, then parses the body into
   * a {@link WebhookEvent}. Pure (no I/O).
   * @throws InvalidWebhookSignatureError (401) when the signature is missing or wrong (always, for a
   *   provider without webhooks); MalformedWebhookError (400 `malformed_json`) for an authentic body
   *   that is not JSON.
   */
  abstract parseWebhook(rawBody: Buffer, signature: string | undefined): WebhookEvent;
}

/**
 * Port: the registry of configured payment gateways (the infrastructure lib provides it).
 * `get` always answers a gateway for a known provider; a provider without credentials answers
 * `PaymentProviderNotConfiguredError` from its calls (see {@link enabledProviders}).
 */
export abstract class PaymentGateways {
  /** @throws Error for a provider name that is not a {@link PaymentProvider} (a programming error). */
  abstract get(provider: PaymentProvider): PaymentGateway;

  /** The providers that can take payments in this deployment (configured), in a stable order. */
  abstract enabledProviders(): readonly PaymentProvider[];
}
