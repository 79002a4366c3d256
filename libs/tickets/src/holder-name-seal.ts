import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Holder names in the offline check-in feed are sealed per ticket, so that a lost scanner phone
 * leaks no attendee list: only someone who holds the ticket's human code (printed on it, and
 * inside its T2 QR payload) can read its name. Documented in the README ("Offline check-in feed").
 *
 * ```
 * key    = HKDF-SHA256(IKM = UTF-8(code), salt = UTF-8(ticketId), info = "ticketing/holder-name/v1", L = 32)  (RFC 5869)
 * sealed = base64url(iv) "." base64url(AES-256-GCM(key, iv, name, AAD = UTF-8(ticketId)) || tag)  (NIST SP 800-38D)
 * ```
 * `code` is the canonical `TKT-YYYYMMDD-XXXXXXXX`, `ticketId` the lower-case UUID text, `iv` 12
 * random bytes, the tag 16 bytes. Each sealing draws a new IV, so a key never sees an IV twice.
 */
export const HOLDER_NAME_INFO = 'ticketing/holder-name/v1';

function holderNameKey(code: string, ticketId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(code, 'utf8'), Buffer.from(ticketId, 'utf8'), Buffer.from(HOLDER_NAME_INFO, 'utf8'), 32));
}

/** Seals a holder name with the ticket's code (format above). */
export function sealHolderName(code: string, ticketId: string, name: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', holderNameKey(code, ticketId), iv);
  cipher.setAAD(Buffer.from(ticketId, 'utf8'));
  const body = Buffer.concat([cipher.update(name, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** Opens {@link sealHolderName}'s output; null when the code is not the ticket's or the text was altered. */
export function openHolderName(code: string, ticketId: string, sealed: string): string | null {
  const [ivText, bodyText] = sealed.split('.');
  if (!ivText || !bodyText) return null;
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== 12 || body.length < 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', holderNameKey(code, ticketId), iv);
    decipher.setAAD(Buffer.from(ticketId, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
