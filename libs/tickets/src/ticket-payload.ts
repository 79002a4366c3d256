/**
 * The ticket QR payload, formats `T2` (issued) and `T1` (still accepted), documented for scanner
 * apps in the README ("Ticket QR payload"):
 *
 * ```
 * T2.<BASE32(claims)>.<code>.<BASE32(signature)>     signature over "T2.<BASE32(claims)>.<code>"
 * T1.<BASE32(claims)>.<BASE32(signature)>            signature over "T1.<BASE32(claims)>"
 * claims    = ticket id (16 bytes, the UUID's bytes) | event id (16 bytes)
 *           | version (uint32, big-endian) | key id (8 bytes)           = 44 bytes
 * code      = the ticket's human code, canonical (TKT-YYYYMMDD-XXXXXXXX)
 * signature = Ed25519 (RFC 8032, pure) over the ASCII bytes of the signed text = 64 bytes
 * BASE32    = RFC 4648 base32, upper case, without padding
 * ```
 *
 * T2 carries the human code so that an offline scanner can open the holder name sealed with it
 * (holder-name-seal.ts). Every character is in the QR alphanumeric set (ISO/IEC 18004: 0-9, A-Z,
 * space and $%*+-./:), so the 200-character T2 payload encodes in alphanumeric mode (5.5 bits a
 * character). This module only encodes and decodes; signing and verifying belong to the
 * {@link TicketSigner} adapter.
 */

import type { Ticket } from './ticket.js';

/** The format new payloads are issued in. */
export const PAYLOAD_PREFIX = 'T2';
/** The earlier format without the code, still verified. */
export const LEGACY_PAYLOAD_PREFIX = 'T1';

export const CLAIMS_LENGTH = 44;
export const SIGNATURE_LENGTH = 64;
export const KEY_ID_LENGTH = 8;

/** What a payload names. */
export interface TicketClaims {
  ticketId: string;
  eventId: string;
  /** The ticket's version (1..2^32-1). */
  version: number;
  /** The canonical human code (T2); absent in a T1 payload. */
  code?: string;
}

/** The claims of a ticket's payload: the ticket, its event, its version and its human code. */
export function claimsOf(ticket: Pick<Ticket, 'id' | 'eventId' | 'version' | 'code'>): TicketClaims {
  return { ticketId: ticket.id, eventId: ticket.eventId, version: ticket.version, code: ticket.code };
}

const CANONICAL_CODE = /^TKT-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/;

/** A payload split into its parts; the signature is not checked yet. */
export interface ParsedPayload {
  claims: TicketClaims;
  /** 16 lower-case hex characters: which public key verifies the signature. */
  keyId: string;
  /** The exact text that was signed: `T1.<BASE32(claims)>`. */
  signedText: string;
  signature: Uint8Array;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE32_INDEX = new Map([...BASE32].map((c, i) => [c, i]));

/** RFC 4648 base32, upper case, no padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes {@link base32Encode}'s output; null on a character outside the alphabet or non-zero padding bits. */
export function base32Decode(text: string): Uint8Array | null {
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
  if (buffer !== 0) return null; // canonical encodings only: one payload, one spelling
  return Uint8Array.from(out);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidToBytes(uuid: string): Uint8Array {
  if (!UUID.test(uuid)) throw new Error(`not a UUID: ${uuid}`);
  const hex = uuid.replace(/-/g, '');
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

function bytesToUuid(bytes: Uint8Array): string {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The text to sign for these claims and key: `T2.<BASE32(claims)>.<code>`, or `T1.<BASE32(claims)>`
 * when the claims carry no code.
 * @throws Error when an id is not a UUID, the version is outside 1..2^32-1, the code is not
 *   canonical or the key id is not 16 hex characters.
 */
export function signedTextOf(claims: TicketClaims, keyId: string): string {
  if (!Number.isInteger(claims.version) || claims.version < 1 || claims.version > 0xffffffff) throw new Error(`bad version ${claims.version}`);
  if (!/^[0-9a-f]{16}$/.test(keyId)) throw new Error(`bad key id ${keyId}`);
  if (claims.code !== undefined && !CANONICAL_CODE.test(claims.code)) throw new Error(`bad code ${claims.code}`);
  const bytes = new Uint8Array(CLAIMS_LENGTH);
  bytes.set(uuidToBytes(claims.ticketId), 0);
  bytes.set(uuidToBytes(claims.eventId), 16);
  new DataView(bytes.buffer).setUint32(32, claims.version, false);
  bytes.set(
    Uint8Array.from({ length: KEY_ID_LENGTH }, (_, i) => parseInt(keyId.slice(i * 2, i * 2 + 2), 16)),
    36,
  );
  return claims.code === undefined ? `${LEGACY_PAYLOAD_PREFIX}.${base32Encode(bytes)}` : `${PAYLOAD_PREFIX}.${base32Encode(bytes)}.${claims.code}`;
}

/** Joins signed text and signature into the payload. */
export function assemblePayload(signedText: string, signature: Uint8Array): string {
  return `${signedText}.${base32Encode(signature)}`;
}

/** True when `text` looks like a payload of either format (not a human code), before any checks. */
export function looksLikePayload(text: string): boolean {
  const t = text.trim();
  return t.startsWith(`${PAYLOAD_PREFIX}.`) || t.startsWith(`${LEGACY_PAYLOAD_PREFIX}.`);
}

/** Splits a payload (T2 or T1) into claims, key id, signed text and signature; null when malformed. The signature is not verified. */
export function parsePayload(payload: string): ParsedPayload | null {
  const parts = payload.trim().split('.');
  const t2 = parts.length === 4 && parts[0] === PAYLOAD_PREFIX;
  if (!t2 && !(parts.length === 3 && parts[0] === LEGACY_PAYLOAD_PREFIX)) return null;
  const code = t2 ? parts[2]! : undefined;
  if (code !== undefined && !CANONICAL_CODE.test(code)) return null;
  const claims = base32Decode(parts[1]!);
  const signature = base32Decode(parts[parts.length - 1]!);
  if (!claims || claims.length !== CLAIMS_LENGTH || !signature || signature.length !== SIGNATURE_LENGTH) return null;
  const version = new DataView(claims.buffer, claims.byteOffset).getUint32(32, false);
  if (version < 1) return null;
  return {
    claims: { ticketId: bytesToUuid(claims.subarray(0, 16)), eventId: bytesToUuid(claims.subarray(16, 32)), version, ...(code ? { code } : {}) },
    keyId: [...claims.subarray(36, 44)].map((b) => b.toString(16).padStart(2, '0')).join(''),
    signedText: parts.slice(0, -1).join('.'),
    signature,
  };
}
