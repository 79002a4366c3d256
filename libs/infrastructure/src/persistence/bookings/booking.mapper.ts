import { Attendee, Booking, BookingStatus } from '@app/bookings';
import type { BookingItemsRow, BookingsRow } from '../schema.js';

/** A `bookings` row as `SELECT *` returns it (`attendees` is the JSON array the hold wrote). */
export type BookingRow = BookingsRow;

/** A `booking_items` row (bigint `unit_price` arrives as a string). */
export type BookingItemRow = BookingItemsRow;

/** The domain booking of a row and its items (amounts in minor units, timestamps UTC). */
export function toBooking(row: BookingRow, items: BookingItemRow[]): Booking {
  return {
    id: row.id,
    eventId: row.event_id,
    userId: row.user_id,
    status: row.status as BookingStatus,
    items: items.map((i) => ({ ticketTypeId: i.ticket_type_id, quantity: i.quantity, unitPrice: Number(i.unit_price) })),
    attendees: row.attendees as Attendee[],
    totalAmount: Number(row.total_amount),
    currency: row.currency,
    expiresAt: row.expires_at,
    createdBy: row.created_by,
    teamName: row.team_name,
    confirmedAt: row.confirmed_at,
    cancelledAt: row.cancelled_at,
    expiredAt: row.expired_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
