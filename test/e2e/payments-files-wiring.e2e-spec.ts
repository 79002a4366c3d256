import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CloudinaryStorage, LocalDiskStorage } from '@app/infrastructure';
import { PaymentGateways, PaymentProviderNotConfiguredError, PaymentProviderUnavailableError } from '@app/payments';
import { FileStorage } from '@app/shared';
import { FakeCloudinary } from '../fakes/fake-cloudinary.js';
import { FakePaystack } from '../fakes/fake-paystack.js';
import { TINY_JPEG, tinyPdf } from '../factories/files.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * The composition root wires the payment gateways and the file store from configuration: the
 * real app boots with PAYSTACK_* and CLOUDINARY_URL pointing at the loopback fakes, then without.
 */
describe('payment gateways and file storage wiring (e2e)', () => {
  let paystack: FakePaystack;
  let cloudinary: FakeCloudinary;
  let t: TestApp | undefined;

  beforeAll(async () => {
    paystack = await FakePaystack.start();
    cloudinary = await FakeCloudinary.start();
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  afterAll(async () => {
    await paystack.close();
    await cloudinary.close();
  });

  it('with PAYSTACK_* and CLOUDINARY_URL set: Paystack and Cloudinary, configured from the environment', async () => {
    t = await startTestApp({
      PAYSTACK_SECRET_KEY: paystack.secretKey,
      PAYSTACK_BASE_URL: paystack.url,
      PAYSTACK_TIMEOUT_MS: '400',
      PAYSTACK_BREAKER_HALF_OPEN_SECONDS: '7',
      PAYMENT_CALLBACK_URL: 'https://tickets.example/payments/return',
      CLOUDINARY_URL: cloudinary.cloudinaryUrl,
    });
    const gateways = t.app.get(PaymentGateways);
    expect(gateways.enabledProviders()).toEqual(['paystack', 'manual']);
    expect(gateways.get('manual').provider).toBe('manual');

    const paystackGateway = gateways.get('paystack');
    const result = await paystackGateway.initialize({ reference: 'PAY-WIRING-1', amount: 150_000, currency: 'NGN', email: 'ada@example.com' });
    expect(result.authorizationUrl).toMatch(new RegExp(`^${paystack.url}/checkout/`));
    expect(paystack.requests.at(-1)).toMatchObject({ authorized: true, body: { amount: 150_000, callback_url: 'https://tickets.example/payments/return' } });
    paystack.pay('PAY-WIRING-1');
    expect(await paystackGateway.verify('PAY-WIRING-1')).toMatchObject({ status: 'success', amount: 150_000, currency: 'NGN' });

    // PAYSTACK_TIMEOUT_MS: a hanging Paystack is given up after 400 ms (initialize is not retried).
    await paystack.setDown('hang');
    const started = Date.now();
    await expect(paystackGateway.initialize({ reference: 'PAY-WIRING-2', amount: 100, currency: 'NGN', email: 'a@b.co' })).rejects.toBeInstanceOf(
      PaymentProviderUnavailableError,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(1500);

    // PAYSTACK_BREAKER_HALF_OPEN_SECONDS: once open, the circuit answers Retry-After ≈ 7 s.
    await paystack.setDown('http500');
    let error: unknown;
    for (let i = 0; i < 3 && !(error instanceof PaymentProviderUnavailableError && error.retryAfterSeconds > 5); i++) {
      error = await paystackGateway.verify('PAY-WIRING-1').catch((e: unknown) => e);
    }
    expect(error).toBeInstanceOf(PaymentProviderUnavailableError);
    expect((error as PaymentProviderUnavailableError).retryAfterSeconds).toBe(7);
    await paystack.reset();

    const storage = t.app.get(FileStorage);
    expect(storage).toBeInstanceOf(CloudinaryStorage);
    const stored = await storage.put({ data: tinyPdf(), contentType: 'application/pdf', folder: 'payment-proofs' });
    expect(cloudinary.assets.map((a) => a.publicId)).toContain(stored.key);
    expect((await storage.get(stored.key))!.data).toEqual(tinyPdf());
  });

  it('without them: Paystack answers "not configured", and files go to DATA_DIR/files', async () => {
    t = await startTestApp();
    const gateways = t.app.get(PaymentGateways);
    expect(gateways.enabledProviders()).toEqual(['manual']);
    await expect(gateways.get('paystack').verify('PAY-1')).rejects.toBeInstanceOf(PaymentProviderNotConfiguredError);
    expect(await gateways.get('manual').initialize({ reference: 'PAY-2', amount: 100, currency: 'NGN', email: 'a@b.co' })).toEqual({ authorizationUrl: null });

    const storage = t.app.get(FileStorage);
    expect(storage).toBeInstanceOf(LocalDiskStorage);
    const stored = await storage.put({ data: TINY_JPEG, contentType: 'image/jpeg', folder: 'events/qr' });
    expect(existsSync(join(t.config.DATA_DIR, 'files', ...stored.key.split('/')))).toBe(true);
    expect((await storage.get(stored.key))!.data).toEqual(TINY_JPEG);
  });
});
