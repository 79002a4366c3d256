import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** How phone numbers are stored and shown: E.164 (`+2348012345678`). The database CHECKs the same shape. */
export const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/;

/** Longest stored phone number (`+` and 15 digits). */
export const PHONE_MAX_LENGTH = 16;

/** The message of a phone field that {@link normalizePhone} refuses. */
export function invalidPhoneMessage(field: string): string {
  return `${field} must be a valid phone number, e.g. +2348012345678`;
}

/** The region a number written without `+` is read in (Nigeria: `08012345678` is `+2348012345678`). */
export const DEFAULT_PHONE_REGION = 'NG';

/**
 * A phone number in E.164, or null when `input` is not a valid number (libphonenumber-js rules).
 * International form (`+44 20 7946 0958`, spaces, dashes and brackets allowed) is read as written;
 * a number without `+` is read as a national number of {@link DEFAULT_PHONE_REGION}.
 */
export function normalizePhone(input: string): string | null {
  if (typeof input !== 'string' || input.length > 32) return null;
  const phone = parsePhoneNumberFromString(input.trim(), DEFAULT_PHONE_REGION);
  if (!phone || !phone.isValid()) return null;
  const e164 = phone.format('E.164');
  return E164_PATTERN.test(e164) ? e164 : null;
}
