import { Transfer, TransferDetails, TransferStatus } from '@app/transfers';
import { EVENT_SUMMARY_COLUMNS, EventSummaryColumns, toEventSummary } from '../events/event-summary.mapper.js';
import type { TicketTypesRow, TransfersRow, UsersRow } from '../schema.js';

/** A `transfers` row as `SELECT *` returns it. */
export type TransferRow = TransfersRow;

/** A transfer row joined with the sender's name, the ticket type's name and the event summary (see {@link TRANSFER_DETAILS_SELECT}). */
export type TransferDetailsRow = TransferRow & EventSummaryColumns & { from_name: UsersRow['name']; ticket_type_name: TicketTypesRow['name'] };

/** `SELECT` of {@link TransferDetailsRow}s: `tr` is transfers; add WHERE/ORDER. */
export const TRANSFER_DETAILS_SELECT = `
  SELECT tr.*, u.name AS from_name, tt.name AS ticket_type_name, ${EVENT_SUMMARY_COLUMNS}
    FROM transfers tr
    JOIN users u ON u.id = tr.from_user_id
    JOIN tickets t ON t.id = tr.ticket_id
    JOIN ticket_types tt ON tt.id = t.ticket_type_id
    JOIN events e ON e.id = tr.event_id`;

export function toTransfer(row: TransferRow): Transfer {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    eventId: row.event_id,
    fromUserId: row.from_user_id,
    toEmail: row.to_email,
    toUserId: row.to_user_id,
    message: row.message,
    status: row.status as TransferStatus,
    expiresAt: row.expires_at,
    newTicketId: row.new_ticket_id,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toTransferDetails(row: TransferDetailsRow): TransferDetails {
  return {
    ...toTransfer(row),
    fromName: row.from_name,
    ticketTypeName: row.ticket_type_name,
    event: toEventSummary(row),
  };
}
