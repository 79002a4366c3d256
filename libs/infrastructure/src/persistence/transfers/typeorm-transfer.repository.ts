import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '@app/shared';
import {
  NewTransfer,
  OfferActivity,
  OfferWindows,
  Transfer,
  TransferDecisionInput,
  TransferDetails,
  TransferFilter,
  TransferRepository,
  TransferStatus,
} from '@app/transfers';
import { DatabaseContext } from '../database-context.js';
import { fetchSqlPage, SqlConditions } from '../keyset.js';
import { toTransfer, toTransferDetails, TRANSFER_DETAILS_SELECT, TransferDetailsRow, TransferRow } from './transfer.mapper.js';

/**
 * Transfers in PostgreSQL. One pending transfer per ticket is the partial unique index
 * `transfers_one_pending_key (ticket_id) WHERE status = 'pending'`, used as the arbiter of
 * `INSERT … ON CONFLICT DO NOTHING` (a concurrent insert is waited for, then loses); every
 * transition is one conditional `UPDATE … WHERE status = 'pending' … RETURNING`, so the first
 * transition to take the row lock wins and the others match nothing.
 */
@Injectable()
export class TypeOrmTransferRepository extends TransferRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async create(transfer: NewTransfer): Promise<Transfer | null> {
    const { rows } = await this.db.sql<TransferRow>(
      `INSERT INTO transfers (id, ticket_id, event_id, from_user_id, to_email, message, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (ticket_id) WHERE status = 'pending' DO NOTHING
       RETURNING *`,
      [transfer.id, transfer.ticketId, transfer.eventId, transfer.fromUserId, transfer.toEmail, transfer.message, transfer.expiresAt],
    );
    return rows[0] ? toTransfer(rows[0]) : null;
  }

  async findPendingByTicket(ticketId: string): Promise<Transfer | null> {
    const { rows } = await this.db.sql<TransferRow>(`SELECT * FROM transfers WHERE ticket_id = $1 AND status = 'pending'`, [ticketId]);
    return rows[0] ? toTransfer(rows[0]) : null;
  }

  async findById(id: string): Promise<TransferDetails | null> {
    const { rows } = await this.db.sql<TransferDetailsRow>(`${TRANSFER_DETAILS_SELECT} WHERE tr.id = $1`, [id]);
    return rows[0] ? toTransferDetails(rows[0]) : null;
  }

  async list(filter: TransferFilter, page: PageRequest): Promise<Page<TransferDetails>> {
    const where = new SqlConditions();
    if (filter.fromUserId) where.and(`tr.from_user_id = ${where.param(filter.fromUserId)}`);
    if (filter.toEmail) where.and(`tr.to_email = ${where.param(filter.toEmail)}`);
    if (filter.party) where.and(`(tr.from_user_id = ${where.param(filter.party.userId)} OR tr.to_email = ${where.param(filter.party.email)})`);
    if (filter.eventId) where.and(`tr.event_id = ${where.param(filter.eventId)}`);
    if (filter.ticketId) where.and(`tr.ticket_id = ${where.param(filter.ticketId)}`);
    if (filter.status === TransferStatus.Pending) where.and(`tr.status = 'pending' AND tr.expires_at > now()`);
    else if (filter.status === TransferStatus.Expired) where.and(`(tr.status = 'expired' OR (tr.status = 'pending' AND tr.expires_at <= now()))`);
    else if (filter.status) where.and(`tr.status = ${where.param(filter.status)}`);
    return fetchSqlPage(this.db, TRANSFER_DETAILS_SELECT, 'tr.id', where, page, (rows: TransferDetailsRow[]) => rows.map(toTransferDetails));
  }

  async decide(id: string, decision: TransferDecisionInput): Promise<Transfer | null> {
    const { rows } = await this.db.sql<TransferRow>(
      `UPDATE transfers
          SET status = $2::varchar, decided_at = now(), decided_by = $3, to_user_id = COALESCE($4::uuid, to_user_id),
              new_ticket_id = $5::uuid, updated_at = now()
        WHERE id = $1 AND status = 'pending' AND expires_at > now()
        RETURNING *`,
      [id, decision.status, decision.decidedBy, decision.toUserId ?? null, decision.newTicketId ?? null],
    );
    return rows[0] ? toTransfer(rows[0]) : null;
  }

  async expireDue(limit: number): Promise<number> {
    const { rows } = await this.db.sql<{ id: string }>(
      `WITH due AS (
         SELECT id FROM transfers
          WHERE status = 'pending' AND expires_at <= now()
          ORDER BY expires_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE transfers tr SET status = 'expired', decided_at = now(), updated_at = now()
         FROM due WHERE tr.id = due.id AND tr.status = 'pending'
       RETURNING tr.id`,
      [limit],
    );
    return rows.length;
  }

  async expireLapsedOfTicket(ticketId: string): Promise<number> {
    const { rowCount } = await this.db.sql(
      `UPDATE transfers SET status = 'expired', decided_at = now(), updated_at = now()
        WHERE ticket_id = $1 AND status = 'pending' AND expires_at <= now()`,
      [ticketId],
    );
    return rowCount;
  }

  async cancelPendingOfEvent(eventId: string): Promise<number> {
    const { rowCount } = await this.db.sql(
      `UPDATE transfers SET status = 'cancelled', decided_at = now(), updated_at = now()
        WHERE event_id = $1 AND status = 'pending' AND expires_at > now()`,
      [eventId],
    );
    return rowCount;
  }

  async offerActivity(fromUserId: string, toEmail: string, windows: OfferWindows): Promise<OfferActivity> {
    // Advisory transaction locks (class, key): sender first, then address, always in this order.
    await this.db.sql('SELECT pg_advisory_xact_lock($1, hashtext($2))', [OFFER_LOCK_SENDER, fromUserId]);
    await this.db.sql('SELECT pg_advisory_xact_lock($1, hashtext($2))', [OFFER_LOCK_RECIPIENT, toEmail]);
    const { rows } = await this.db.sql<{
      by_sender: number;
      sender_wait: number | null;
      to_recipient: number;
      recipient_wait: number | null;
      cooldown_wait: number | null;
    }>(
      `WITH s AS (SELECT count(*)::int AS n, min(created_at) AS oldest FROM transfers WHERE from_user_id = $1 AND created_at > now() - make_interval(secs => $3)),
            r AS (SELECT count(*)::int AS n, min(created_at) AS oldest FROM transfers WHERE to_email = $2 AND created_at > now() - make_interval(secs => $4)),
            c AS (SELECT max(decided_at) AS at FROM transfers WHERE from_user_id = $1 AND to_email = $2 AND status = 'cancelled' AND decided_by = $1)
       SELECT s.n AS by_sender, EXTRACT(EPOCH FROM s.oldest + make_interval(secs => $3) - now())::float8 AS sender_wait,
              r.n AS to_recipient, EXTRACT(EPOCH FROM r.oldest + make_interval(secs => $4) - now())::float8 AS recipient_wait,
              EXTRACT(EPOCH FROM c.at + make_interval(secs => $5) - now())::float8 AS cooldown_wait
         FROM s, r, c`,
      [fromUserId, toEmail, windows.senderWindowSeconds, windows.recipientWindowSeconds, windows.cancelCooldownSeconds],
    );
    const row = rows[0]!;
    const positive = (seconds: number | null) => Math.max(0, Number(seconds ?? 0));
    return {
      bySender: row.by_sender,
      senderWaitSeconds: positive(row.sender_wait),
      toRecipient: row.to_recipient,
      recipientWaitSeconds: positive(row.recipient_wait),
      cooldownWaitSeconds: positive(row.cooldown_wait),
    };
  }
}

/** Advisory lock classes of {@link TypeOrmTransferRepository.offerActivity}. */
const OFFER_LOCK_SENDER = 7_246_614;
const OFFER_LOCK_RECIPIENT = 7_246_615;
