import { createHash } from 'node:crypto';
import { ValidationFailedError } from '@app/shared';

/**
 * The offline check-in feed (README "Offline check-in feed"): every ticket of an event, then only
 * what changed, so a device can decide scans with no network.
 *
 * Paging is by the transaction that last wrote each ticket row (`tickets.changed_xid`, set by a
 * trigger) and the ticket id. A sync round sends the rows written by a transaction at or after
 * `since`, or by one of `pending`, walking `(changed_xid, id)` upwards. Its first page records
 * that page's snapshot: `xmax` (every later transaction) and `xip` (those still running). Any
 * write that round could miss belongs to one of those, so the next round is `since = xmax,
 * pending = xip`: nothing is missed, and only writes of transactions in flight at the round's start
 * can come twice. Clients upsert by ticket id. (A long-running writer elsewhere in the cluster
 * stays in `pending` but holds nothing else back.)
 */
export interface FeedCursor {
  /** Send rows written by transactions `>= since`… */
  since: string;
  /** …or by one of these (running when the round began). */
  pending: string[];
  /** The next round's `since` and `pending`: the first page's snapshot. */
  next: { since: string; pending: string[] };
  /** Continue after this `(changed_xid, id)` within the round; absent at a round's start. */
  after?: { xid: string; id: string };
}

/** A snapshot's bounds, as decimal xid8 texts: `xmax` and the transactions in progress. */
export interface FeedSnapshot {
  xmax: string;
  xip: string[];
}

/** The feed's view of a ticket, before the holder name is sealed. */
export interface FeedTicketRow {
  ticketId: string;
  code: string;
  version: number;
  /** The ticket's status, or `unpaid` when its booking is not paid (what a scan would answer). */
  status: string;
  inside: boolean;
  checkedInAt: Date | null;
  checkedInGate: string | null;
  ticketTypeId: string;
  ticketTypeName: string;
  reentry: boolean;
  holderName: string;
  changedXid: string;
}

/** The event's facts a device needs to decide the scan window offline. */
export interface FeedEvent {
  id: string;
  title: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
}

/** One feed entry as sent: the code only as a hash, the holder name sealed. */
export interface FeedTicket extends Omit<FeedTicketRow, 'code' | 'holderName' | 'changedXid'> {
  /** Lower-case hex SHA-256 of the canonical human code. */
  codeHash: string;
  /** See holder-name-seal.ts. */
  holderNameSealed: string;
}

/** Most tickets in one feed page; the default is {@link DEFAULT_FEED_LIMIT}. */
export const MAX_FEED_LIMIT = 5000;
export const DEFAULT_FEED_LIMIT = 1000;

const XID = /^\d{1,20}$/;
/** Transactions in flight that one cursor carries, at most (PostgreSQL's max_connections is far below). */
const MAX_PENDING = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The opaque text of a cursor (base64url JSON). */
export function encodeFeedCursor(cursor: FeedCursor): string {
  const { since, pending, next, after } = cursor;
  return Buffer.from(
    JSON.stringify({ v: 2, s: since, p: pending, ns: next.since, np: next.pending, ...(after ? { x: after.xid, i: after.id } : {}) }),
  ).toString('base64url');
}

/** @throws ValidationFailedError (field `cursor`) for anything {@link encodeFeedCursor} did not make. */
export function decodeFeedCursor(text: string): FeedCursor {
  const invalid = () => new ValidationFailedError([{ field: 'cursor', message: 'cursor is not a check-in feed cursor' }]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const c = value as { v?: unknown; s?: unknown; p?: unknown; ns?: unknown; np?: unknown; x?: unknown; i?: unknown };
  const xid = (v: unknown): v is string => typeof v === 'string' && XID.test(v);
  const xids = (v: unknown): v is string[] => Array.isArray(v) && v.length <= MAX_PENDING && v.every(xid);
  if (typeof c !== 'object' || c === null || c.v !== 2 || !xid(c.s) || !xids(c.p) || !xid(c.ns) || !xids(c.np)) throw invalid();
  const base = { since: c.s, pending: c.p, next: { since: c.ns, pending: c.np } };
  if (c.x === undefined && c.i === undefined) return base;
  if (!xid(c.x) || typeof c.i !== 'string' || !UUID.test(c.i)) throw invalid();
  return { ...base, after: { xid: c.x, id: c.i } };
}

/** Lower-case hex SHA-256 of the UTF-8 code: how the feed names a human code. */
export function codeHash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}
