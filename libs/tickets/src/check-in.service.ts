import { Injectable } from '@nestjs/common';
import { EventNotFoundError } from '@app/events';
import { Actor, BusyError, newId, Page, PageRequest, TransactionRunner } from '@app/shared';
import { Attendance, decideScan, isInside, ScanDirection, ScanRecord, ScanResult, ScanTicket, TicketRef } from './check-in.js';
import { CheckInRepository, ScanAlreadyRecorded, ScanAttempt, Scanner, ScanLogFilter } from './check-in.repository.js';
import { CheckInSettings } from './check-in-settings.js';
import { codeHash, decodeFeedCursor, DEFAULT_FEED_LIMIT, encodeFeedCursor, FeedEvent, FeedTicket } from './check-in-feed.js';
import { sealHolderName } from './holder-name-seal.js';
import { normalizeTicketCode } from './ticket-code.js';
import { looksLikePayload } from './ticket-payload.js';
import { TicketPublicKey, TicketSigner } from './ticket-signer.js';

/** One scan as a scanner sends it. */
export interface ScanInput {
  eventId: string;
  /** The QR payload or the human code, as read. */
  code: string;
  /** Default entry. */
  direction?: ScanDirection;
  gate?: string;
  deviceId?: string;
  /** When the device scanned it (UTC); a time in the future counts as now. */
  scannedAt?: Date;
  /** The device's id for this scan: retries with the same id (same scanner, same event) replay the first answer. */
  clientScanId?: string;
}

/** One offline scan of a batch. */
export type BatchScanInput = Omit<ScanInput, 'eventId' | 'clientScanId' | 'scannedAt'> & { clientScanId: string; scannedAt: Date };

/** What a scan answers. */
export interface ScanOutcome {
  /** The scan-log row; null for `verify`. */
  scanId: string | null;
  clientScanId: string | null;
  result: ScanResult;
  eventId: string;
  ticketId: string | null;
  holderName: string | null;
  ticketTypeId: string | null;
  ticketTypeName: string | null;
  /** `ok`: this check-in; `already_checked_in`: the first check-in's time and gate. */
  checkedInAt: Date | null;
  checkedInGate: string | null;
  direction: ScanDirection;
  /** Whether the holder is inside after this scan; null when no ticket was found. */
  inside: boolean | null;
  /** When the scan happened (UTC). */
  scannedAt: Date;
  /** True when this is the stored answer of an earlier request with the same clientScanId. */
  replayed: boolean;
}

/** One page of the offline check-in feed. */
export interface FeedPage {
  event: FeedEvent & { scanOpensAt: Date };
  keys: TicketPublicKey[];
  tickets: FeedTicket[];
  /** Always set: follow it at once while `hasMore`, else keep it to poll for changes later. */
  nextCursor: string;
  hasMore: boolean;
  serverTime: Date;
}

/** What every answer of one scan shares, whatever the result. */
type ScanBase = Pick<ScanOutcome, 'scanId' | 'clientScanId' | 'eventId' | 'direction' | 'scannedAt' | 'replayed'>;

/** Most scans in one batch upload. */
export const MAX_BATCH_SCANS = 500;
const MAX_ROUNDS = 3;
const CODE_LOG_LENGTH = 200;

/**
 * Check-in at the gate (docs/api.md "Check-in"). A scan resolves the presented text to a ticket in
 * memory (payload signature check, or human-code normalisation), then ONE conditional statement
 * decides it: `UPDATE tickets SET status = 'checked_in' … WHERE status = 'valid' AND …` together
 * with its scan-log row, so two scanners at once get exactly one `ok`. When nothing was updated,
 * the facts are read once to say why, and the refusal is logged. Every scan, accepted or refused,
 * is in the log. Offline batches are decided in `scannedAt` order, and an earlier offline scan
 * that arrives after a later check-in takes the check-in over: the earliest scan wins whatever the
 * arrival order.
 *
 * Check-in belongs to the tickets lib: a scan changes only the ticket (its status and entries) and
 * its scan log, both this lib's aggregates; the booking and event it reads along (paid, on sale)
 * are read in the same statement by the check-in adapter, never changed.
 */
@Injectable()
export class CheckInService {
  constructor(
    private readonly checkIns: CheckInRepository,
    private readonly signer: TicketSigner,
    private readonly settings: CheckInSettings,
    private readonly tx: TransactionRunner,
  ) {}

  private get opensBeforeMs(): number {
    return this.settings.opensBeforeMinutes * 60_000;
  }

