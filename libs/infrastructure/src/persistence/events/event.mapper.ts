import { Event, EventStatus, TicketType } from '@app/events';
import type { EventsRow, TicketTypesRow } from '../schema.js';

/** An `events` row as `SELECT *` returns it. */
export type EventRow = EventsRow;

/** A `ticket_types` row as `SELECT *` returns it (bigint arrives as a string). */
export type TicketTypeRow = TicketTypesRow;

export function toEvent(row: EventRow): Event {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    venue: row.venue,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timezone: row.timezone,
    capacity: row.capacity,
    maxPerBuyer: row.max_per_buyer,
    currency: row.currency,
    status: row.status as EventStatus,
    sold: row.sold,
    held: row.held,
    createdBy: row.created_by,
    publishedAt: row.published_at,
    cancelledAt: row.cancelled_at,
    paymentQr: row.payment_qr_key && row.payment_qr_content_type ? { key: row.payment_qr_key, contentType: row.payment_qr_content_type } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toTicketType(row: TicketTypeRow): TicketType {
  return {
    id: row.id,
    eventId: row.event_id,
    name: row.name,
    price: Number(row.price),
    quantity: row.quantity,
    sold: row.sold,
    held: row.held,
    salesStartAt: row.sales_start_at,
    salesEndAt: row.sales_end_at,
    maxPerBooking: row.max_per_booking,
    reentry: row.reentry,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
