import { PaymentGateway, PaymentVerificationNotSupportedError } from '@app/payments';
import { ManualGateway } from './manual.gateway.js';
import { PaymentGatewayRegistry } from './payment-gateways.js';
import { PaystackGateway } from './paystack.gateway.js';

describe('ManualGateway', () => {
  const gateway: PaymentGateway = new ManualGateway();

  it('has no checkout to send the buyer to', async () => {
    expect(gateway.provider).toBe('manual');
    await expect(gateway.initialize({ reference: 'PAY-1', amount: 5000, currency: 'NGN', email: 'a@b.co' })).resolves.toEqual({ authorizationUrl: null });
  });

  it('cannot verify with a provider: staff approve manual payments', async () => {
    const error = await gateway.verify('PAY-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentVerificationNotSupportedError);
    expect(error).toMatchObject({ code: 'payment_verification_not_supported', kind: 'unprocessable' });
  });

  it('records refunds as processed by staff, with no provider id', async () => {
    await expect(gateway.refund({ reference: 'PAY-1', amount: 5000, currency: 'NGN', reason: 'x' })).resolves.toMatchObject({
      status: 'processed',
      providerRefundId: null,
    });
  });

  it('has no webhooks', () => {
    expect(gateway.verifyWebhookSignature(Buffer.from('{}'), 'a'.repeat(128))).toBe(false);
  });
});

describe('PaymentGatewayRegistry', () => {
  const manual = new ManualGateway();

  it('answers each provider’s gateway and lists the enabled ones', () => {
    const paystack = new PaystackGateway({ secretKey: 'sk_test_x' });
    const registry = new PaymentGatewayRegistry([paystack, manual], (g) => !(g instanceof PaystackGateway) || g.configured);
    expect(registry.get('paystack')).toBe(paystack);
    expect(registry.get('manual')).toBe(manual);
    expect(registry.enabledProviders()).toEqual(['paystack', 'manual']);
  });

  it('keeps an unconfigured Paystack reachable (it answers "not configured") but not enabled', () => {
    const paystack = new PaystackGateway({});
    const registry = new PaymentGatewayRegistry([paystack, manual], (g) => !(g instanceof PaystackGateway) || g.configured);
    expect(registry.get('paystack')).toBe(paystack);
    expect(registry.enabledProviders()).toEqual(['manual']);
  });

  it('refuses an unknown provider and a provider given twice', () => {
    const registry = new PaymentGatewayRegistry([manual]);
    expect(() => registry.get('paystack')).toThrow(/No payment gateway/);
    expect(() => new PaymentGatewayRegistry([manual, new ManualGateway()])).toThrow(/Two gateways/);
  });
});
