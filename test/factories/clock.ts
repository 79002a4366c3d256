import { NestContainer, query } from '../setup/db.js';

/**
 * Time travel for things that expire, instead of waiting them out in real time: each helper moves
 * `expires_at` of the matching rows one second before the database's `now()` (the clock every
 * expiry check in the adapters compares with), and returns how many rows it moved. Use them where
 * the expiry itself is not the subject; a test about a timer waits for the real timer.
 */

/** Ends the holds of the event's pending bookings (or of the given bookings): due for release, as if BOOKING_HOLD_MINUTES had passed. */
export async function expireHolds(t: NestContainer, eventId: string, bookingIds?: string[]): Promise<number> {
  return moved(
    t,
    `UPDATE bookings SET expires_at = now() - interval '1 second'
      WHERE event_id = $1 AND status = 'pending_payment' AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
      RETURNING id`,
    [eventId, bookingIds ?? null],
  );
}

/** Runs out the given pending transfer offers, as if TRANSFER_EXPIRY had passed. */
export async function expireTransfers(t: NestContainer, transferIds: string[]): Promise<number> {
  return moved(t, `UPDATE transfers SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[]) AND status = 'pending' RETURNING id`, [
    transferIds,
  ]);
}

/** An UPDATE … RETURNING wrapped as a SELECT of its count (the drivers return UPDATE results in different shapes). */
async function moved(t: NestContainer, update: string, params: unknown[]): Promise<number> {
  const [row] = await query<{ n: number }>(t, `WITH moved AS (${update}) SELECT count(*)::int AS n FROM moved`, params);
  return row!.n;
}
