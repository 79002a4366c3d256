import { Injectable } from '@nestjs/common';
import { BookingTimelineReader, TIMELINE_KINDS, TimelineEntry, TimelineKind } from '@app/bookings';
import { DatabaseContext } from '../database-context.js';
import type { RefundRow } from '../refunds/refund.mapper.js';

const RANK = new Map<TimelineKind, number>(TIMELINE_KINDS.map((kind, i) => [kind, i]));

const entry = (at: Date, kind: TimelineKind, summary: string, details: Record<string, unknown>, actorId: string | null = null): TimelineEntry => ({
  at,
  kind,
  summary,
  actorId,
  details,
});

/**
 * A booking's timeline from the tables that record it, one query per source (booking and buyer,
 * payments, tickets, check-ins, refunds, transfers, outbox, audit log), each by an indexed
 * booking, ticket or entity column, merged and sorted here.
 */
@Injectable()
export class SqlBookingTimelineReader extends BookingTimelineReader {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async read(bookingId: string): Promise<TimelineEntry[] | null> {
    const { rows: bookings } = await this.db.sql<{
      id: string;
      status: string;
      total_amount: string;
      currency: string;
      created_by: string | null;
      user_id: string;
      buyer_email: string | null;
      seats: number;
      created_at: Date;
      confirmed_at: Date | null;
      cancelled_at: Date | null;
      expired_at: Date | null;
      expires_at: Date;
    }>(
      `SELECT b.id, b.status, b.total_amount, b.currency, b.created_by, b.user_id, u.email AS buyer_email, b.created_at, b.confirmed_at, b.cancelled_at, b.expired_at, b.expires_at,
              (SELECT COALESCE(sum(quantity), 0)::int FROM booking_items WHERE booking_id = b.id) AS seats
         FROM bookings b LEFT JOIN users u ON u.id = b.user_id WHERE b.id = $1`,
      [bookingId],
    );
    const booking = bookings[0];
    if (!booking) return null;
    const entries: TimelineEntry[] = [];
    const amount = Number(booking.total_amount);
    entries.push(
      entry(
        booking.created_at,
        'booking.created',
        `Booking created: ${booking.seats} seat(s), ${money(amount, booking.currency)}${booking.created_by && booking.created_by !== booking.user_id ? ' (by staff)' : ''}`,
        {
          seats: booking.seats,
          totalAmount: amount,
          currency: booking.currency,
          holdExpiresAt: booking.expires_at.toISOString(),
        },
        booking.created_by ?? booking.user_id,
      ),
    );
    if (booking.confirmed_at) entries.push(entry(booking.confirmed_at, 'booking.confirmed', 'Booking confirmed', {}));
    if (booking.cancelled_at) entries.push(entry(booking.cancelled_at, 'booking.cancelled', 'Booking cancelled', {}));
    if (booking.expired_at) entries.push(entry(booking.expired_at, 'booking.expired', 'Hold expired unpaid: seats released', {}));

    await this.payments(bookingId, entries);
    const ticketIds = await this.tickets(bookingId, entries);
    await this.checkIns(ticketIds, entries);
    await this.refunds(bookingId, entries);
    await this.transfers(ticketIds, entries);
    if (booking.buyer_email) await this.emails(bookingId, booking.buyer_email, entries);
    await this.audits(bookingId, entries);

