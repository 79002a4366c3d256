import type { Page, PageRequest } from '@app/shared';
import type { Event, EventStatus } from './event.js';
import type { TicketType } from './ticket-type.js';

export type NewEvent = Pick<
  Event,
  'id' | 'title' | 'description' | 'venue' | 'startsAt' | 'endsAt' | 'timezone' | 'capacity' | 'maxPerBuyer' | 'currency' | 'createdBy'
>;

export type EventPatch = Partial<Pick<Event, 'title' | 'description' | 'venue' | 'startsAt' | 'endsAt' | 'timezone' | 'capacity' | 'maxPerBuyer' | 'currency'>>;

export interface EventFilter {
  /** Stored status; `completed` also matches published events whose end has passed. */
  status?: EventStatus;
  /** Only events whose `startsAt` is at or after `from` (UTC). */
  from?: Date;
  /** Only events whose `startsAt` is before `to` (UTC). */
  to?: Date;
  /** Case-insensitive part of the title or venue. */
  q?: string;
  /** Anonymous and customer callers: published events that have not ended. */
  publicOnly?: boolean;
}

/** Seats left, excluding holds whose booking has expired even if the sweeper has not run yet. */
export interface Availability {
  /** Seats left at the event level: capacity - sold - live holds. */
  event: number;
  /** Per ticket type: min(its own quantity - sold - live holds, the event's). */
  ticketTypes: Map<string, number>;
}

export interface TicketTypeStats {
  ticketTypeId: string;
  name: string;
  quantity: number;
  sold: number;
  /** Seats held by unexpired pending bookings. */
  held: number;
  available: number;
  /** Minor units paid for this type's seats (every paid payment; refunds not deducted; a later event cancellation changes nothing). */
  revenue: number;
  /** Minor units of completed refunds for this type's seats; a whole-booking refund (automatic, event cancellation) is split by seat price. */
  refunded: number;
  checkedIn: number;
}

export interface EventStats {
  eventId: string;
  currency: string;
  capacity: number;
  sold: number;
  held: number;
  available: number;
  revenue: number;
  refunded: number;
  checkedIn: number;
  ticketTypes: TicketTypeStats[];
}

/** Port: events and their capacity. Joins the current transaction. */
export abstract class EventRepository {
  abstract create(event: NewEvent): Promise<Event>;
  abstract findById(id: string): Promise<Event | null>;
  /**
   * Reads the event and locks its row `FOR SHARE` until the current transaction ends: a status
   * change (cancellation) waits for that commit, and this read waits for a change in flight and
   * returns its result. It also makes seat-counter updates on the event wait: hold it briefly.
   */
  abstract findByIdForShare(id: string): Promise<Event | null>;
  /** The event and its ticket types (creation order) in one read; null when the event does not exist. */
  abstract findWithTicketTypes(id: string): Promise<{ event: Event; ticketTypes: TicketType[] } | null>;
  /** Newest first. */
  abstract list(filter: EventFilter, page: PageRequest): Promise<Page<Event>>;
  /**
   * Applies the patch in one statement. A new `capacity` is applied only if it is at least the
   * seats sold plus live holds (expired holds of the event are released first).
   * @throws CapacityBelowSoldError (409 `capacity_below_sold`)
   */
  abstract update(id: string, patch: EventPatch): Promise<Event | null>;
  /** Moves the event from one of `from` to `to` in one conditional statement; null when it was in no state of `from`. */
  abstract transition(id: string, from: EventStatus[], to: EventStatus): Promise<Event | null>;
  /** Deletes a draft that has no bookings; says why not otherwise. */
  abstract deleteDraft(id: string): Promise<'deleted' | 'not_found' | 'not_draft' | 'has_bookings'>;
  /** Sets (or clears) the event's payment QR image; returns the previous one. */
  abstract setPaymentQr(id: string, qr: { key: string; contentType: string } | null): Promise<{ key: string; contentType: string } | null>;
  /** Marks published events whose end has passed as completed; returns how many. */
  abstract completeEnded(): Promise<number>;
  abstract availability(eventId: string): Promise<Availability>;
  /** Event-level seats left for several events at once (one query). */
  abstract eventsAvailability(eventIds: string[]): Promise<Map<string, number>>;
  abstract stats(eventId: string): Promise<EventStats | null>;
}
