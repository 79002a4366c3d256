import type { EventsRow } from '../schema.js';

/**
 * The event summary that ticket and transfer reads join in (`e` is events): the columns a row
 * carries and how they map to the `{ id, title, venue, startsAt, endsAt, timezone }` summary.
 */
export interface EventSummaryColumns {
  event_id: EventsRow['id'];
  event_title: EventsRow['title'];
  event_venue: EventsRow['venue'];
  event_starts_at: EventsRow['starts_at'];
  event_ends_at: EventsRow['ends_at'];
  event_timezone: EventsRow['timezone'];
}

/** The select-list of {@link EventSummaryColumns} but `event_id` (the joined row has its own `event_id`). */
export const EVENT_SUMMARY_COLUMNS =
  'e.title AS event_title, e.venue AS event_venue, e.starts_at AS event_starts_at, e.ends_at AS event_ends_at, e.timezone AS event_timezone';

/** The summary of the event a row joined in; `startsAt`/`endsAt` are UTC instants. */
export function toEventSummary(row: EventSummaryColumns): { id: string; title: string; venue: string; startsAt: Date; endsAt: Date; timezone: string } {
  return {
    id: row.event_id,
    title: row.event_title,
    venue: row.event_venue,
    startsAt: row.event_starts_at,
    endsAt: row.event_ends_at,
    timezone: row.event_timezone,
  };
}
