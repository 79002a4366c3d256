/**
 * Ticket QR payloads (README "Ticket QR payload"), parsed in the browser by the service's own codec
 * (`libs/tickets/src/ticket-payload.ts`: pure TypeScript, no Node API), so the gate and the server
 * can never disagree on a format. Only the shape the gate's decision wants is added here.
 */
import { looksLikePayload, parsePayload as parseClaims } from '../../../libs/tickets/src/ticket-payload.js';

export { looksLikePayload };

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
  /** On an `ArrayBuffer` of its own, as WebCrypto's `verify` takes it. */
  signature: Uint8Array<ArrayBuffer>;
}

/** Splits a T1 or T2 payload; null when malformed. The signature is not verified. */
export function parsePayload(payload: string): ParsedPayload | null {
  const parsed = parseClaims(payload);
  if (!parsed) return null;
  const { claims } = parsed;
  return {
    format: claims.code === undefined ? 'T1' : 'T2',
    ticketId: claims.ticketId,
    eventId: claims.eventId,
    version: claims.version,
    code: claims.code ?? null,
    keyId: parsed.keyId,
    signedText: parsed.signedText,
    signature: new Uint8Array(parsed.signature),
  };
}
