import { BookingRepository } from '@app/bookings';
import { CapacityBelowSoldError } from '@app/events';
import { DatabaseContext } from '../database-context.js';

/** Largest batch of expired holds released before a capacity or quantity change. */
const EXPIRE_BEFORE_RESIZE = 10_000;

/** The columns of a patch that are set (`undefined` means "leave as is"), as column name → value. */
export function patchedColumns<P extends object>(patch: P, columns: Record<keyof P, string>): Map<string, unknown> {
  const set = new Map<string, unknown>();
  for (const [key, column] of Object.entries(columns) as [keyof P, string][]) {
    if (patch[key] !== undefined) set.set(column, patch[key]);
  }
  return set;
}

/** A new seat limit (an event's capacity, a ticket type's quantity) and the event whose holds count against it. */
export interface SeatLimit {
  limit: number;
  eventId: string;
}

/**
 * Updates one row of `events` or `ticket_types` in one statement (`updated_at` too) and returns
 * it; null when there is no such row. With `resize` (the new capacity or quantity is also in
 * `values`), the event's expired holds are released first, so they do not count, and the row
 * changes only while `sold + held <= limit`.
 * @throws CapacityBelowSoldError (409 `capacity_below_sold`, with the row's sold and held) when the limit is below them.
 */
export async function seatLimitedUpdate<R>(
  db: DatabaseContext,
  bookings: BookingRepository,
  table: 'events' | 'ticket_types',
  id: string,
  values: Map<string, unknown>,
  resize?: SeatLimit,
): Promise<R | null> {
  const params: unknown[] = [id];
  const sets = ['updated_at = now()', ...[...values].map(([column, value]) => `${column} = $${params.push(value)}`)];
  let guard = '';
  if (resize) {
    await bookings.expireDue(EXPIRE_BEFORE_RESIZE, resize.eventId);
    guard = `AND sold + held <= $${params.push(resize.limit)}`;
  }
  const { rows } = await db.sql<R>(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = $1 ${guard} RETURNING *`, params);
  if (rows[0]) return rows[0];
  if (!resize) return null;
  const [current] = (await db.sql<{ sold: number; held: number }>(`SELECT sold, held FROM ${table} WHERE id = $1`, [id])).rows;
  if (current) throw new CapacityBelowSoldError(current.sold + current.held, current.sold, current.held);
  return null;
}