  /**
   * Scans a ticket: consumes it when `ok`, logs the scan whatever the result. With a clientScanId
   * already in the log (same scanner and event) it answers the stored result, changing nothing.
   * @throws EventNotFoundError (404) for an unknown event (nothing logged), BusyError (503) when
   *   the ticket kept changing under the scan.
   */
  async scan(actor: Actor, input: ScanInput): Promise<ScanOutcome> {
    ownEvent(actor, input.eventId);
    // No look-up first: a repeated clientScanId violates the log's unique index, which rolls the
    // statement back (nothing changes) and turns into a replay of the stored answer.
    return this.decideAndRecord(actor, input, false);
  }

  /**
   * What `scan` would answer now, changing nothing (no check-in, no log row). A clientScanId
   * already used answers its stored result.
   * @throws EventNotFoundError (404)
   */
  async verify(actor: Actor, input: ScanInput): Promise<ScanOutcome> {
    ownEvent(actor, input.eventId);
    if (input.clientScanId) {
      const [prior] = await this.checkIns.findByClientScanIds(input.eventId, scannerOf(actor), [input.clientScanId]);
      if (prior) return (await this.replay([prior]))[0]!;
    }
    const at = scanTime(input.scannedAt);
    const ref = this.resolve(input.code);
    const facts = await this.checkIns.facts(input.eventId, ref);
    if (!facts.event) throw new EventNotFoundError();
    const direction = input.direction ?? ScanDirection.Entry;
    const base = { scanId: null, clientScanId: input.clientScanId ?? null, eventId: input.eventId, direction, scannedAt: at, replayed: false };
    if (!ref) return { ...base, ...noTicket(ScanResult.Invalid) };
    const decision = decideScan({ event: facts.event, ticket: facts.ticket }, ref, at, this.opensBeforeMs, direction);
    return { ...base, ...ticketPart(decision.result, facts.ticket, direction) };
  }

  /**
   * Uploads up to {@link MAX_BATCH_SCANS} offline scans. Each is idempotent by its clientScanId
   * (per scanner and event): a repeated id answers the first result with `replayed: true`. Scans
   * are decided one by one in `scannedAt` order (ties by clientScanId), so when two devices admitted
   * one ticket offline, the earliest is the check-in and the other `already_checked_in`, whatever
   * the order in the batch or of the batches (an offline scan takes over a later check-in, even an
   * online one; online scans never take one over). Results come back in the request's order.
   * @throws EventNotFoundError (404)
   */
  async batch(actor: Actor, eventId: string, scans: BatchScanInput[]): Promise<ScanOutcome[]> {
    ownEvent(actor, eventId);
    const { event } = await this.checkIns.facts(eventId, null);
    if (!event) throw new EventNotFoundError();
    const ids = [...new Set(scans.map((s) => s.clientScanId))];
    const priorRecords = await this.checkIns.findByClientScanIds(eventId, scannerOf(actor), ids);
    const done = new Map<string, ScanOutcome>((await this.replay(priorRecords)).map((o) => [o.clientScanId!, o]));
    const order = scans
      .map((scan, index) => ({ scan, index, at: scanTime(scan.scannedAt).getTime() }))
      .sort((a, b) => a.at - b.at || (a.scan.clientScanId < b.scan.clientScanId ? -1 : a.scan.clientScanId > b.scan.clientScanId ? 1 : a.index - b.index));
    const results: ScanOutcome[] = new Array(scans.length);
    for (const { scan, index } of order) {
      const previous = done.get(scan.clientScanId);
      if (previous) {
        results[index] = { ...previous, replayed: true };
        continue;
      }
      const outcome = await this.decideAndRecord(actor, { ...scan, eventId }, true);
      done.set(scan.clientScanId, outcome);
      results[index] = outcome;
    }
    return results;
  }

  /** The event's scan log, newest first. @throws EventNotFoundError */
  async log(eventId: string, filter: ScanLogFilter, page: PageRequest): Promise<Page<ScanRecord>> {
    await this.mustExist(eventId);
    return this.checkIns.list(eventId, filter, page);
  }

  /**
   * Valid, checked in, not yet in, inside now: totals, per ticket type, per gate, per hour.
   * @throws EventNotFoundError (also for a device of another event)
   */
  async attendance(eventId: string, actor?: Actor): Promise<Attendance> {
    if (actor) ownEvent(actor, eventId);
    await this.mustExist(eventId);
    return this.checkIns.attendance(eventId);
  }

