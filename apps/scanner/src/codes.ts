/**
 * Human codes typed at the gate, normalised as the service does (libs/tickets/src/ticket-code.ts):
 * any case, spaces and dashes ignored, and in the random part Crockford's look-alikes O→0, I/L→1.
 */

const CANONICAL_TICKET = /^TKT-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/;
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]+$/;

function crockford(text: string): string {
  return text.replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** `TKT-YYYYMMDD-XXXXXXXX`, or null when the input cannot be a ticket code. */
export function normalizeTicketCode(input: string): string | null {
  const compact = input.replace(/[\s-]+/g, '').toUpperCase();
  const match = /^TKT(\d{8})([0-9A-Z]{8})$/.exec(compact);
  if (!match) return null;
  const code = `TKT-${match[1]}-${crockford(match[2]!)}`;
  return CANONICAL_TICKET.test(code) ? code : null;
}

/** A device pairing code `SCP-XXXX-XXXX-XXXX` (Crockford base32), or null. */
export function normalizePairingCode(input: string): string | null {
  const compact = input.replace(/[\s-]+/g, '').toUpperCase();
  const match = /^SCP([0-9A-Z]{12})$/.exec(compact);
  if (!match) return null;
  const body = crockford(match[1]!);
  if (!CROCKFORD.test(body)) return null;
  return `SCP-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`;
}
