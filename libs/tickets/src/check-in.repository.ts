import type { Page, PageRequest } from '@app/shared';
import type { FeedEvent, FeedTicketRow } from './check-in-feed.js';
import type { Attendance, ScanDirection, ScanFacts, ScanRecord, ScanResult, ScanTicket, TicketRef } from './check-in.js';

/** Who scans: a signed-in scanner (user id) or a paired scanner device (device id); exactly one is set. */
export interface Scanner {
  userId: string | null;
  deviceId: string | null;
}

/** One scan to decide and log. */
export interface ScanAttempt {
  /** Id of the scan-log row (UUIDv7). */
  scanId: string;
  eventId: string;
  scanner: Scanner;
  direction: ScanDirection;
  gate: string | null;
  deviceId: string | null;
  clientScanId: string | null;
  /** The code as presented, cut to 200 characters. */
  code: string;
  /** When it happened (UTC): the check-in time if admitted. */
  at: Date;
  offline: boolean;
}

/** Thrown by the adapter when `(eventId, scanner, clientScanId)` is already in the log: replay it. */
export class ScanAlreadyRecorded extends Error {
  constructor(readonly clientScanId: string) {
    super(`scan ${clientScanId} is already recorded`);
  }
}

export interface ScanLogFilter {
  result?: ScanResult;
  ticketId?: string;
}

/**
 * Port: check-ins and the scan log. `admit` is the single atomic decision; the others explain,
 * log and report. Methods join the current transaction when there is one.
 */
export abstract class CheckInRepository {
  /**
   * In one statement, the conditional UPDATE of the ticket and the scan-log row (`ok`) for it.
   * Entry: `SET status = 'checked_in', entries = entries + 1 WHERE <ref> AND event_id = … AND
   * entries = exits (not inside) AND (status = 'valid' OR (status = 'checked_in' AND <type has
   * re-entry>)) [AND version = …] AND <booking paid> AND <event open at attempt.at>`. Exit: `SET
   * exits = exits + 1 WHERE … AND entries > exits`. Of any number of concurrent attempts on one
   * ticket in one direction exactly one gets the ticket; the others get null and change nothing.
   * @throws ScanAlreadyRecorded (nothing changed)
   */
  abstract admit(attempt: ScanAttempt, ref: TicketRef, opensBeforeMs: number): Promise<ScanTicket | null>;
  /**
   * Earliest scan wins (offline scans only): when the ticket is checked in at a later time than `attempt.at`, moves the
   * check-in (time, gate, scanner, device) to this attempt, relabels the previous `ok` log row
   * `already_checked_in` (superseded by this one) and logs this one `ok`. Null when the ticket is
   * no longer checked in later than `attempt.at`. Run it in a transaction.
   * @throws ScanAlreadyRecorded
   */
  abstract admitEarlier(attempt: ScanAttempt, ref: TicketRef): Promise<ScanTicket | null>;
  /** The requested event's and the ticket's facts, in one query (`ref` null: event only). */
  abstract facts(eventId: string, ref: TicketRef | null): Promise<ScanFacts>;
  /** Facts of tickets by id (for replays). */
  abstract ticketsFacts(ticketIds: string[]): Promise<ScanTicket[]>;
  /**
   * Logs a refused scan. Null when the event does not exist (nothing logged).
   * @throws ScanAlreadyRecorded
   */
  abstract record(attempt: ScanAttempt, result: ScanResult, ticketId: string | null): Promise<ScanRecord | null>;
  /** Earlier scans of this scanner at this event with these client scan ids. */
  abstract findByClientScanIds(eventId: string, scanner: Scanner, clientScanIds: string[]): Promise<ScanRecord[]>;
  /** The event's scan log, newest first. */
  abstract list(eventId: string, filter: ScanLogFilter, page: PageRequest): Promise<Page<ScanRecord>>;
  abstract attendance(eventId: string): Promise<Attendance>;
  /** The event as the check-in feed describes it; null when it does not exist. */
  abstract feedEvent(eventId: string): Promise<FeedEvent | null>;
  /**
   * In one statement (one snapshot): up to `limit` of the event's tickets with `changed_xid >=
   * since` and `(changed_xid, id) > after`, in that order, and the snapshot's xmin (the oldest
   * transaction still running, as a decimal xid8).
   */
  abstract feedPage(eventId: string, since: string, after: { xid: string; id: string } | null, limit: number): Promise<{ rows: FeedTicketRow[]; snapshotXmin: string }>;
}
