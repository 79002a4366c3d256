import { createHash, createHmac } from 'node:crypto';
import { InvalidWebhookSignatureError, MalformedWebhookError } from '@app/payments';
import { ManualGateway } from './manual.gateway.js';
import { PaystackGateway } from './paystack.gateway.js';
import { parsePaystackWebhook } from './paystack-webhook.js';

const secret = 'sk_test_0123456789abcdef0123456789abcdef01234567';
const gateway = new PaystackGateway({ secretKey: secret });
/** What Paystack sends in `x-paystack-signature`, computed independently of the adapter. */
const sign = (raw: Buffer) => createHmac('sha512', secret).update(raw).digest('hex');
const sha256 = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');

describe('Paystack webhook parsing (PaystackGateway.parseWebhook)', () => {
  it('turns a signed charge.success into a charge report, keyed by the SHA-256 of the raw body', () => {
    const raw = Buffer.from(
      '{"event":"charge.success","data":{"id":302961,"domain":"test","status":"success","reference":"PAY-1","amount":250000,"currency":"NGN","paid_at":"2026-06-01T10:00:05.000Z"}}',
    );
    const event = gateway.parseWebhook(raw, sign(raw));
    expect(event).toEqual({
      eventKey: sha256(raw),
      type: 'charge.success',
      reference: 'PAY-1',
      payload: JSON.parse(raw.toString()),
      report: {
        kind: 'charge',
        reference: 'PAY-1',
        status: 'success',
        amount: 250000,
        currency: 'NGN',
        providerTransactionId: '302961',
        paidAt: new Date('2026-06-01T10:00:05.000Z'),
      },
    });
  });

  it('reads a charge status other than success as failed or pending, and a string amount as a number', () => {
    const failed = parsePaystackWebhook(
      Buffer.from('{"event":"charge.success","data":{"reference":"PAY-2","status":"failed","amount":"100","currency":"GHS"}}'),
    );
    expect(failed.report).toEqual({ kind: 'charge', reference: 'PAY-2', status: 'failed', amount: 100, currency: 'GHS' });
    const odd = parsePaystackWebhook(Buffer.from('{"event":"charge.success","data":{"reference":"PAY-3","status":"reversed","amount":100}}'));
    expect(odd.report).toEqual({ kind: 'charge', reference: 'PAY-3', status: 'pending', amount: 100, currency: '' });
  });

  it('turns refund.processed and refund.failed into refund reports naming the transaction either way Paystack sends it', () => {
    const processed = Buffer.from('{"event":"refund.processed","data":{"id":1234,"status":"processed","amount":5000,"transaction_reference":"PAY-9"}}');
    expect(gateway.parseWebhook(processed, sign(processed))).toMatchObject({
      type: 'refund.processed',
      reference: 'PAY-9',
      report: { kind: 'refund', transactionReference: 'PAY-9', providerRefundId: '1234', amount: 5000, status: 'processed' },
    });
    const failed = parsePaystackWebhook(
      Buffer.from('{"event":"refund.failed","data":{"amount":5000,"message":"Bank declined","transaction":{"reference":"PAY-8"}}}'),
    );
    expect(failed.report).toEqual({
      kind: 'refund',
      transactionReference: 'PAY-8',
      providerRefundId: null,
      amount: 5000,
      status: 'failed',
      message: 'Bank declined',
    });
  });

  it('records other events, and events without a reference, without a report', () => {
    expect(parsePaystackWebhook(Buffer.from('{"event":"transfer.success","data":{"reference":"TRF-1"}}'))).toMatchObject({
      type: 'transfer.success',
      reference: 'TRF-1',
      report: null,
    });
    expect(parsePaystackWebhook(Buffer.from('{"event":"charge.success","data":{"amount":100}}'))).toMatchObject({ reference: null, report: null });
    expect(parsePaystackWebhook(Buffer.from('{"event":"refund.processed","data":{"reference":"PAY-1"}}'))).toMatchObject({ reference: null, report: null });
    for (const body of ['{}', 'null', '[1]', '"text"', '{"event":"charge.success","data":null}']) {
      expect(parsePaystackWebhook(Buffer.from(body))).toMatchObject({ type: expect.any(String), reference: null, report: null });
    }
  });

  it('checks the signature first: a wrong, missing or re-serialised signature is refused before parsing', () => {
    const raw = Buffer.from('{"event":"charge.success","data":{"reference":"PAY-1","status":"success","amount":1,"currency":"NGN"}}');
    expect(() => gateway.parseWebhook(raw, undefined)).toThrow(InvalidWebhookSignatureError);
    expect(() => gateway.parseWebhook(raw, sign(Buffer.from(raw.toString().replace('"amount":1', '"amount":2'))))).toThrow(InvalidWebhookSignatureError);
    expect(() => gateway.parseWebhook(Buffer.from(JSON.stringify(JSON.parse(raw.toString()), null, 1)), sign(raw))).toThrow(InvalidWebhookSignatureError);
    // Even a body that is not JSON answers 401 when unsigned, and 400 only once authentic.
    const junk = Buffer.from('not json');
    expect(() => gateway.parseWebhook(junk, 'a'.repeat(128))).toThrow(InvalidWebhookSignatureError);
    expect(() => gateway.parseWebhook(junk, sign(junk))).toThrow(MalformedWebhookError);
  });

  it('refuses every webhook without a secret key, and the manual provider has none', () => {
    const raw = Buffer.from('{}');
    expect(() => new PaystackGateway({}).parseWebhook(raw, createHmac('sha512', '').update(raw).digest('hex'))).toThrow(InvalidWebhookSignatureError);
    expect(() => new ManualGateway().parseWebhook()).toThrow(InvalidWebhookSignatureError);
  });
});
