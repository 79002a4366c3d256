import { DomainError, NotFoundError } from '@app/shared';
import type { PaymentProvider } from './payment-gateway.js';

/**
 * The payment provider cannot be reached now: a timeout, a network error, a 5xx answer after the
 * retries allowed for the call, a rate limit, or the circuit breaker is open. HTTP `503
 * payment_provider_unavailable` with `Retry-After: retryAfterSeconds`.
 */
export class PaymentProviderUnavailableError extends DomainError {
  /** Seconds after which a retry may succeed (≥ 1, whole); the `Retry-After` header. */
  declare readonly retryAfterSeconds: number;

  /**
   * @param delivered whether the request may have reached the provider (a timeout, a 5xx, a
   *   connection lost after sending): then the outcome of an unsafe call is unknown. False when it
   *   certainly did not (connection refused, circuit open, 429).
   */
  constructor(
    readonly provider: PaymentProvider,
    retryAfterSeconds: number,
    message = 'The payment provider is unavailable right now; retry shortly.',
    readonly delivered = true,
  ) {
    super('payment_provider_unavailable', 'unavailable', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}

/**
 * The payment provider refused the request (a 4xx answer: unknown reference, refund larger than
 * what is left, invalid credentials…). HTTP `422 payment_provider_error`. `providerMessage` is the
 * provider's own message (never containing our credentials); `providerStatus` its HTTP status.
 */
export class PaymentProviderError extends DomainError {
  constructor(
    readonly provider: PaymentProvider,
    readonly providerStatus: number,
    readonly providerMessage: string,
    message = `The payment provider refused the request: ${providerMessage}`,
  ) {
    super('payment_provider_error', 'unprocessable', message);
  }
}

/**
 * The provider has no credentials in this deployment (e.g. `PAYSTACK_SECRET_KEY` unset), so it
 * cannot take payments. HTTP `422 payment_provider_not_configured`: retrying does not help.
 */
export class PaymentProviderNotConfiguredError extends DomainError {
  constructor(readonly provider: PaymentProvider) {
    super('payment_provider_not_configured', 'unprocessable', `Payments through ${provider} are not enabled on this service.`);
  }
}

/**
 * The provider cannot verify payments: manual payments are confirmed by staff approving a proof,
 * not by asking a provider. HTTP `422 payment_verification_not_supported`.
 */
export class PaymentVerificationNotSupportedError extends DomainError {
  constructor(readonly provider: PaymentProvider) {
    super('payment_verification_not_supported', 'unprocessable', `Payments through ${provider} cannot be verified with a provider; staff approve them.`);
  }
}

/** 404 `payment_not_found`: no such payment, or not the actor's to see. */
export class PaymentNotFoundError extends NotFoundError {
  constructor() {
    super('Payment', 'payment_not_found');
  }
}

/** The payment is not in a state that allows the action. */
export class InvalidPaymentStateError extends DomainError {
  constructor(status: string, action: string) {
    super('invalid_payment_state', 'conflict', `A ${status} payment cannot be ${action}.`, { extra: { paymentStatus: status } });
  }
}

/** The booking cannot take a payment (confirmed, expired, free, cancelled). */
export class BookingNotPayableError extends DomainError {
  constructor(reason: string) {
    super('booking_not_payable', 'conflict', `This booking cannot be paid: ${reason}.`);
  }
}

/** 422 `payment_provider_disabled` (with `provider`): this deployment does not take payments through it (e.g. no Paystack key). */
export class PaymentProviderDisabledError extends DomainError {
  constructor(provider: string) {
    super('payment_provider_disabled', 'unprocessable', `Payments through ${provider} are not enabled here.`, { extra: { provider } });
  }
}

/** 400 `malformed_json`: an authentic provider webhook whose body is not JSON; nothing changes. */
export class MalformedWebhookError extends DomainError {
  constructor() {
    super('malformed_json', 'invalid', 'The webhook body is not JSON.');
  }
}

/** 401 `invalid_signature`: a provider webhook whose signature is missing or wrong; nothing changes. */
export class InvalidWebhookSignatureError extends DomainError {
  constructor() {
    super('invalid_signature', 'unauthorized', 'The webhook signature is missing or wrong.');
  }
}