  /**
   * One page of the offline check-in feed (check-in-feed.ts): without a cursor every ticket of the
   * event, with one only tickets written since, each with its code hashed and its holder name
   * sealed with its code (holder-name-seal.ts).
   * @param limit 1..5000 (`MAX_FEED_LIMIT`)
   * @throws EventNotFoundError (404, also for a device of another event), ValidationFailedError (400) for a bad cursor
   */
  async feed(actor: Actor, eventId: string, cursorText?: string, limit = DEFAULT_FEED_LIMIT): Promise<FeedPage> {
    ownEvent(actor, eventId);
    const cursor = cursorText ? decodeFeedCursor(cursorText) : null;
    const event = await this.checkIns.feedEvent(eventId);
    if (!event) throw new EventNotFoundError();
    const window = cursor ? { since: cursor.since, pending: cursor.pending } : { since: '0', pending: [] };
    const { rows, snapshot } = await this.checkIns.feedPage(eventId, window, cursor?.after ?? null, limit + 1);
    // A round's first page fixes where the next round starts (see FeedCursor).
    const nextRound = cursor?.after ? cursor.next : { since: snapshot.xmax, pending: snapshot.xip };
    const page = rows.slice(0, limit);
    const hasMore = rows.length > limit;
    const last = page[page.length - 1];
    const next = hasMore && last ? { ...window, next: nextRound, after: { xid: last.changedXid, id: last.ticketId } } : { ...nextRound, next: nextRound };
    return {
      event: { ...event, scanOpensAt: new Date(event.startsAt.getTime() - this.opensBeforeMs) },
      keys: this.signer.publicKeys(),
      tickets: page.map(({ code, holderName, changedXid: _changed, ...ticket }) => ({
        ...ticket,
        codeHash: codeHash(code),
        holderNameSealed: sealHolderName(code, ticket.ticketId, holderName),
      })),
      nextCursor: encodeFeedCursor(next),
      hasMore,
      serverTime: new Date(),
    };
  }

  /** The public keys that verify the event's payloads offline. @throws EventNotFoundError (also for a device of another event) */
  async keys(eventId: string, actor?: Actor): Promise<TicketPublicKey[]> {
    if (actor) ownEvent(actor, eventId);
    await this.mustExist(eventId);
    return this.signer.publicKeys();
  }

  private async mustExist(eventId: string): Promise<void> {
    if (!(await this.checkIns.facts(eventId, null)).event) throw new EventNotFoundError();
  }

  /** The ticket a presented text names, in memory: a verified payload, or a well-formed human code; null otherwise. */
  private resolve(code: string): TicketRef | null {
    if (looksLikePayload(code)) {
      const verified = this.signer.verify(code);
      return verified.valid ? { by: 'payload', ticketId: verified.claims.ticketId, version: verified.claims.version } : null;
    }
    const normalized = normalizeTicketCode(code);
    return normalized ? { by: 'code', code: normalized } : null;
  }

  private async decideAndRecord(actor: Actor, input: ScanInput, offline: boolean): Promise<ScanOutcome> {
    const attempt: ScanAttempt = {
      scanId: newId(),
      eventId: input.eventId,
      scanner: scannerOf(actor),
      direction: input.direction ?? ScanDirection.Entry,
      gate: actor.device?.gate ?? input.gate ?? null,
      deviceId: input.deviceId ?? null,
      clientScanId: input.clientScanId ?? null,
      code: input.code.slice(0, CODE_LOG_LENGTH),
      at: scanTime(input.scannedAt),
      offline,
    };
    const base: ScanBase = {
      scanId: attempt.scanId,
      clientScanId: attempt.clientScanId,
      eventId: attempt.eventId,
      direction: attempt.direction,
      scannedAt: attempt.at,
      replayed: false,
    };
    try {
      const ref = this.resolve(input.code);
      if (!ref) {
        if (!(await this.checkIns.record(attempt, ScanResult.Invalid, null))) throw new EventNotFoundError();
        return { ...base, ...noTicket(ScanResult.Invalid) };
      }
      for (let round = 0; round < MAX_ROUNDS; round++) {
        // The first round takes no lock. When the ticket changed between its two statements (a
        // scan in the other direction won), the next round holds the ticket's row lock, so its
        // facts stay true until it has decided: contention costs a round, never a 503.
        const decided = round === 0 ? await this.decideOnce(attempt, ref, base) : await this.tx.run(() => this.decideOnce(attempt, ref, base, true));
        if (decided) return decided;
      }
      throw new BusyError(1);
    } catch (error) {
      if (!(error instanceof ScanAlreadyRecorded)) throw error;
      const [prior] = await this.checkIns.findByClientScanIds(attempt.eventId, attempt.scanner, [error.clientScanId]);
      if (!prior) throw error;
      return (await this.replay([prior]))[0]!;
    }
  }

