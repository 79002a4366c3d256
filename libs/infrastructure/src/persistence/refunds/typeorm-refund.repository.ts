import { Injectable } from '@nestjs/common';
import { NewRefund, Refund, RefundFilter, RefundRepository } from '@app/refunds';
import { Page, PageRequest } from '@app/shared';
import { DatabaseContext } from '../database-context.js';
import { fetchSqlPage, SqlConditions } from '../keyset.js';
import { RefundRow, toRefund } from './refund.mapper.js';

@Injectable()
export class TypeOrmRefundRepository extends RefundRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async create(r: NewRefund): Promise<Refund> {
    const { rows } = await this.db.sql<RefundRow>(
      `INSERT INTO refunds (id, booking_id, payment_id, user_id, kind, amount, currency, status, reason, ticket_ids, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::uuid[], $11) RETURNING *`,
      [r.id, r.bookingId, r.paymentId, r.userId, r.kind, r.amount, r.currency, r.status, r.reason, r.ticketIds, r.requestedBy],
    );
    return toRefund(rows[0]!);
  }

  async findById(id: string): Promise<Refund | null> {
    const { rows } = await this.db.sql<RefundRow>('SELECT * FROM refunds WHERE id = $1', [id]);
    return rows[0] ? toRefund(rows[0]) : null;
  }

  async list(filter: RefundFilter, page: PageRequest): Promise<Page<Refund>> {
    const where = new SqlConditions();
    if (filter.status) where.and(`r.status = ${where.param(filter.status)}`);
    if (filter.userId) where.and(`r.user_id = ${where.param(filter.userId)}`);
    if (filter.eventId) where.and(`r.booking_id IN (SELECT id FROM bookings WHERE event_id = ${where.param(filter.eventId)})`);
    return fetchSqlPage<RefundRow, Refund>(this.db, 'SELECT r.* FROM refunds r', 'r.id', where, page, (rows) => rows.map(toRefund));
  }

  async claim(id: string, decidedBy: string | null): Promise<Refund | null> {
    // One statement decides who sends the refund: a staff approval out of pending or failed, or
    // the processor taking an approved refund that nobody has claimed.
    const { rows } = await this.db.sql<RefundRow>(
      `UPDATE refunds SET status = 'approved', processing_started_at = now(), failure_reason = NULL, updated_at = now(),
              decided_by = COALESCE($2, decided_by), decided_at = CASE WHEN $2::uuid IS NULL THEN decided_at ELSE now() END
        WHERE id = $1 AND (status IN ('pending', 'failed') AND $2::uuid IS NOT NULL
                           OR status = 'approved' AND processing_started_at IS NULL AND $2::uuid IS NULL)
        RETURNING *`,
      [id, decidedBy],
    );
    return rows[0] ? toRefund(rows[0]) : null;
  }

  async dueForProcessing(limit: number): Promise<string[]> {
    // A plain read: the conditional claim that follows decides which process sends each one.
    const { rows } = await this.db.sql<{ id: string }>(
      `SELECT id FROM refunds WHERE status = 'approved' AND processing_started_at IS NULL ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  async awaitProvider(id: string, providerRefundId: string | null, note: string | null): Promise<Refund | null> {
    const { rows } = await this.db.sql<RefundRow>(
      `UPDATE refunds SET provider_refund_id = COALESCE($2, provider_refund_id), failure_reason = $3, processing_started_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'approved' AND processing_started_at IS NOT NULL RETURNING *`,
      [id, providerRefundId, note?.slice(0, 2000) ?? null],
    );
    return rows[0] ? toRefund(rows[0]) : null;
  }

  async unclaim(id: string, note: string): Promise<Refund | null> {
    const { rows } = await this.db.sql<RefundRow>(
      `UPDATE refunds SET processing_started_at = NULL, failure_reason = $2, updated_at = now()
        WHERE id = $1 AND status = 'approved' AND processing_started_at IS NOT NULL RETURNING *`,
      [id, note.slice(0, 2000)],
    );
    return rows[0] ? toRefund(rows[0]) : null;
  }

  async claimForReconciliation(limit: number, olderThanSeconds: number): Promise<Refund[]> {
    const { rows } = await this.db.sql<RefundRow>(
      `UPDATE refunds SET processing_started_at = now(), updated_at = now()
        WHERE id IN (SELECT id FROM refunds
                      WHERE status = 'approved' AND processing_started_at <= now() - make_interval(secs => $2)
                      ORDER BY processing_started_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [limit, olderThanSeconds],
    );
    return rows.map(toRefund).sort((a, b) => a.id.localeCompare(b.id));
  }

  async findAwaitingProvider(transactionReference: string, providerRefundId: string | null, amount: number): Promise<Refund | null> {
    const { rows } = await this.db.sql<RefundRow>(
      `SELECT r.* FROM refunds r JOIN payments p ON p.id = r.payment_id
        WHERE p.reference = $1 AND r.status = 'approved' AND r.processing_started_at IS NOT NULL
          AND (r.provider_refund_id = $2 OR r.provider_refund_id IS NULL AND r.amount = $3)
        ORDER BY r.provider_refund_id IS NULL, r.id LIMIT 1`,
      [transactionReference, providerRefundId, amount],
    );
    return rows[0] ? toRefund(rows[0]) : null;
  }

  async complete(id: string, providerRefundId: string | null): Promise<Refund | null> {
    const { rows } = await this.db.sql<RefundRow>(
      `UPDATE refunds SET status = 'completed', provider_refund_id = COALESCE($2, provider_refund_id), failure_reason = NULL, completed_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'approved' AND processing_started_at IS NOT NULL RETURNING *`,
      [id, providerRefundId],
    );
    return rows[0] ? toRefund(rows[0]) : null;
  }

  async fail(id: string, reason: string): Promise<Refund | null> {
    const { rows } = await this.db.sql<RefundRow>(
      `UPDATE refunds SET status = 'failed', failure_reason = $2, processing_started_at = NULL, updated_at = now()
        WHERE id = $1 AND status = 'approved' AND processing_started_at IS NOT NULL RETURNING *`,
      [id, reason.slice(0, 2000)],
    );
    return rows[0] ? toRefund(rows[0]) : null;
  }

  async reject(id: string, decidedBy: string, reason: string): Promise<Refund | null> {
    const { rows } = await this.db.sql<RefundRow>(
      `UPDATE refunds SET status = 'rejected', rejection_reason = $3, decided_by = $2, decided_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'pending' RETURNING *`,
      [id, decidedBy, reason.slice(0, 2000)],
    );
    return rows[0] ? toRefund(rows[0]) : null;
  }

  async ticketsInOpenRefunds(bookingId: string): Promise<string[]> {
    const { rows } = await this.db.sql<{ id: string }>(
      `SELECT DISTINCT unnest(ticket_ids) AS id FROM refunds WHERE booking_id = $1 AND status IN ('pending', 'approved')`,
      [bookingId],
    );
    return rows.map((r) => r.id);
  }
}
