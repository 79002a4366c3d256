import type { TicketClaims } from './ticket-payload.js';

/** A public key that verifies ticket payloads, as `GET /events/{id}/check-in-keys` publishes it. */
export interface TicketPublicKey {
  /** 16 lower-case hex characters: the first 8 bytes of SHA-256 over the raw 32-byte public key. */
  keyId: string;
  algorithm: 'Ed25519';
  /** The raw 32-byte Ed25519 public key (RFC 8032), base64url without padding. */
  publicKey: string;
  /** The same key as an SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  publicKeyPem: string;
  /** True for the key that signs new payloads; the others only verify older ones (rotation). */
  current: boolean;
}

/** Why a payload was refused before any database look-up. */
export type PayloadRefusal = 'malformed' | 'unknown_key' | 'bad_signature';

export type PayloadVerification = { valid: true; claims: TicketClaims; keyId: string } | { valid: false; reason: PayloadRefusal };

/**
 * Port: signs and verifies ticket QR payloads (format in ticket-payload.ts) with Ed25519
 * (RFC 8032). Verification is in memory; it tells nothing about the ticket's state.
 */
export abstract class TicketSigner {
  /** The payload for these claims, signed with the current key. Deterministic (Ed25519). */
  abstract sign(claims: TicketClaims): string;
  /** Checks the format, the key id and the signature. */
  abstract verify(payload: string): PayloadVerification;
  /** Every key that verifies payloads: the current one first, then previous ones still accepted. */
  abstract publicKeys(): TicketPublicKey[];
}
