import {
  InitializePaymentResult,
  InvalidWebhookSignatureError,
  PaymentGateway,
  PaymentVerificationNotSupportedError,
  RefundResult,
  VerifiedPayment,
  WebhookEvent,
} from '@app/payments';

/**
 * The `manual` provider: the buyer pays outside the system (bank transfer, mobile money to the
 * event's payment QR) and uploads a proof; staff approve or reject it. No outside service is
 * called, so nothing here can be unavailable.
 * - `initialize` answers `{ authorizationUrl: null }`: there is no checkout to send the buyer to.
 * - `verify` throws PaymentVerificationNotSupportedError (422): a manual payment's state lives in
 *   our own records and changes only by staff review; there is no provider to ask, and answering
 *   `pending` with a made-up amount would invite a wrong comparison.
 * - `refund` answers `{ status: 'processed', providerRefundId: null }`: staff give the money back
 *   by hand and the approval records it.
 * - `lookupRefund` answers null: a manual refund never leaves this process, so one whose outcome
 *   was not recorded (a crash) did not happen and may be recorded again.
 * - `verifyWebhookSignature` is always false and `parseWebhook` always refuses: manual payments
 *   have no webhooks.
 */
export class ManualGateway extends PaymentGateway {
  readonly provider = 'manual' as const;

  async initialize(): Promise<InitializePaymentResult> {
    return { authorizationUrl: null };
  }

  /** @throws PaymentVerificationNotSupportedError always. */
  async verify(): Promise<VerifiedPayment> {
    throw new PaymentVerificationNotSupportedError('manual');
  }

  async refund(): Promise<RefundResult> {
    return { status: 'processed', providerRefundId: null, message: 'Recorded as a manual refund: staff return the money outside the system.' };
  }

  async lookupRefund(): Promise<RefundResult | null> {
    return null;
  }

  verifyWebhookSignature(): boolean {
    return false;
  }

  /** @throws InvalidWebhookSignatureError always: no webhook is authentic. */
  parseWebhook(): WebhookEvent {
    throw new InvalidWebhookSignatureError();
  }
}
