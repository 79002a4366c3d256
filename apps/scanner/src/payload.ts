/**
 * Ticket QR payloads as the service signs them (README "Ticket QR payload"), parsed in the
 * browser. Ported from libs/tickets/src/ticket-payload.ts (the app cannot import server code):
 *
 * ```
 * T2.<BASE32(claims)>.<code>.<BASE32(signature)>   signature over "T2.<BASE32(claims)>.<code>"
 * T1.<BASE32(claims)>.<BASE32(signature)>          signature over "T1.<BASE32(claims)>"
 * claims = ticket id (16 bytes) | event id (16) | version (uint32 BE) | key id (8) = 44 bytes
 * ```
 */

export const CLAIMS_LENGTH = 44;
export const SIGNATURE_LENGTH = 64;

/** A payload split into its parts; the signature is not checked yet. */
export interface ParsedPayload {
  format: 'T1' | 'T2';
  ticketId: string;
  eventId: string;
  /** The ticket's version (1..2^32-1). */
  version: number;
  /** The canonical human code (T2 only). */
  code: string | null;
  /** 16 lower-case hex characters. */
  keyId: string;
  /** The exact ASCII text that was signed. */
  signedText: string;
  signature: Uint8Array<ArrayBuffer>;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE32_INDEX = new Map([...BASE32].map((c, i) => [c, i]));
const CANONICAL_CODE = /^TKT-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/;

/** RFC 4648 base32 (upper case, no padding) decoded; null on a foreign character or non-zero padding bits. */
export function base32Decode(text: string): Uint8Array<ArrayBuffer> | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = BASE32_INDEX.get(char);
    if (value === undefined) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  if (buffer !== 0) return null;
  return Uint8Array.from(out);
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function bytesToUuid(bytes: Uint8Array): string {
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** True when the text looks like a T1 or T2 payload (not a human code), before any checks. */
export function looksLikePayload(text: string): boolean {
  const t = text.trim();
  return t.startsWith('T1.') || t.startsWith('T2.');
}

/** Splits a T1 or T2 payload; null when malformed. The signature is not verified. */
export function parsePayload(payload: string): ParsedPayload | null {
  const parts = payload.trim().split('.');
  const t2 = parts.length === 4 && parts[0] === 'T2';
  if (!t2 && !(parts.length === 3 && parts[0] === 'T1')) return null;
  const code = t2 ? parts[2]! : null;
  if (code !== null && !CANONICAL_CODE.test(code)) return null;
  const claims = base32Decode(parts[1]!);
  const signature = base32Decode(parts[parts.length - 1]!);
  if (!claims || claims.length !== CLAIMS_LENGTH || !signature || signature.length !== SIGNATURE_LENGTH) return null;
  const version = new DataView(claims.buffer, claims.byteOffset).getUint32(32, false);
  if (version < 1) return null;
  return {
    format: t2 ? 'T2' : 'T1',
    ticketId: bytesToUuid(claims.subarray(0, 16)),
    eventId: bytesToUuid(claims.subarray(16, 32)),
    version,
    code,
    keyId: toHex(claims.subarray(36, 44)),
    signedText: parts.slice(0, -1).join('.'),
    signature,
  };
}
