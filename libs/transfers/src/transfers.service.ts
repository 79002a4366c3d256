import { Injectable } from '@nestjs/common';
import { Actor, AuditLog, canReadAll, hasRole, Page, PageRequest, Role, TransactionRunner } from '@app/shared';
import { normalizeEmail } from '@app/users';
import { effectiveTransferStatus, isTransferRecipient, isTransferSender, TransferDecision, TransferDetails, TransferStatus } from './transfer.js';
import { TransferFilter, TransferRepository } from './transfer.repository.js';
import { TransferNotFoundError, TransferNotPendingError } from './transfers.errors.js';

/** Which side of a transfer the actor is on: `incoming` (offered to their e-mail) or `outgoing` (sent by them). */
export type TransferDirection = 'incoming' | 'outgoing';

/** List filters; `direction` is relative to the actor. */
export interface ListTransfersQuery {
  direction?: TransferDirection;
  status?: TransferStatus;
  eventId?: string;
  ticketId?: string;
  /** Sent by this user. */
  fromUserId?: string;
  /** Offered to this address (any case). */
  toEmail?: string;
}

/**
 * Reading, rejecting, cancelling and expiring transfers (offer and accept are use cases). A
 * transfer is visible to its sender, its recipient (the user whose e-mail is `toEmail`) and staff
 * who read everything (admin, viewer); anyone else gets 404. Statuses are shown as
 * {@link effectiveTransferStatus}: an offer past `expiresAt` reads `expired` even before the
 * expiry job marks it.
 */
