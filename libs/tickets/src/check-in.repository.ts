import type { Page, PageRequest } from '@app/shared';
import type { Attendance, ScanFacts, ScanRecord, ScanResult, ScanTicket, TicketRef } from './check-in.js';

/** One scan to decide and log. */
export interface ScanAttempt {
  /** Id of the scan-log row (UUIDv7). */
  scanId: string;
  eventId: string;
  scannerId: string;
  gate: string | null;
  deviceId: string | null;
  clientScanId: string | null;
  /** The code as presented, cut to 200 characters. */
  code: string;
  /** When it happened (UTC): the check-in time if admitted. */
  at: Date;
  offline: boolean;
}

/** Thrown by the adapter when `(eventId, scannerId, clientScanId)` is already in the log: replay it. */
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
   * In one statement: `UPDATE tickets SET status = 'checked_in', … WHERE <ref> AND event_id = … AND
   * status = 'valid' [AND version = …] AND <booking paid> AND <event open at attempt.at>
   * RETURNING …` and the scan-log row (`ok`) for it. Of any number of concurrent attempts on one
   * ticket exactly one gets the ticket; the others get null and change nothing.
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
  abstract findByClientScanIds(eventId: string, scannerId: string, clientScanIds: string[]): Promise<ScanRecord[]>;
  /** The event's scan log, newest first. */
  abstract list(eventId: string, filter: ScanLogFilter, page: PageRequest): Promise<Page<ScanRecord>>;
  abstract attendance(eventId: string): Promise<Attendance>;
}
