import { PaymentProviderError, PaymentProviderNotConfiguredError, PaymentProviderUnavailableError } from '@app/payments';
import { PaystackGateway, PaystackGatewayOptions, ResilienceOptions } from '@app/infrastructure';
import { FakePaystack } from '../fakes/fake-paystack.js';

/**
 * The Paystack adapter against a fake Paystack on loopback: the real fetch calls, JSON shapes,
 * error mapping, timeout, retries with backoff and the circuit breaker (short timings here).
 */
describe('PaystackGateway (against a fake Paystack)', () => {
  let fake: FakePaystack;
  // Short delays; the timeout stays generous except where a test is about it (a loaded CI machine is slow).
  const FAST: Partial<ResilienceOptions> = {
    timeoutMs: 3000,
    maxRetries: 2,
    retryInitialDelayMs: 60,
    retryMaxDelayMs: 400,
    breakerThreshold: 5,
    halfOpenAfterMs: 1000,
  };
  const gateway = (overrides: { secretKey?: string | null; resilience?: Partial<ResilienceOptions>; logger?: PaystackGatewayOptions['logger'] } = {}) =>
    new PaystackGateway({
      secretKey: overrides.secretKey === null ? undefined : (overrides.secretKey ?? fake.secretKey),
      baseUrl: fake.url,
      callbackUrl: 'https://tickets.example/payments/return',
      resilience: { ...FAST, ...overrides.resilience },
      logger: overrides.logger,
    });
  let n = 0;
  const ref = () => `PAY-${Date.now().toString(36)}-${++n}`;
  const initialized = async (g: PaystackGateway, amount = 250_000) => {
    const reference = ref();
    await g.initialize({ reference, amount, currency: 'NGN', email: 'ada@example.com' });
    return reference;
  };
  /** The rejection of `promise` (fails the test when it resolves). */
  const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    throw new Error('expected a rejection');
  };

  beforeAll(async () => {
    fake = await FakePaystack.start();
    await fetch(`${fake.url}/warm-up`); // the first fetch of a process loads undici: keep that out of timed tests
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  describe('initialize', () => {
    it('sends minor units with our reference, the callback URL and metadata, and answers the checkout URL', async () => {
      const g = gateway();
      const reference = ref();
      const result = await g.initialize({ reference, amount: 250_050, currency: 'NGN', email: 'ada@example.com', metadata: { bookingId: 'b-1' } });

      expect(result.authorizationUrl).toBe(`${fake.url}/checkout/${fake.transaction(reference)!.accessCode}`);
      expect(result.accessCode).toBe(fake.transaction(reference)!.accessCode);
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]).toMatchObject({
        method: 'POST',
        path: '/transaction/initialize',
        authorized: true,
        body: {
          email: 'ada@example.com',
          amount: 250_050,
          currency: 'NGN',
          reference,
          callback_url: 'https://tickets.example/payments/return',
          metadata: { bookingId: 'b-1' },
        },
      });
      expect(Number.isInteger((fake.requests[0]!.body as { amount: unknown }).amount)).toBe(true);
    });

    it('a per-request callback URL wins over the default', async () => {
      const reference = ref();
      await gateway().initialize({ reference, amount: 1000, currency: 'GHS', email: 'kofi@example.com', callbackUrl: 'https://other.example/back' });
      expect(fake.requests[0]!.body).toMatchObject({ callback_url: 'https://other.example/back', currency: 'GHS' });
    });

    it('a duplicate reference is a provider error, and initialize is not retried', async () => {
      const g = gateway();
      const reference = await initialized(g);
      const error = await rejection(g.initialize({ reference, amount: 1000, currency: 'NGN', email: 'ada@example.com' }));
      expect(error).toBeInstanceOf(PaymentProviderError);
      expect(error).toMatchObject({
        code: 'payment_provider_error',
        kind: 'unprocessable',
        providerStatus: 400,
        providerMessage: 'Duplicate Transaction Reference',
      });
      expect(fake.requests).toHaveLength(2);
    });

    it('refuses amounts that are not positive integers of minor units before calling Paystack', async () => {
      const g = gateway();
      await expect(g.initialize({ reference: ref(), amount: 12.5, currency: 'NGN', email: 'a@b.co' })).rejects.toThrow(/minor units/);
      await expect(g.initialize({ reference: ref(), amount: 0, currency: 'NGN', email: 'a@b.co' })).rejects.toThrow(/minor units/);
      await expect(g.initialize({ reference: 'PAY 1/../x', amount: 100, currency: 'NGN', email: 'a@b.co' })).rejects.toThrow(/reference/);
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('verify', () => {
    it('maps an unpaid, a paid and a declined transaction', async () => {
      const g = gateway();
      const reference = await initialized(g, 250_000);
      expect(await g.verify(reference)).toEqual({
        reference,
        status: 'abandoned',
        amount: 250_000,
        currency: 'NGN',
        providerTransactionId: String(fake.transaction(reference)!.id),
        gatewayResponse: 'The transaction was not completed',
      });

      fake.pay(reference);
      const paid = await g.verify(reference);
      expect(paid).toMatchObject({ reference, status: 'success', amount: 250_000, currency: 'NGN', gatewayResponse: 'Successful' });
      expect(paid.paidAt).toBeInstanceOf(Date);
      expect(paid.paidAt!.toISOString()).toBe(fake.transaction(reference)!.paidAt);
      expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: `/transaction/verify/${reference}`, authorized: true });

      const declined = await initialized(g);
      fake.fail(declined);
      expect(await g.verify(declined)).toMatchObject({ status: 'failed', gatewayResponse: 'Declined' });
      expect((await g.verify(declined)).paidAt).toBeUndefined();
    });

    it('reports the amount and currency the provider reports, so the caller can refuse a mismatch', async () => {
      const g = gateway();
      const reference = await initialized(g, 250_000);
      fake.pay(reference, { amount: 100, currency: 'USD' });
      expect(await g.verify(reference)).toMatchObject({ status: 'success', amount: 100, currency: 'USD' });
    });

    it('an unknown reference is a provider error (4xx), not an outage', async () => {
      const error = await rejection(gateway().verify('PAY-never-initialized'));
      expect(error).toBeInstanceOf(PaymentProviderError);
      expect(error).toMatchObject({ providerStatus: 400, providerMessage: 'Transaction reference not found' });
      expect(fake.requests).toHaveLength(1);
    });
  });

  describe('refund', () => {
    it('refunds part of a paid transaction with the reason and our refund id in the merchant note', async () => {
      const g = gateway();
      const reference = await initialized(g, 250_000);
      fake.pay(reference);

      const result = await g.refund({ reference, amount: 100_000, currency: 'NGN', reason: 'Cannot attend', idempotencyKey: 'ref-0001' });
      expect(result).toEqual({ status: 'pending', providerRefundId: String(fake.refunds[0]!.id), message: 'Refund has been queued for processing' });
      expect(fake.requests.at(-1)).toMatchObject({
        method: 'POST',
        path: '/refund',
        body: { transaction: reference, amount: 100_000, currency: 'NGN', merchant_note: 'Cannot attend [refund ref-0001]' },
      });
      expect(fake.refunds).toEqual([expect.objectContaining({ transactionReference: reference, amount: 100_000, status: 'pending' })]);
    });

    it('a refund above what is left is the provider’s refusal (422), sent once', async () => {
      const g = gateway();
      const reference = await initialized(g, 5000);
      fake.pay(reference);
      await g.refund({ reference, amount: 4000, currency: 'NGN' });
      const before = fake.requests.length;
      const error = await rejection(g.refund({ reference, amount: 2000, currency: 'NGN' }));
      expect(error).toBeInstanceOf(PaymentProviderError);
      expect((error as PaymentProviderError).providerMessage).toMatch(/cannot be more/);
      expect(fake.requests.length - before).toBe(1);
    });

    it('finds a refund whose answer was lost: by the provider id, else by our id in the merchant note; null when Paystack has none', async () => {
      const g = gateway();
      const reference = await initialized(g, 250_000);
      fake.pay(reference);
      await g.refund({ reference, amount: 50_000, currency: 'NGN', reason: 'Other', idempotencyKey: 'ref-other' });
      await fake.setDown('lose-answers');
      const lost = await rejection(g.refund({ reference, amount: 100_000, currency: 'NGN', reason: 'Cannot attend', idempotencyKey: 'ref-lost' }));
      expect(lost).toBeInstanceOf(PaymentProviderUnavailableError);
      expect((lost as PaymentProviderUnavailableError).delivered).toBe(true);
      await fake.setDown(false);
      expect(fake.refunds).toHaveLength(2);
      const created = fake.refunds[1]!;

      expect(await g.lookupRefund({ reference, refundId: 'ref-lost' })).toEqual({ status: 'pending', providerRefundId: String(created.id) });
      expect(fake.requests.at(-1)?.path).toBe(`/refund?transaction=${reference}&perPage=100`);
      fake.processRefund(created.id);
      expect(await g.lookupRefund({ reference, refundId: 'ref-lost', providerRefundId: String(created.id) })).toEqual({
        status: 'processed',
        providerRefundId: String(created.id),
      });
      expect(fake.requests.at(-1)?.path).toBe(`/refund/${created.id}`);
      // The provider's transaction id is used for the list when known.
      expect(await g.lookupRefund({ reference, refundId: 'ref-other', providerTransactionId: String(fake.transaction(reference)!.id) })).toMatchObject({
        providerRefundId: String(fake.refunds[0]!.id),
      });
      expect(await g.lookupRefund({ reference, refundId: 'ref-never-sent' })).toBeNull();
      expect(await g.lookupRefund({ reference, refundId: 'ref-lost', providerRefundId: '999' })).toBeNull();
    });
  });

  describe('credentials', () => {
    it('a wrong secret key is a provider error that names no key, and 4xx answers never open the breaker', async () => {
      const wrongKey = 'sk_test_this_is_not_the_right_key_0123456789';
      const g = gateway({ secretKey: wrongKey });
      for (let i = 0; i < 7; i++) {
        const error = await rejection(g.verify('PAY-x'));
        expect(error).toBeInstanceOf(PaymentProviderError);
        expect(error).toMatchObject({ code: 'payment_provider_error', providerStatus: 401 });
        const text = `${(error as Error).message} ${JSON.stringify(error)}`;
        expect(text).not.toContain(wrongKey);
        expect(text).not.toContain(fake.secretKey);
      }
      expect(fake.requests).toHaveLength(7);
      expect(fake.requests.every((r) => !r.authorized)).toBe(true);
      expect(g.circuitState).toBe('closed');
    });

    it('without a secret key every call is "not configured" and nothing is sent; webhooks are never authentic', async () => {
      const g = gateway({ secretKey: null });
      expect(g.configured).toBe(false);
      await expect(g.initialize({ reference: ref(), amount: 100, currency: 'NGN', email: 'a@b.co' })).rejects.toBeInstanceOf(PaymentProviderNotConfiguredError);
      await expect(g.verify('PAY-1')).rejects.toMatchObject({ code: 'payment_provider_not_configured', kind: 'unprocessable' });
      await expect(g.refund({ reference: 'PAY-1', amount: 100, currency: 'NGN' })).rejects.toBeInstanceOf(PaymentProviderNotConfiguredError);
      expect(g.verifyWebhookSignature(Buffer.from('{}'), 'a'.repeat(128))).toBe(false);
      expect(fake.requests).toHaveLength(0);
    });

    it('verifies webhook signatures with its secret key', async () => {
      const g = gateway();
      let captured: { raw: Buffer; signature: string | undefined } | undefined;
      const { createServer } = await import('node:http');
      const receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          captured = { raw: Buffer.concat(chunks), signature: req.headers['x-paystack-signature'] as string | undefined };
          res.end('ok');
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
      try {
        const reference = await initialized(g);
        const data = fake.pay(reference);
        for (const [kind, authentic] of [
          ['valid', true],
          ['invalid', false],
          ['missing', false],
        ] as const) {
          const delivery = await fake.sendWebhook(url, 'charge.success', data, { signature: kind });
          expect(delivery.status).toBe(200);
          expect(captured!.raw.toString()).toBe(delivery.rawBody);
          expect(g.verifyWebhookSignature(captured!.raw, captured!.signature)).toBe(authentic);
        }
        // The same event re-serialised (other key order) is not the signed body.
        const reordered = Buffer.from(JSON.stringify({ data, event: 'charge.success' }));
        const valid = await fake.sendWebhook(url, 'charge.success', data);
        expect(g.verifyWebhookSignature(reordered, valid.signature)).toBe(false);
      } finally {
        await new Promise<void>((r) => receiver.close(() => r()));
      }
    });
  });

  describe('outages', () => {
    it('http500: verify is retried with growing, jittered delays, then the provider is unavailable', async () => {
      const g = gateway({ resilience: { retryInitialDelayMs: 100, retryMaxDelayMs: 1000 } });
      await fake.setDown('http500');
      const started = Date.now();
      const error = await rejection(g.verify('PAY-500'));
      const elapsed = Date.now() - started;

      expect(error).toBeInstanceOf(PaymentProviderUnavailableError);
      expect(error).toMatchObject({ code: 'payment_provider_unavailable', kind: 'unavailable', retryAfterSeconds: 5 });
      expect(fake.requests.map((r) => r.path)).toEqual(['/transaction/verify/PAY-500', '/transaction/verify/PAY-500', '/transaction/verify/PAY-500']);
      // Half jitter: the first delay is 50..100 ms, the second 100..200 ms.
      const gaps = fake.requests.slice(1).map((r, i) => r.at - fake.requests[i]!.at);
      console.info(`verify under http500: 3 attempts in ${elapsed} ms, retry gaps ${gaps.join(', ')} ms`);
      expect(gaps[0]).toBeGreaterThanOrEqual(45);
      expect(gaps[0]).toBeLessThan(250);
      expect(gaps[1]).toBeGreaterThanOrEqual(95);
      expect(gaps[1]).toBeLessThan(400);
      expect(g.circuitState).toBe('closed');
    });

    it('http500: initialize and refund are sent once (never blindly retried)', async () => {
      const g = gateway();
      await fake.setDown('http500');
      await expect(g.initialize({ reference: ref(), amount: 100, currency: 'NGN', email: 'a@b.co' })).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
      const error = await rejection(g.refund({ reference: 'PAY-1', amount: 100, currency: 'NGN' }));
      expect(error).toBeInstanceOf(PaymentProviderUnavailableError);
      // It reached Paystack, which may have acted on it: the outcome is unknown.
      expect((error as PaymentProviderUnavailableError).delivered).toBe(true);
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /transaction/initialize', 'POST /refund']);
    });

    it('refuse: nothing reaches Paystack; calls are retried (the request provably never left), then unavailable', async () => {
      const g = gateway({ resilience: { breakerThreshold: 10 } });
      await fake.setDown('refuse');
      const started = Date.now();
      await expect(g.verify('PAY-refused')).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
      await expect(g.initialize({ reference: ref(), amount: 100, currency: 'NGN', email: 'a@b.co' })).rejects.toMatchObject({
        code: 'payment_provider_unavailable',
        delivered: false,
      });
      const elapsed = Date.now() - started;
      console.info(`verify + initialize under refuse: ${elapsed} ms`);
      expect(fake.requests).toHaveLength(0);
      // Two retries each, after at least 30 + 60 ms of backoff (half jitter of 60 and 120 ms).
      expect(elapsed).toBeGreaterThanOrEqual(2 * 90);
      await fake.setDown(false);
      const reference = await initialized(g);
      expect((await g.verify(reference)).status).toBe('abandoned');
    });

    it('hang: each attempt is aborted at the timeout; verify retries, initialize does not', async () => {
      const g = gateway({ resilience: { timeoutMs: 250, retryInitialDelayMs: 50, retryMaxDelayMs: 100, breakerThreshold: 10 } });
      await fake.setDown('hang');
      let started = Date.now();
      await expect(g.verify('PAY-hang')).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
      const verifyMs = Date.now() - started;
      expect(fake.requests).toHaveLength(3);
      expect(verifyMs).toBeGreaterThanOrEqual(3 * 250);
      expect(verifyMs).toBeLessThan(3 * 250 + 1500);

      started = Date.now();
      await expect(g.initialize({ reference: ref(), amount: 100, currency: 'NGN', email: 'a@b.co' })).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
      const initializeMs = Date.now() - started;
      expect(fake.requests).toHaveLength(4);
      expect(initializeMs).toBeGreaterThanOrEqual(250);
      expect(initializeMs).toBeLessThan(1000);
      console.info(`hang with a 250 ms timeout: verify gave up after ${verifyMs} ms (3 attempts), initialize after ${initializeMs} ms (1 attempt)`);
    });
  });

  describe('circuit breaker', () => {
    it('opens after 5 consecutive failures, fails fast without calling Paystack, and closes after a good half-open trial', async () => {
      const logged: string[] = [];
      const logger = { log: (m: string) => logged.push(`log ${m}`), warn: (m: string) => logged.push(`warn ${m}`) };
      const g = gateway({ logger, resilience: { maxRetries: 2, breakerThreshold: 5, halfOpenAfterMs: 1500, retryInitialDelayMs: 20, retryMaxDelayMs: 40 } });
      const reference = await initialized(g);
      await fake.setDown('http500');
      fake.requests.length = 0;

      await expect(g.verify(reference)).rejects.toBeInstanceOf(PaymentProviderUnavailableError); // 3 failed attempts
      expect(g.circuitState).toBe('closed');
      const opening = await rejection(g.verify(reference)); // attempts 4 and 5 fail: the circuit opens; the 3rd is not sent
      expect(g.circuitState).toBe('open');
      expect(fake.requests).toHaveLength(5);
      expect(opening).toBeInstanceOf(PaymentProviderUnavailableError);
      expect((opening as PaymentProviderUnavailableError).retryAfterSeconds).toBe(2);

      // While open: every call fails at once, and nothing reaches Paystack.
      await fake.setDown(false);
      const latencies: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = process.hrtime.bigint();
        const error = await rejection(i % 3 === 0 ? g.initialize({ reference: ref(), amount: 100, currency: 'NGN', email: 'a@b.co' }) : g.verify(reference));
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        expect(error).toBeInstanceOf(PaymentProviderUnavailableError);
        expect((error as PaymentProviderUnavailableError).delivered).toBe(false);
        expect((error as PaymentProviderUnavailableError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect((error as PaymentProviderUnavailableError).retryAfterSeconds).toBeLessThanOrEqual(2);
      }
      expect(fake.requests).toHaveLength(5);
      const worst = Math.max(...latencies);
      const median = latencies.sort((a, b) => a - b)[10]!;
      console.info(`open circuit: 20 calls failed fast, median ${median.toFixed(3)} ms, worst ${worst.toFixed(3)} ms, no request sent`);
      // Fast means no network wait: no request was sent (above), the typical call returns at once,
      // and even one stalled by a busy event loop (parallel suites) stays far below one attempt's 3 s timeout.
      expect(median).toBeLessThan(5);
      expect(worst).toBeLessThan(250);

      // After the half-open delay, one trial goes through; it succeeds, so the circuit closes.
      await new Promise((r) => setTimeout(r, 1600));
      expect((await g.verify(reference)).status).toBe('abandoned');
      expect(g.circuitState).toBe('closed');
      expect(fake.requests).toHaveLength(6);
      await g.verify(reference);
      expect(fake.requests).toHaveLength(7);
      expect(logged).toEqual([
        'warn Paystack circuit open: calls fail fast for 1.5 s',
        'log Paystack circuit half-open: trying one call',
        'log Paystack circuit closed',
      ]);
    });

    it('a failed half-open trial opens the circuit again for another full period', async () => {
      const g = gateway({ resilience: { maxRetries: 0, breakerThreshold: 2, halfOpenAfterMs: 1000 } });
      await fake.setDown('http500');
      await rejection(g.verify('PAY-a'));
      await rejection(g.verify('PAY-a'));
      expect(g.circuitState).toBe('open');
      await new Promise((r) => setTimeout(r, 1100));
      const trial = await rejection(g.verify('PAY-a'));
      expect(fake.requests).toHaveLength(3);
      expect(g.circuitState).toBe('open');
      expect(trial).toMatchObject({ retryAfterSeconds: 1 });
      await expect(g.verify('PAY-a')).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
      expect(fake.requests).toHaveLength(3);
    });
  });
});
