import { createHash } from 'node:crypto';
import { ValidationFailedError } from '@app/shared';

/**
 * The offline check-in feed (README "Offline check-in feed"): every ticket of an event, then only
 * what changed, so a device can decide scans with no network.
 *
 * Paging is by the transaction that last wrote each ticket row (`tickets.changed_xid`, set by a
 * trigger) and the ticket id. A sync round walks `(changed_xid, id)` upwards from `since`; its
 * first page takes `floor` = the oldest transaction still running (`pg_snapshot_xmin`). Every write
 * that page could not see belongs to a transaction at or above `floor`, so the next round starts at
 * `since = floor`: nothing is missed, and a ticket is sent again at most while a transaction older
 * than it was still running. Clients upsert by ticket id.
 */
export interface FeedCursor {
  /** Send rows with `changed_xid >= since`. */
  since: string;
  /** Where the next round starts: the first page's snapshot xmin. */
  floor: string;
  /** Continue after this `(changed_xid, id)` within the round; absent at a round's start. */
  after?: { xid: string; id: string };
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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The opaque text of a cursor (base64url JSON). */
export function encodeFeedCursor(cursor: FeedCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, s: cursor.since, f: cursor.floor, ...(cursor.after ? { x: cursor.after.xid, i: cursor.after.id } : {}) })).toString('base64url');
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
  const c = value as { v?: unknown; s?: unknown; f?: unknown; x?: unknown; i?: unknown };
  if (typeof c !== 'object' || c === null || c.v !== 1 || typeof c.s !== 'string' || typeof c.f !== 'string' || !XID.test(c.s) || !XID.test(c.f)) throw invalid();
  if (c.x === undefined && c.i === undefined) return { since: c.s, floor: c.f };
  if (typeof c.x !== 'string' || typeof c.i !== 'string' || !XID.test(c.x) || !UUID.test(c.i)) throw invalid();
  return { since: c.s, floor: c.f, after: { xid: c.x, id: c.i } };
}

/** Lower-case hex SHA-256 of the UTF-8 code: how the feed names a human code. */
export function codeHash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}
