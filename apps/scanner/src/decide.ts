/**
 * The local decision of a scan, over the offline feed (README "Scanner app"). Pure but for the
 * cryptography (WebCrypto is asynchronous): the same inputs give the same answer, and nothing is
 * changed; {@link applyDecision} gives the ticket's state after an admitted scan.
 *
 * Order, as the service decides (so that the screen rarely needs a correction):
 * unparseable, unknown key, bad signature or unknown code → `invalid`; payload for another event →
 * `wrong_event`; ticket not in the feed → `invalid`; payload version ≠ feed version →
 * `transferred` if the ticket was transferred, else `invalid`; then the ticket's status
 * (`cancelled`, `refunded`, `transferred`, `unpaid`); entry: inside → `already_checked_in`,
 * checked in before and its type has no re-entry → `already_checked_in`, outside the event's scan
 * window → `event_not_open`, else `ok`; exit: inside → `ok`, else `not_inside`.
 */
import { normalizeTicketCode } from './codes.js';
import { Ed25519Verifier, openHolderName, sha256Hex } from './crypto.js';
import { looksLikePayload, parsePayload } from './payload.js';

export type Direction = 'entry' | 'exit';

export type ScanResult =
  'ok' | 'already_checked_in' | 'not_inside' | 'invalid' | 'wrong_event' | 'cancelled' | 'refunded' | 'transferred' | 'unpaid' | 'event_not_open';

/** A ticket as the check-in feed sends it. Times are ISO 8601 UTC. */
export interface FeedTicket {
  ticketId: string;
  /** Lower-case hex SHA-256 of the canonical human code. */
  codeHash: string;
  version: number;
  /** `valid`, `checked_in`, `cancelled`, `refunded`, `transferred` or `unpaid`. */
  status: string;
  inside: boolean;
  checkedInAt: string | null;
  checkedInGate: string | null;
  ticketTypeId: string;
  ticketTypeName: string;
  reentry: boolean;
  holderNameSealed: string;
}

/** The event's facts that decide its scan window. */
export interface FeedEvent {
  id: string;
  title: string;
  status: string;
  startsAt: string;
  endsAt: string;
  scanOpensAt?: string | null;
}

/** What a decision reads: the event, its verification keys (raw 32-byte Ed25519) and its tickets. */
export interface FeedState {
  eventId: string;
  event: FeedEvent | null;
  keys: ReadonlyMap<string, Uint8Array<ArrayBuffer>>;
  tickets: ReadonlyMap<string, FeedTicket>;
  /** codeHash → ticketId. */
  byCodeHash: ReadonlyMap<string, string>;
}

/** Why a scan is `invalid` (shown in small print; the result is what counts). */
export type InvalidReason = 'unreadable' | 'unknown_key' | 'bad_signature' | 'unknown_code' | 'not_in_feed' | 'old_version';

/** The local answer to a scan. */
export interface Decision {
  result: ScanResult;
  direction: Direction;
  ticketId: string | null;
  /** The canonical human code when the scan carried it (T2 payload or a typed code). */
  code: string | null;
  /** Whether the server can judge the scan (worth queueing): a payload or something shaped like a code. */
  judgeable: boolean;
  reason: InvalidReason | null;
  holderName: string | null;
  ticketTypeName: string | null;
  /** First check-in (for `already_checked_in`). */
  checkedInAt: string | null;
  checkedInGate: string | null;
}

export interface DecideOptions {
  direction: Direction;
  now: Date;
  verifier: Ed25519Verifier;
}

const OPEN_STATUSES = new Set(['published', 'completed']);
const REFUSING_STATUSES = new Set(['cancelled', 'refunded', 'transferred', 'unpaid']);

/** True when scans for entry are accepted at `now` (event published or completed, scanOpensAt ≤ now ≤ endsAt). */
export function scanWindowOpen(event: FeedEvent | null, now: Date): boolean {
  if (!event) return true; // no event facts yet: the server has the last word
  if (!OPEN_STATUSES.has(event.status)) return false;
  const t = now.getTime();
  if (event.scanOpensAt && t < Date.parse(event.scanOpensAt)) return false;
  return t <= Date.parse(event.endsAt);
}

