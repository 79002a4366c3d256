import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature Paystack puts in the `x-paystack-signature` header of a webhook: the HMAC-SHA512
 * of the raw request body keyed with the account's secret key, in lowercase hex (128 characters).
 * Source: Paystack's webhook documentation ("Verify event origin").
 */
export function paystackSignature(rawBody: Buffer | string, secretKey: string): string {
  return createHmac('sha512', secretKey).update(rawBody).digest('hex');
}

/**
 * Whether a Paystack webhook is authentic: `signatureHeader` must equal
 * {@link paystackSignature} of the exact bytes received (`rawBody`, before any JSON parsing:
 * re-serialising parsed JSON changes the bytes). Compared in constant time; a missing, empty,
 * wrongly sized or non-hex header, or an empty secret, is false. Never throws.
 */
export function verifyPaystackSignature(rawBody: Buffer, signatureHeader: string | undefined, secretKey: string): boolean {
  if (!secretKey || typeof signatureHeader !== 'string' || !Buffer.isBuffer(rawBody)) return false;
  const received = signatureHeader.trim().toLowerCase();
  if (!/^[0-9a-f]{128}$/.test(received)) return false;
  const expected = Buffer.from(paystackSignature(rawBody, secretKey), 'hex');
  const actual = Buffer.from(received, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
