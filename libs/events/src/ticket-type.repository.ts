import type { TicketType } from './ticket-type.js';

export type NewTicketType = Pick<TicketType, 'id' | 'eventId' | 'name' | 'price' | 'quantity' | 'salesStartAt' | 'salesEndAt' | 'maxPerBooking' | 'reentry'>;

export type TicketTypePatch = Partial<Pick<TicketType, 'name' | 'price' | 'quantity' | 'salesStartAt' | 'salesEndAt' | 'maxPerBooking' | 'reentry'>>;

/** Port: ticket types. Joins the current transaction. */
export abstract class TicketTypeRepository {
  /** @throws TicketTypeNameTakenError (409) when the event has one with that name. */
  abstract create(type: NewTicketType): Promise<TicketType>;
  abstract findById(id: string): Promise<TicketType | null>;
  /** In creation order. */
  abstract listByEvent(eventId: string): Promise<TicketType[]>;
  /**
   * Applies the patch in one statement; a new `quantity` only if at least sold plus live holds
   * (expired holds of the event are released first).
   * @throws CapacityBelowSoldError (409 `capacity_below_sold`), TicketTypeNameTakenError (409)
   */
  abstract update(id: string, patch: TicketTypePatch): Promise<TicketType | null>;
}