  /**
   * One try: the conditional admit, else the facts, the decision and its log row. Null when the
   * facts say `ok` after all (the ticket changed in between): try again. With `locked` (inside a
   * transaction) the ticket's row is locked first.
   */
  private async decideOnce(attempt: ScanAttempt, ref: TicketRef, base: ScanBase, locked = false): Promise<ScanOutcome | null> {
    const { direction } = attempt;
    if (locked) await this.checkIns.lockTicket(attempt.eventId, ref);
    const admitted = await this.checkIns.admit(attempt, ref, this.opensBeforeMs);
    if (admitted) return { ...base, ...ticketPart(ScanResult.Ok, admitted, direction) };
    const facts = await this.checkIns.facts(attempt.eventId, ref);
    if (!facts.event) throw new EventNotFoundError();
    const decision = decideScan({ event: facts.event, ticket: facts.ticket }, ref, attempt.at, this.opensBeforeMs, direction);
    if (decision.result === ScanResult.Ok) return null;
    // Only an offline (batch) scan takes a check-in over: an online scan's answer is acted on at
    // once, so two online scanners must never both hear `ok` (their clocks may disagree).
    if (decision.earlierThanCheckIn && attempt.offline) {
      const moved = await this.tx.run(() => this.checkIns.admitEarlier(attempt, ref));
      return moved ? { ...base, ...ticketPart(ScanResult.Ok, moved, direction) } : null;
    }
    await this.checkIns.record(attempt, decision.result, facts.ticket?.id ?? null);
    return { ...base, ...ticketPart(decision.result, facts.ticket, direction) };
  }

  /** The stored answers of earlier scans, with the tickets' current facts (one query). */
  private async replay(records: ScanRecord[]): Promise<ScanOutcome[]> {
    const ticketIds = [...new Set(records.map((r) => r.ticketId).filter((id): id is string => id !== null))];
    const tickets = new Map((ticketIds.length ? await this.checkIns.ticketsFacts(ticketIds) : []).map((t) => [t.id, t]));
    return records.map((r) => ({
      scanId: r.id,
      clientScanId: r.clientScanId,
      eventId: r.eventId,
      direction: r.direction,
      scannedAt: r.scannedAt,
      replayed: true,
      ...ticketPart(r.result, r.ticketId ? (tickets.get(r.ticketId) ?? null) : null, r.direction),
    }));
  }
}

/** A scan's time: the device's when given and not in the future, else now (UTC). */
function scanTime(scannedAt: Date | undefined, now = new Date()): Date {
  return scannedAt && scannedAt.getTime() < now.getTime() ? scannedAt : now;
}

/** The scan's side of the gate: a signed-in scanner or a paired device. */
function scannerOf(actor: Actor): Scanner {
  return actor.device ? { userId: null, deviceId: actor.device.id } : { userId: actor.userId, deviceId: null };
}

/** A device sees only its own event: any other answers as unknown (404), as the contract says. */
function ownEvent(actor: Actor, eventId: string): void {
  if (actor.device && actor.device.eventId !== eventId) throw new EventNotFoundError();
}

function noTicket(result: ScanResult) {
  return { result, ticketId: null, holderName: null, ticketTypeId: null, ticketTypeName: null, checkedInAt: null, checkedInGate: null, inside: null };
}

function ticketPart(result: ScanResult, ticket: ScanTicket | null, direction: ScanDirection) {
  if (!ticket) return noTicket(result);
  const checkedIn = ticket.checkedInAt !== null && (direction === ScanDirection.Exit || result === ScanResult.Ok || result === ScanResult.AlreadyCheckedIn);
  return {
    result,
    ticketId: ticket.id,
    holderName: ticket.holderName,
    ticketTypeId: ticket.ticketTypeId,
    ticketTypeName: ticket.ticketTypeName,
    checkedInAt: checkedIn ? ticket.checkedInAt : null,
    checkedInGate: checkedIn ? ticket.checkedInGate : null,
    inside: isInside(ticket),
  };
}
