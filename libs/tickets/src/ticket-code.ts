import { randomInt } from 'node:crypto';

/**
 * Crockford's base32 alphabet (https://www.crockford.com/base32.html): digits and upper-case
 * letters without I, L, O and U, so a code read aloud or typed from paper is unambiguous.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random characters per code: 8 × 5 bits = 40 bits of entropy. */
export const CODE_RANDOM_LENGTH = 8;

const CANONICAL = /^TKT-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/;

/**
 * The date part of a ticket code: the event's start date in the event's own time zone, as
 * `YYYYMMDD` (what a gate steward sees on the event's poster).
 */
export function codeDate(startsAt: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(startsAt);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}`;
}

/**
 * A new human ticket code `TKT-YYYYMMDD-XXXXXXXX`: `date` is {@link codeDate}, the 8 characters are
 * drawn with `crypto.randomInt` (a CSPRNG) from {@link CODE_ALPHABET}. Unique by a database
 * constraint; callers retry on the (1 in 2^40 per pair) collision.
 */
export function generateTicketCode(date: string): string {
  let random = '';
  for (let i = 0; i < CODE_RANDOM_LENGTH; i++) random += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `TKT-${date}-${random}`;
}

/**
 * The canonical form of a code typed at the gate, or null when it cannot be one. Accepted:
 * any letter case, with or without the dashes, spaces anywhere; in the random part the
 * look-alikes `O` read as `0` and `I`/`L` as `1` (Crockford decoding). `U` is never valid.
 */
export function normalizeTicketCode(input: string): string | null {
  const compact = input.replace(/[\s-]+/g, '').toUpperCase();
  const match = /^TKT(\d{8})([0-9A-Z]{8})$/.exec(compact);
  if (!match) return null;
  const random = match[2]!.replace(/O/g, '0').replace(/[IL]/g, '1');
  const code = `TKT-${match[1]}-${random}`;
  return CANONICAL.test(code) ? code : null;
}