@Injectable()
export class TransfersService {
  constructor(
    private readonly transfers: TransferRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /** @throws TransferNotFoundError (404 `transfer_not_found`) when unknown or not the actor's to see. */
  async get(actor: Actor, id: string, now = new Date()): Promise<TransferDetails> {
    const transfer = await this.transfers.findById(id);
    if (!transfer || !(isTransferSender(transfer, actor) || isTransferRecipient(transfer, actor) || canReadAll(actor))) throw new TransferNotFoundError();
    return withEffectiveStatus(transfer, now);
  }

  /**
   * Newest first. Customers (and staff who give a `direction`) see their own transfers: sent by
   * them (`outgoing`), offered to their e-mail (`incoming`), or both; admins and viewers without a
   * `direction` see everyone's. The other filters narrow either further.
   */
  async list(actor: Actor, query: ListTransfersQuery, page: PageRequest, now = new Date()): Promise<Page<TransferDetails>> {
    const filter: TransferFilter = {
      status: query.status,
      eventId: query.eventId,
      ticketId: query.ticketId,
      fromUserId: query.fromUserId,
      toEmail: query.toEmail ? normalizeEmail(query.toEmail) : undefined,
    };
    const me = { userId: actor.userId, email: normalizeEmail(actor.email) };
    const scoped: TransferFilter[] = [filter];
    if (query.direction === 'outgoing') scoped.push({ fromUserId: me.userId });
    else if (query.direction === 'incoming') scoped.push({ toEmail: me.email });
    else if (!canReadAll(actor)) scoped.push({ party: me });
    const merged = mergeFilters(scoped);
    if (!merged) return { data: [], nextCursor: null };
    const result = await this.transfers.list(merged, page);
    return { data: result.data.map((t) => withEffectiveStatus(t, now)), nextCursor: result.nextCursor };
  }

  /**
   * The recipient declines: `pending -> rejected` (not once expired). The ticket stays the sender's.
   * @throws TransferNotFoundError (404) for anyone but the recipient
   * @throws TransferNotPendingError (409 `transfer_not_pending`, with `transferStatus`)
   */
  async reject(actor: Actor, id: string): Promise<TransferDetails> {
    return this.decide(id, TransferStatus.Rejected, actor, (t) => isTransferRecipient(t, actor), { toUserId: actor.userId });
  }

  /**
   * The sender (or an admin) withdraws the offer while it is pending: `pending -> cancelled`.
   * An admin cancelling another user's transfer is audited as `transfer.cancelled`.
   * @throws TransferNotFoundError (404) for anyone but the sender and admins
   * @throws TransferNotPendingError (409 `transfer_not_pending`, with `transferStatus`)
   */
  async cancel(actor: Actor, id: string): Promise<TransferDetails> {
    return this.decide(
      id,
      TransferStatus.Cancelled,
      actor,
      (t) => isTransferSender(t, actor) || hasRole(actor, Role.Admin),
      {},
      async (t) => {
        if (!isTransferSender(t, actor)) {
          await this.audit.record({
            action: 'transfer.cancelled',
            actorId: actor.userId,
            entityType: 'transfer',
            entityId: t.id,
            details: { ticketId: t.ticketId, fromUserId: t.fromUserId, toEmail: t.toEmail },
          });
        }
      },
    );
  }

  /**
   * Marks pending transfers past `expiresAt` as `expired`, in batches of `batchSize` per
   * transaction, until none is due or `maxBatches` ran; safe on any number of replicas at once.
   * Returns how many it expired.
   */
  async expireDue(batchSize = 100, maxBatches = 20): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const expired = await this.tx.run(() => this.transfers.expireDue(batchSize));
      total += expired;
      if (expired < batchSize) break;
    }
    return total;
  }

  /**
   * The event was cancelled: withdraws its pending offers (`pending -> cancelled`, `decidedBy`
   * null; lapsed ones are left to the expiry job). Call it in the transaction that cancels the
   * event, after the status change: an accept in flight then finishes first (it holds the event
   * row `FOR SHARE`, see {@link AcceptTransferUseCase}) and a later one is refused as
   * `event_cancelled` anyway. Returns how many it cancelled.
   */
  async cancelPendingForEvent(eventId: string): Promise<number> {
    return this.tx.run(() => this.transfers.cancelPendingOfEvent(eventId));
  }

  /**
   * Why a conditional transition matched nothing: the transfer's current (effective) status, as a
   * {@link TransferNotPendingError} (or {@link TransferNotFoundError} if it vanished). Read in a new
   * statement, so it sees the transition that won a race.
   */
  async notPendingError(id: string, now = new Date()): Promise<TransferNotPendingError | TransferNotFoundError> {
    const current = await this.transfers.findById(id);
    if (!current) return new TransferNotFoundError();
    const status = effectiveTransferStatus(current, now);
    return new TransferNotPendingError(status === TransferStatus.Pending ? TransferStatus.Expired : status);
  }

  private async decide(
    id: string,
    status: TransferDecision,
    actor: Actor,
    allowed: (t: TransferDetails) => boolean,
    extra: { toUserId?: string },
    after?: (t: TransferDetails) => Promise<void>,
  ): Promise<TransferDetails> {
    return this.tx.run(async () => {
      const transfer = await this.transfers.findById(id);
      if (!transfer || !allowed(transfer)) throw new TransferNotFoundError();
      const decided = await this.transfers.decide(id, { status, decidedBy: actor.userId, ...extra });
      if (!decided) throw await this.notPendingError(id);
      const result = { ...transfer, ...decided };
      await after?.(result);
      return result;
    });
  }
}

function withEffectiveStatus(transfer: TransferDetails, now: Date): TransferDetails {
  return { ...transfer, status: effectiveTransferStatus(transfer, now) };
}

/** The AND of several filters, or null when two of them contradict (no transfer can match). */
function mergeFilters(filters: TransferFilter[]): TransferFilter | null {
  const merged: TransferFilter = {};
  for (const filter of filters) {
    for (const key of ['fromUserId', 'toEmail', 'status', 'eventId', 'ticketId'] as const) {
      const value = filter[key];
      if (value === undefined) continue;
      if (merged[key] !== undefined && merged[key] !== value) return null;
      (merged as Record<string, unknown>)[key] = value;
    }
    if (filter.party) merged.party = filter.party;
  }
  return merged;
}
