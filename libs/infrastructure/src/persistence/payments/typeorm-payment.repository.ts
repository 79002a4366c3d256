import { Injectable } from '@nestjs/common';
import {
  InPersonPaymentMethod,
  NewPayment,
  Payment,
  PaymentFilter,
  PaymentProof,
  PaymentProvider,
  PaymentRepository,
  PaymentStatus,
  REFUNDABLE_PAYMENT_STATUSES,
  WebhookInbox,
} from '@app/payments';
import { newId, Page, PageRequest } from '@app/shared';
import { DatabaseContext } from '../database-context.js';
import { fetchSqlPage, SqlConditions } from '../keyset.js';
import { statusInSql } from '../rules.sql.js';
import { PaymentRow, toPayment } from './payment.mapper.js';

@Injectable()
export class TypeOrmPaymentRepository extends PaymentRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async create(p: NewPayment): Promise<Payment> {
    const { rows } = await this.db.sql<PaymentRow>(
      `INSERT INTO payments (id, booking_id, user_id, provider, reference, amount, currency) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [p.id, p.bookingId, p.userId, p.provider, p.reference, p.amount, p.currency],
    );
    return toPayment(rows[0]!);
  }

  async recordInPerson(p: Omit<NewPayment, 'provider'> & { method: InPersonPaymentMethod; takenBy: string }): Promise<Payment> {
    const { rows } = await this.db.sql<PaymentRow>(
      `INSERT INTO payments (id, booking_id, user_id, provider, method, reference, amount, currency, status, paid_at, reviewed_by, reviewed_at)
       VALUES ($1, $2, $3, 'manual', $4, $5, $6, $7, 'succeeded', now(), $8, now()) RETURNING *`,
      [p.id, p.bookingId, p.userId, p.method, p.reference, p.amount, p.currency, p.takenBy],
    );
    return toPayment(rows[0]!);
  }

  async findById(id: string): Promise<Payment | null> {
    const { rows } = await this.db.sql<PaymentRow>('SELECT * FROM payments WHERE id = $1', [id]);
    return rows[0] ? toPayment(rows[0]) : null;
  }

  async findByReference(reference: string): Promise<Payment | null> {
    const { rows } = await this.db.sql<PaymentRow>('SELECT * FROM payments WHERE reference = $1', [reference]);
    return rows[0] ? toPayment(rows[0]) : null;
  }

  async listForBookings(bookingIds: string[]): Promise<Payment[]> {
    if (bookingIds.length === 0) return [];
    const { rows } = await this.db.sql<PaymentRow>('SELECT * FROM payments WHERE booking_id = ANY($1::uuid[]) ORDER BY id', [bookingIds]);
    return rows.map(toPayment);
  }

  async list(filter: PaymentFilter, page: PageRequest): Promise<Page<Payment>> {
    const where = new SqlConditions();
    if (filter.status) where.and(`p.status = ${where.param(filter.status)}`);
    if (filter.provider) where.and(`p.provider = ${where.param(filter.provider)}`);
    if (filter.eventId) where.and(`p.booking_id IN (SELECT id FROM bookings WHERE event_id = ${where.param(filter.eventId)})`);
    return fetchSqlPage<PaymentRow, Payment>(this.db, 'SELECT p.* FROM payments p', 'p.id', where, page, (rows) => rows.map(toPayment));
  }

  async setAuthorization(id: string, authorizationUrl: string | null): Promise<void> {
    await this.db.sql('UPDATE payments SET authorization_url = $2, updated_at = now() WHERE id = $1', [id, authorizationUrl]);
  }

  async markSucceeded(
    id: string,
    report: { amount: number; currency: string; providerTransactionId?: string; paidAt?: Date; reviewedBy?: string },
    from: PaymentStatus[],
  ): Promise<Payment | null> {
    const { rows } = await this.db.sql<PaymentRow>(
      `UPDATE payments SET status = 'succeeded', paid_at = COALESCE($4, now()), provider_transaction_id = COALESCE($5, provider_transaction_id),
              reviewed_by = COALESCE($6, reviewed_by), reviewed_at = CASE WHEN $6::uuid IS NULL THEN reviewed_at ELSE now() END,
              failure_reason = NULL, updated_at = now()
        WHERE id = $1 AND status = ANY($7::varchar[]) AND amount = $2 AND currency = $3 RETURNING *`,
      [id, report.amount, report.currency, report.paidAt ?? null, report.providerTransactionId ?? null, report.reviewedBy ?? null, from],
    );
    return rows[0] ? toPayment(rows[0]) : null;
  }

  async markFailed(id: string, reason: string, from: PaymentStatus[], reviewedBy?: string): Promise<Payment | null> {
    const { rows } = await this.db.sql<PaymentRow>(
      `UPDATE payments SET status = 'failed', failure_reason = $2, reviewed_by = COALESCE($4, reviewed_by),
              reviewed_at = CASE WHEN $4::uuid IS NULL THEN reviewed_at ELSE now() END, updated_at = now()
        WHERE id = $1 AND status = ANY($3::varchar[]) RETURNING *`,
      [id, reason.slice(0, 2000), from, reviewedBy ?? null],
    );
    return rows[0] ? toPayment(rows[0]) : null;
  }

  async reserveRefund(id: string, amount: number): Promise<boolean> {
    const { rowCount } = await this.db.sql(
      `UPDATE payments SET refunded_amount = refunded_amount + $2, updated_at = now()
        WHERE id = $1 AND ${statusInSql('', '$3')} AND refunded_amount + $2 <= amount`,
      [id, amount, REFUNDABLE_PAYMENT_STATUSES],
    );
    return rowCount === 1;
  }

  async releaseRefund(id: string, amount: number): Promise<void> {
    await this.db.sql('UPDATE payments SET refunded_amount = refunded_amount - $2, updated_at = now() WHERE id = $1', [id, amount]);
  }

  async settleRefunded(id: string): Promise<Payment | null> {
    // From the refunds completed: `refunded_amount` also counts those still in flight, which may fail.
    const { rows } = await this.db.sql<PaymentRow>(
      `UPDATE payments p SET status = CASE WHEN done.amount >= p.amount THEN 'refunded' ELSE 'partially_refunded' END, updated_at = now()
         FROM (SELECT COALESCE(sum(amount), 0) AS amount FROM refunds WHERE payment_id = $1 AND status = 'completed') done
        WHERE p.id = $1 AND ${statusInSql('p', '$2')} AND done.amount > 0 RETURNING p.*`,
      [id, REFUNDABLE_PAYMENT_STATUSES],
    );
    return rows[0] ? toPayment(rows[0]) : null;
  }

  async findPaidForBooking(bookingId: string): Promise<Payment | null> {
    const { rows } = await this.db.sql<PaymentRow>(`SELECT * FROM payments WHERE booking_id = $1 AND ${statusInSql('', '$2')} ORDER BY paid_at, id LIMIT 1`, [
      bookingId,
      REFUNDABLE_PAYMENT_STATUSES,
    ]);
    return rows[0] ? toPayment(rows[0]) : null;
  }

  async attachProof(id: string, proof: PaymentProof): Promise<{ payment: Payment; replaced: PaymentProof | null } | null> {
    const { rows } = await this.db.sql<
      PaymentRow & { old_key: string | null; old_content_type: string | null; old_size: number | null; old_uploaded_at: Date | null }
    >(
      `UPDATE payments p SET status = 'awaiting_review', proof_key = $2, proof_content_type = $3, proof_size = $4, proof_uploaded_at = $5, updated_at = now()
         FROM (SELECT proof_key AS old_key, proof_content_type AS old_content_type, proof_size AS old_size, proof_uploaded_at AS old_uploaded_at
                 FROM payments WHERE id = $1 FOR UPDATE) old
        WHERE p.id = $1 AND p.provider = 'manual' AND p.status IN ('pending', 'awaiting_review') RETURNING p.*, old.*`,
      [id, proof.key, proof.contentType, proof.size, proof.uploadedAt],
    );
    const row = rows[0];
    if (!row) return null;
    const replaced =
      row.old_key && row.old_content_type && row.old_uploaded_at
        ? { key: row.old_key, contentType: row.old_content_type, size: Number(row.old_size ?? 0), uploadedAt: row.old_uploaded_at }
        : null;
    return { payment: toPayment(row), replaced };
  }
}

@Injectable()
export class TypeOrmWebhookInbox extends WebhookInbox {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async record(provider: PaymentProvider, eventKey: string, event: string, reference: string | null, payload: unknown): Promise<boolean> {
    const { rowCount } = await this.db.sql(
      `INSERT INTO payment_webhook_events (id, provider, event_key, event, reference, payload) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT ON CONSTRAINT payment_webhook_events_key DO NOTHING`,
      [newId(), provider, eventKey, event.slice(0, 64), reference?.slice(0, 64) ?? null, JSON.stringify(payload)],
    );
    return rowCount === 1;
  }
}