/** Decides a scanned or typed text locally. Never throws. */
export async function decide(text: string, state: FeedState, options: DecideOptions): Promise<Decision> {
  const { direction } = options;
  const base: Decision = {
    result: 'invalid',
    direction,
    ticketId: null,
    code: null,
    judgeable: false,
    reason: 'unreadable',
    holderName: null,
    ticketTypeName: null,
    checkedInAt: null,
    checkedInGate: null,
  };
  const input = text.trim();
  let ticket: FeedTicket | undefined;
  let code: string | null;
  if (looksLikePayload(input)) {
    const parsed = parsePayload(input);
    if (!parsed) return base;
    const key = state.keys.get(parsed.keyId);
    if (!key) return { ...base, reason: 'unknown_key', judgeable: true };
    if (!(await options.verifier.verify(key, parsed.signature, parsed.signedText))) return { ...base, reason: 'bad_signature', judgeable: true };
    code = parsed.code;
    const found = { ...base, judgeable: true, ticketId: parsed.ticketId, code, reason: null };
    if (parsed.eventId !== state.eventId) return { ...found, result: 'wrong_event' };
    ticket = state.tickets.get(parsed.ticketId);
    if (!ticket) return { ...found, reason: 'not_in_feed' };
    if (parsed.version !== ticket.version) {
      return ticket.status === 'transferred' ? { ...found, result: 'transferred', ticketTypeName: ticket.ticketTypeName } : { ...found, reason: 'old_version' };
    }
  } else {
    code = normalizeTicketCode(input);
    if (!code) return base;
    const id = state.byCodeHash.get(await sha256Hex(code));
    if (!id || !(ticket = state.tickets.get(id))) return { ...base, code, judgeable: true, reason: 'unknown_code' };
  }
  const holderName = code ? await openHolderName(code, ticket.ticketId, ticket.holderNameSealed) : null;
  const found: Decision = {
    ...base,
    judgeable: true,
    reason: null,
    ticketId: ticket.ticketId,
    code,
    holderName,
    ticketTypeName: ticket.ticketTypeName,
    checkedInAt: ticket.checkedInAt,
    checkedInGate: ticket.checkedInGate,
  };
  return { ...found, result: ruleFor(ticket, state.event, direction, options.now) };
}

/** The rules once the ticket is known (see the module's comment). */
export function ruleFor(ticket: FeedTicket, event: FeedEvent | null, direction: Direction, now: Date): ScanResult {
  if (REFUSING_STATUSES.has(ticket.status)) return ticket.status as ScanResult;
  if (direction === 'exit') return ticket.inside ? 'ok' : 'not_inside';
  if (ticket.inside) return 'already_checked_in';
  if ((ticket.status === 'checked_in' || ticket.checkedInAt !== null) && !ticket.reentry) return 'already_checked_in';
  if (!scanWindowOpen(event, now)) return 'event_not_open';
  return 'ok';
}

/**
 * The ticket's state after an admitted (`ok`) scan: an entry puts it inside (and records the first
 * check-in), an exit takes it out. Null when the decision changes nothing.
 */
export function applyDecision(
  ticket: FeedTicket,
  decision: Pick<Decision, 'result' | 'direction'>,
  at: { scannedAt: string; gate: string | null },
): FeedTicket | null {
  if (decision.result !== 'ok') return null;
  if (decision.direction === 'exit') return { ...ticket, inside: false };
  return {
    ...ticket,
    inside: true,
    status: 'checked_in',
    checkedInAt: ticket.checkedInAt ?? at.scannedAt,
    checkedInGate: ticket.checkedInAt ? ticket.checkedInGate : at.gate,
  };
}

/** The service's answer to one scan (`POST /check-ins/batch` → results[]). */
export interface ScanResponse {
  scanId: string | null;
  clientScanId: string | null;
  result: ScanResult;
  direction: Direction;
  eventId: string;
  ticketId: string | null;
  holderName: string | null;
  ticketTypeId: string | null;
  ticketTypeName: string | null;
  checkedInAt: string | null;
  checkedInGate: string | null;
  inside: boolean | null;
  scannedAt: string;
  replayed: boolean;
}

/** A scan in this device's history, as shown in the list under the scan view. */
export interface HistoryEntry {
  clientScanId: string;
  scannedAt: string;
  direction: Direction;
  gate: string | null;
  /** What the screen showed at once. */
  localResult: ScanResult;
  /** What the service answered, once synced. */
  serverResult: ScanResult | null;
  /** `pending` (queued), `confirmed` (the service agreed), `corrected` (it answered otherwise), `local` (never sent). */
  sync: 'pending' | 'confirmed' | 'corrected' | 'local';
  ticketId: string | null;
  holderName: string | null;
  ticketTypeName: string | null;
  checkedInAt: string | null;
  checkedInGate: string | null;
}

/**
 * The conflict rule: the service's answer is the truth. When it differs from what the screen showed
 * (another device admitted the ticket first: the earliest scannedAt wins; or the feed was behind),
 * the entry is `corrected` and takes the service's result and first check-in; else `confirmed`.
 * The holder name stays local unless the service names one.
 */
export function reconcile(entry: HistoryEntry, response: ScanResponse): HistoryEntry {
  const corrected = response.result !== entry.localResult;
  return {
    ...entry,
    serverResult: response.result,
    sync: corrected ? 'corrected' : 'confirmed',
    ticketId: response.ticketId ?? entry.ticketId,
    holderName: response.holderName ?? entry.holderName,
    ticketTypeName: response.ticketTypeName ?? entry.ticketTypeName,
    checkedInAt: response.checkedInAt ?? entry.checkedInAt,
    checkedInGate: response.checkedInAt ? response.checkedInGate : entry.checkedInGate,
  };
}

/** The ticket's state as the service's answer leaves it (`inside`, first check-in); null when it says nothing of the ticket. */
export function ticketAfterResponse(ticket: FeedTicket, response: ScanResponse): FeedTicket | null {
  if (response.ticketId !== ticket.ticketId || response.inside === null) return null;
  return {
    ...ticket,
    inside: response.inside,
    checkedInAt: response.checkedInAt ?? ticket.checkedInAt,
    checkedInGate: response.checkedInAt ? response.checkedInGate : ticket.checkedInGate,
    status: response.checkedInAt && ticket.status === 'valid' ? 'checked_in' : ticket.status,
  };
}
