import { paystackSignature, verifyPaystackSignature } from './paystack-signature.js';

describe('Paystack webhook signature (HMAC-SHA512 of the raw body)', () => {
  // RFC 4231, test case 2: HMAC-SHA-512 with key "Jefe".
  const RFC4231_KEY = 'Jefe';
  const RFC4231_DATA = Buffer.from('what do ya want for nothing?');
  const RFC4231_MAC = '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737';

  const secret = 'sk_test_0123456789abcdef0123456789abcdef01234567';
  const body = Buffer.from('{"event":"charge.success","data":{"id":302961,"reference":"PAY-1","amount":250000,"currency":"NGN","status":"success"}}');

  it('computes the known HMAC-SHA512 vector', () => {
    expect(paystackSignature(RFC4231_DATA, RFC4231_KEY)).toBe(RFC4231_MAC);
    expect(verifyPaystackSignature(RFC4231_DATA, RFC4231_MAC, RFC4231_KEY)).toBe(true);
    expect(verifyPaystackSignature(RFC4231_DATA, RFC4231_MAC.toUpperCase(), RFC4231_KEY)).toBe(true);
  });

  it('accepts the signature of the exact body and refuses a tampered body', () => {
    const signature = paystackSignature(body, secret);
    expect(verifyPaystackSignature(body, signature, secret)).toBe(true);
    const tampered = Buffer.from(body.toString().replace('250000', '250001'));
    expect(verifyPaystackSignature(tampered, signature, secret)).toBe(false);
    expect(verifyPaystackSignature(Buffer.concat([body, Buffer.from(' ')]), signature, secret)).toBe(false);
    // Same JSON, other bytes (re-serialised): not the signed body.
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    expect(verifyPaystackSignature(reserialised, signature, secret)).toBe(false);
  });

  it('refuses another key, and missing, empty, short, long or non-hex signatures, without throwing', () => {
    const signature = paystackSignature(body, secret);
    expect(verifyPaystackSignature(body, signature, `${secret}x`)).toBe(false);
    expect(verifyPaystackSignature(body, signature, '')).toBe(false);
    for (const bad of [undefined, '', signature.slice(0, 127), `${signature}0`, `${signature.slice(0, 127)}g`, signature.slice(0, 64), 'sha512=' + signature]) {
      expect(verifyPaystackSignature(body, bad, secret)).toBe(false);
    }
  });
});