    return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || RANK.get(a.kind)! - RANK.get(b.kind)!);
  }

  async lastTicketsResentAt(bookingId: string): Promise<Date | null> {
    const { rows } = await this.db.sql<{ at: Date | null }>(
      `SELECT max(created_at) AS at FROM audit_logs WHERE entity_type = 'booking' AND entity_id = $1 AND action = 'booking.tickets_resent'`,
      [bookingId],
    );
    return rows[0]?.at ?? null;
  }

  private async payments(bookingId: string, entries: TimelineEntry[]): Promise<void> {
    const { rows } = await this.db.sql<{
      id: string;
      provider: string;
      reference: string;
      amount: string;
      currency: string;
      status: string;
      paid_at: Date | null;
      failure_reason: string | null;
      proof_uploaded_at: Date | null;
      proof_content_type: string | null;
      reviewed_by: string | null;
      reviewed_at: Date | null;
      user_id: string;
      created_at: Date;
      updated_at: Date;
    }>(
      `SELECT id, provider, reference, amount, currency, status, paid_at, failure_reason, proof_uploaded_at, proof_content_type, reviewed_by, reviewed_at, user_id, created_at, updated_at
         FROM payments WHERE booking_id = $1 ORDER BY id`,
      [bookingId],
    );
    for (const p of rows) {
      const base = { paymentId: p.id, provider: p.provider, reference: p.reference, amount: Number(p.amount), currency: p.currency };
      entries.push(
        entry(p.created_at, 'payment.created', `Payment ${p.reference} started (${p.provider}, ${money(Number(p.amount), p.currency)})`, base, p.user_id),
      );
      if (p.proof_uploaded_at)
        entries.push(
          entry(p.proof_uploaded_at, 'payment.proof_uploaded', `Proof of payment uploaded for ${p.reference}`, { ...base, contentType: p.proof_content_type }),
        );
      if (p.paid_at)
        entries.push(
          entry(p.paid_at, 'payment.succeeded', `Payment ${p.reference} succeeded${p.reviewed_by ? ' (approved by staff)' : ''}`, base, p.reviewed_by),
        );
      if (p.status === 'failed') {
        entries.push(
          entry(
            p.reviewed_at ?? p.updated_at,
            'payment.failed',
            `Payment ${p.reference} failed${p.failure_reason ? `: ${p.failure_reason}` : ''}`,
            { ...base, reason: p.failure_reason },
            p.reviewed_by,
          ),
        );
      }
    }
  }

  /** Adds one entry per issuance instant (the first issue, each reissue by a transfer); returns every ticket id of the booking. */
  private async tickets(bookingId: string, entries: TimelineEntry[]): Promise<string[]> {
    const { rows } = await this.db.sql<{ id: string; code: string; holder_name: string; status: string; replaces_ticket_id: string | null; issued_at: Date }>(
      'SELECT id, code, holder_name, status, replaces_ticket_id, issued_at FROM tickets WHERE booking_id = $1 ORDER BY issued_at, seq, version',
      [bookingId],
    );
    const first = rows.filter((t) => !t.replaces_ticket_id);
    if (first.length) {
      entries.push(
        entry(first[0]!.issued_at, 'ticket.issued', `${first.length} ticket(s) issued`, {
          tickets: first.map((t) => ({ ticketId: t.id, code: t.code, holderName: t.holder_name, status: t.status })),
        }),
      );
    }
    return rows.map((t) => t.id);
  }

  private async checkIns(ticketIds: string[], entries: TimelineEntry[]): Promise<void> {
    if (!ticketIds.length) return;
    const { rows } = await this.db.sql<{
      id: string;
      ticket_id: string;
      scanner_id: string;
      gate: string | null;
      device_id: string | null;
      code: string;
      result: string;
      scanned_at: Date;
      offline: boolean;
      superseded_by: string | null;
    }>(
      'SELECT id, ticket_id, scanner_id, gate, device_id, code, result, scanned_at, offline, superseded_by FROM check_ins WHERE ticket_id = ANY($1::uuid[]) ORDER BY scanned_at, id',
      [ticketIds],
    );
    for (const c of rows) {
      const ok = c.result === 'ok';
      const where = c.gate ? ` at ${c.gate}` : '';
      entries.push(
        entry(
          c.scanned_at,
          ok ? 'check_in.accepted' : 'check_in.refused',
          ok ? `Checked in${where}` : `Scan refused${where}: ${c.result}`,
          {
            checkInId: c.id,
            ticketId: c.ticket_id,
            code: c.code,
            result: c.result,
            gate: c.gate,
            deviceId: c.device_id,
            offline: c.offline,
            superseded: c.superseded_by !== null,
          },
          c.scanner_id,
        ),
      );
    }
  }

  private async refunds(bookingId: string, entries: TimelineEntry[]): Promise<void> {
    const { rows } = await this.db.sql<Omit<RefundRow, 'booking_id' | 'payment_id' | 'user_id' | 'provider_refund_id' | 'processing_started_at'>>(
      `SELECT id, kind, amount, currency, status, reason, ticket_ids, requested_by, decided_by, decided_at, rejection_reason, failure_reason, completed_at, created_at, updated_at
         FROM refunds WHERE booking_id = $1 ORDER BY id`,
      [bookingId],
    );
    for (const r of rows) {
      const base = { refundId: r.id, refundKind: r.kind, amount: Number(r.amount), currency: r.currency, ticketIds: r.ticket_ids };
      const sum = money(Number(r.amount), r.currency);
      entries.push(
        entry(r.created_at, 'refund.requested', `Refund of ${sum} requested (${r.kind}): ${r.reason}`, { ...base, reason: r.reason }, r.requested_by),
      );
      if (r.decided_at && r.status === 'rejected') {
        entries.push(
          entry(
            r.decided_at,
            'refund.rejected',
            `Refund of ${sum} rejected${r.rejection_reason ? `: ${r.rejection_reason}` : ''}`,
            { ...base, reason: r.rejection_reason },
            r.decided_by,
          ),
        );
      } else if (r.decided_at) {
        entries.push(entry(r.decided_at, 'refund.approved', `Refund of ${sum} approved`, base, r.decided_by));
      }
      if (r.completed_at) entries.push(entry(r.completed_at, 'refund.completed', `Refund of ${sum} completed`, base));
      if (r.status === 'failed')
        entries.push(
          entry(r.updated_at, 'refund.failed', `Refund of ${sum} failed${r.failure_reason ? `: ${r.failure_reason}` : ''}`, {
            ...base,
            reason: r.failure_reason,
          }),
        );
    }
  }

  private async transfers(ticketIds: string[], entries: TimelineEntry[]): Promise<void> {
    if (!ticketIds.length) return;
    const { rows } = await this.db.sql<{
      id: string;
      ticket_id: string;
      from_user_id: string;
      to_email: string;
      to_user_id: string | null;
      status: string;
      new_ticket_id: string | null;
      decided_at: Date | null;
      decided_by: string | null;
      created_at: Date;
    }>(
      'SELECT id, ticket_id, from_user_id, to_email, to_user_id, status, new_ticket_id, decided_at, decided_by, created_at FROM transfers WHERE ticket_id = ANY($1::uuid[]) ORDER BY id',
      [ticketIds],
    );
    for (const tr of rows) {
      const base = { transferId: tr.id, ticketId: tr.ticket_id, toEmail: tr.to_email };
      entries.push(entry(tr.created_at, 'transfer.offered', `Ticket offered to ${tr.to_email}`, base, tr.from_user_id));
      if (tr.decided_at && tr.status !== 'pending') {
        const kind = `transfer.${tr.status}` as TimelineKind;
        const verb = { accepted: 'accepted', rejected: 'rejected', cancelled: 'cancelled', expired: 'expired' }[tr.status] ?? tr.status;
        entries.push(
          entry(
            tr.decided_at,
            RANK.has(kind) ? kind : 'transfer.cancelled',
            `Transfer to ${tr.to_email} ${verb}`,
            { ...base, toUserId: tr.to_user_id, newTicketId: tr.new_ticket_id },
            tr.decided_by,
          ),
        );
      }
    }
  }

  /** The buyer's messages about the booking: `data.bookingId` is it, or a dedupe key names it (`booking-confirmed:<id>…`). */
  private async emails(bookingId: string, buyerEmail: string, entries: TimelineEntry[]): Promise<void> {
    const { rows } = await this.db.sql<{
      id: string;
      to: string;
      template: string;
      subject: string;
      status: string;
      attempts: number;
      last_error: string | null;
      sent_at: Date | null;
      created_at: Date;
      updated_at: Date;
    }>(
      `SELECT id, "to", template, subject, status, attempts, last_error, sent_at, created_at, updated_at FROM outbox_messages
        WHERE "to" = $2 AND (data->>'bookingId' = $1 OR dedupe_key LIKE '%:' || $1 || '%') ORDER BY created_at, id`,
      [bookingId, buyerEmail],
    );
    for (const m of rows) {
      const base = { messageId: m.id, to: m.to, template: m.template, subject: m.subject, status: m.status, attempts: m.attempts };
      entries.push(entry(m.created_at, 'email.queued', `E-mail queued: ${m.subject}`, base));
      if (m.sent_at) entries.push(entry(m.sent_at, 'email.sent', `E-mail sent: ${m.subject}`, base));
      if (m.status === 'failed') entries.push(entry(m.updated_at, 'email.failed', `E-mail failed: ${m.subject}`, { ...base, lastError: m.last_error }));
    }
  }

  private async audits(bookingId: string, entries: TimelineEntry[]): Promise<void> {
    const { rows } = await this.db.sql<{ id: string; actor_id: string | null; action: string; details: Record<string, unknown>; created_at: Date }>(
      `SELECT id, actor_id, action, details, created_at FROM audit_logs WHERE entity_type = 'booking' AND entity_id = $1 ORDER BY id`,
      [bookingId],
    );
    for (const a of rows) entries.push(entry(a.created_at, 'audit', `Audit: ${a.action}`, { auditId: a.id, action: a.action, ...a.details }, a.actor_id));
  }
}

/** `NGN 5000.00`-style amount for a summary line (two decimals; the details keep minor units). */
function money(minor: number, currency: string): string {
  return `${currency} ${(minor / 100).toFixed(2)}`;
}
