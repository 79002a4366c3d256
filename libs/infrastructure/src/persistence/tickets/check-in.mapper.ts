import { isPaidBooking } from '@app/bookings';
import { FeedTicketRow, ScanDirection, ScanRecord, ScanResult, ScanTicket, TicketStatus } from '@app/tickets';
import type { BookingsRow, CheckInsRow, TicketsRow, TicketTypesRow } from '../schema.js';

/** A ticket as a scan sees it: its columns, its type's name and re-entry rule, its booking's status (see `SCAN_TICKET_COLUMNS`). */
export type ScanTicketRow = Pick<
  TicketsRow,
  'id' | 'event_id' | 'ticket_type_id' | 'holder_name' | 'version' | 'status' | 'checked_in_at' | 'checked_in_gate' | 'entries' | 'exits'
> &
  Pick<TicketTypesRow, 'reentry'> & { ticket_type_name: TicketTypesRow['name']; booking_status: BookingsRow['status'] };

/** A `check_ins` row as `SELECT *` returns it. */
export type CheckInRow = CheckInsRow;

/**
 * A row of the feed statement (`feedPage`): the snapshot's bounds (`xmax`, `xip`, as text) on every
 * row, then one ticket's columns; on the single row of an empty page the ticket's columns are null.
 */
export type FeedRow = Pick<TicketsRow, 'code' | 'version' | 'status' | 'checked_in_at' | 'checked_in_gate' | 'ticket_type_id' | 'holder_name' | 'changed_xid'> &
  Pick<TicketTypesRow, 'reentry'> & {
    xmax: string;
    xip: string[];
    id: TicketsRow['id'] | null;
    booking_status: BookingsRow['status'];
    ticket_type_name: TicketTypesRow['name'];
    /** `entries > exits`. */
    inside: boolean;
  };

/** What a scan of a valid ticket answers by its booking (as decideScan): its own status unless the booking is not paid. */
function feedStatus(ticketStatus: string, bookingStatus: string): string {
  if (ticketStatus !== TicketStatus.Valid || isPaidBooking(bookingStatus)) return ticketStatus;
  if (bookingStatus === 'cancelled' || bookingStatus === 'refunded') return bookingStatus;
  return 'unpaid';
}

/** The feed's ticket of a non-empty feed row (its status as a scan would answer it). */
export function toFeedTicketRow(row: FeedRow): FeedTicketRow {
  return {
    ticketId: row.id!,
    code: row.code,
    version: row.version,
    status: feedStatus(row.status, row.booking_status),
    inside: row.inside,
    checkedInAt: row.checked_in_at,
    checkedInGate: row.checked_in_gate,
    ticketTypeId: row.ticket_type_id,
    ticketTypeName: row.ticket_type_name,
    reentry: row.reentry,
    holderName: row.holder_name,
    changedXid: row.changed_xid,
  };
}

/** The scan's view of a ticket. */
export function toScanTicket(row: ScanTicketRow): ScanTicket {
  return {
    id: row.id,
    eventId: row.event_id,
    ticketTypeId: row.ticket_type_id,
    ticketTypeName: row.ticket_type_name,
    holderName: row.holder_name,
    version: row.version,
    status: row.status as TicketStatus,
    checkedInAt: row.checked_in_at,
    checkedInGate: row.checked_in_gate,
    bookingStatus: row.booking_status,
    entries: row.entries,
    exits: row.exits,
    reentry: row.reentry,
  };
}

/** The domain scan-log record of a `check_ins` row. */
export function toScanRecord(row: CheckInRow): ScanRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    ticketId: row.ticket_id,
    scannerId: row.scanner_id,
    scannerDeviceId: row.scanner_device_id,
    direction: row.direction as ScanDirection,
    passage: row.passage,
    gate: row.gate,
    deviceId: row.device_id,
    clientScanId: row.client_scan_id,
    code: row.code,
    result: row.result as ScanResult,
    scannedAt: row.scanned_at,
    offline: row.offline,
    supersededBy: row.superseded_by,
    createdAt: row.created_at,
  };
}
