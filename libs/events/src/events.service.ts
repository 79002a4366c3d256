import { Injectable } from '@nestjs/common';
import {
  Actor,
  AuditLog,
  FieldError,
  FileContent,
  FileStorage,
  isStaff,
  newId,
  Page,
  PageRequest,
  TransactionRunner,
  ValidationFailedError,
} from '@app/shared';
import { DEFAULT_MAX_PER_BUYER, effectiveStatus, Event, EventStatus, isKnownCurrency, isKnownTimeZone, scheduleErrors } from './event.js';
import { EventFilter, EventPatch, EventRepository, EventStats } from './event.repository.js';
import { EventHasBookingsError, EventNotFoundError, InvalidEventStateError, NoTicketTypesError, TicketTypeNotFoundError } from './events.errors.js';
import { DEFAULT_MAX_PER_BOOKING, isOnSale, TicketType } from './ticket-type.js';
import { TicketTypePatch, TicketTypeRepository } from './ticket-type.repository.js';

/** A ticket type as readers see it: with its currency, seats left and whether it sells now. */
export interface TicketTypeView extends TicketType {
  currency: string;
  available: number;
  onSale: boolean;
}

/** An event as readers see it: effective status, seats left, and (detail only) its ticket types. */
export interface EventView extends Event {
  available: number;
  ticketTypes?: TicketTypeView[];
}

export interface CreateEventInput {
  title: string;
  description?: string;
  venue: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  capacity: number;
  /** Default {@link DEFAULT_MAX_PER_BUYER}. */
  maxPerBuyer?: number;
  currency: string;
}

export interface TicketTypeInput {
  name: string;
  price: number;
  quantity: number;
  salesStartAt?: Date | null;
  salesEndAt?: Date | null;
  maxPerBooking?: number;
  /** Default false. */
  reentry?: boolean;
}

/**
 * Events and ticket types: the organiser's side. Writes are admin-only (enforced at the route),
 * audited, and keep `sold + held <= capacity/quantity` (see the repository ports). Readers who
 * are not staff see only events that are not drafts, and only published ones in lists.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventRepository,
    private readonly ticketTypes: TicketTypeRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly files: FileStorage,
  ) {}

  /**
   * Creates a draft event.
   * @throws ValidationFailedError (400) for a past start, an end before the start, an unknown time zone or currency.
   */
  async create(actor: Actor, input: CreateEventInput): Promise<EventView> {
    const errors = [...scheduleErrors(input.startsAt, input.endsAt), ...zoneAndCurrencyErrors(input)];
    if (errors.length) throw new ValidationFailedError(errors);
    return this.tx.run(async () => {
      const event = await this.events.create({
        id: newId(),
        title: input.title.trim(),
        description: input.description?.trim() ?? '',
        venue: input.venue.trim(),
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        timezone: input.timezone,
        capacity: input.capacity,
        maxPerBuyer: input.maxPerBuyer ?? DEFAULT_MAX_PER_BUYER,
        currency: input.currency,
        createdBy: actor.userId,
      });
      await this.audit.record({ action: 'event.created', actorId: actor.userId, entityType: 'event', entityId: event.id, details: { title: event.title } });
      return { ...event, available: event.capacity };
    });
  }

  /**
   * One event with its ticket types and seats left.
   * @throws EventNotFoundError (404), also for a draft asked by someone who is not staff.
   */
  async get(id: string, actor?: Actor): Promise<EventView> {
    const event = await this.visibleEvent(id, actor);
    const [types, availability] = await Promise.all([this.ticketTypes.listByEvent(id), this.events.availability(id)]);
    return {
      ...withEffectiveStatus(event),
      available: availability.event,
      ticketTypes: types.map((t) => this.typeView(t, event, availability.ticketTypes.get(t.id) ?? 0)),
    };
  }

  /** Events, newest first; anonymous callers and customers see published events only. */
  async list(filter: EventFilter, page: PageRequest, actor?: Actor): Promise<Page<EventView>> {
    const publicOnly = !actor || !isStaff(actor);
    const result = await this.events.list({ ...filter, publicOnly }, page);
    const available = await this.events.eventsAvailability(result.data.map((e) => e.id));
    return { data: result.data.map((event) => ({ ...withEffectiveStatus(event), available: available.get(event.id) ?? 0 })), nextCursor: result.nextCursor };
  }

  /**
   * Changes an event that is not cancelled or completed; the currency only while it is a draft.
   * @throws EventNotFoundError, InvalidEventStateError, ValidationFailedError, CapacityBelowSoldError
   */
  async update(actor: Actor, id: string, patch: EventPatch): Promise<EventView> {
    return this.tx.run(async () => {
      const event = await this.mustFind(id);
      const status = effectiveStatus(event);
      if (status === EventStatus.Cancelled || status === EventStatus.Completed) throw new InvalidEventStateError(status, 'changed');
      const errors: FieldError[] = [];
      if (patch.startsAt || patch.endsAt) {
        const startsAt = patch.startsAt ?? event.startsAt;
        const endsAt = patch.endsAt ?? event.endsAt;
        errors.push(...scheduleErrors(startsAt, endsAt).filter((e) => e.field !== 'startsAt' || patch.startsAt));
      }
      errors.push(...zoneAndCurrencyErrors(patch));
      if (patch.currency && patch.currency !== event.currency && event.status !== EventStatus.Draft) {
        errors.push({ field: 'currency', message: 'currency can only change while the event is a draft' });
      }
      if (errors.length) throw new ValidationFailedError(errors);
      const updated = await this.events.update(id, {
        ...patch,
        title: patch.title?.trim(),
        venue: patch.venue?.trim(),
        description: patch.description?.trim(),
      });
      if (!updated) throw new EventNotFoundError();
      await this.audit.record({
        action: 'event.updated',
        actorId: actor.userId,
        entityType: 'event',
        entityId: id,
        details: { changes: changes(event, patch) },
      });
      return this.get(id, actor);
    });
  }

  /**
   * `draft -> published`. The event needs at least one ticket type and a start in the future.
   * @throws EventNotFoundError (404), InvalidEventStateError (409 `invalid_event_state`), NoTicketTypesError (409 `no_ticket_types`),
   *   ValidationFailedError (400: it has already started)
   */
  async publish(actor: Actor, id: string): Promise<EventView> {
    return this.tx.run(async () => {
      const event = await this.mustFind(id);
      if (event.status !== EventStatus.Draft) throw new InvalidEventStateError(effectiveStatus(event), 'published');
      const schedule = scheduleErrors(event.startsAt, event.endsAt);
      if (schedule.length) throw new ValidationFailedError(schedule, 'The event has already started or its schedule is invalid.');
      if ((await this.ticketTypes.listByEvent(id)).length === 0) throw new NoTicketTypesError();
      const published = await this.events.transition(id, [EventStatus.Draft], EventStatus.Published);
      if (!published) throw new InvalidEventStateError(effectiveStatus(await this.mustFind(id)), 'published');
      await this.audit.record({ action: 'event.published', actorId: actor.userId, entityType: 'event', entityId: id });
      return this.get(id, actor);
    });
  }

  /**
   * Deletes a draft that has no bookings.
   * @throws EventNotFoundError (404), EventHasBookingsError (409 `event_has_bookings`),
   *   InvalidEventStateError (409 `invalid_event_state`: not a draft; cancel a published event instead)
   */
  async delete(actor: Actor, id: string): Promise<void> {
    await this.tx.run(async () => {
      const outcome = await this.events.deleteDraft(id);
      if (outcome === 'not_found') throw new EventNotFoundError();
      if (outcome === 'has_bookings') throw new EventHasBookingsError();
      if (outcome === 'not_draft') throw new InvalidEventStateError(effectiveStatus(await this.mustFind(id)), 'deleted');
      await this.audit.record({ action: 'event.deleted', actorId: actor.userId, entityType: 'event', entityId: id });
    });
  }

  /**
   * Stores the organiser's payment QR image (already checked as an image by its bytes),
   * replacing the previous one. Audited.
   * @throws EventNotFoundError (404)
   */
  async setPaymentQr(actor: Actor, id: string, image: { data: Buffer; contentType: string }): Promise<void> {
    await this.mustFind(id);
    const stored = await this.files.put({ data: image.data, contentType: image.contentType, folder: 'payment-qr' });
    const previous = await this.tx.run(async () => {
      const replaced = await this.events.setPaymentQr(id, { key: stored.key, contentType: stored.contentType });
      await this.audit.record({
        action: 'event.payment_qr_set',
        actorId: actor.userId,
        entityType: 'event',
        entityId: id,
        details: { size: stored.size, contentType: stored.contentType },
      });
      return replaced;
    });
    if (previous) await this.files.delete(previous.key).catch(() => undefined);
  }

  /**
   * The payment QR image of a visible event.
   * @throws EventNotFoundError (404: no such event, a draft asked by a non-staff caller, or no image)
   */
  async paymentQr(id: string, actor?: Actor): Promise<FileContent> {
    const event = await this.visibleEvent(id, actor);
    const file = event.paymentQr ? await this.files.get(event.paymentQr.key) : null;
    if (!file) throw new EventNotFoundError();
    return file;
  }

  /**
   * `published -> cancelled` in one conditional statement, in the caller's transaction (or its
   * own): only the event's part of an event cancellation (`CancelEventUseCase` in
   * libs/event-cancellation handles its bookings). Not audited here: the caller records the whole cancellation.
   * @throws EventNotFoundError (404), InvalidEventStateError (409 `invalid_event_state`: a draft,
   *   or already cancelled or completed)
   */
  markCancelled(id: string): Promise<Event> {
    return this.tx.run(async () => {
      const event = await this.mustFind(id);
      if (effectiveStatus(event) !== EventStatus.Published) throw new InvalidEventStateError(effectiveStatus(event), 'cancelled');
      const cancelled = await this.events.transition(id, [EventStatus.Published], EventStatus.Cancelled);
      if (!cancelled) throw new InvalidEventStateError((await this.events.findById(id))?.status ?? event.status, 'cancelled');
      return cancelled;
    });
  }

  // For other libs' use cases: no visibility rule (the caller has checked who acts), stored status
  // (not effective), each joining the caller's transaction.

  /** The event as stored, or null. */
  find(id: string): Promise<Event | null> {
    return this.events.findById(id);
  }

  /**
   * The event, its row locked `FOR SHARE` until the caller's transaction ends (see
   * {@link EventRepository.findByIdForShare}): a cancellation waits for that commit. Null when none.
   */
  findForShare(id: string): Promise<Event | null> {
    return this.events.findByIdForShare(id);
  }

  /** The event and its ticket types (creation order) in one read; null when the event does not exist. */
  findWithTicketTypes(id: string): Promise<{ event: Event; ticketTypes: TicketType[] } | null> {
    return this.events.findWithTicketTypes(id);
  }

  /** Marks published events whose end has passed as completed (a periodic job); returns how many. */
  completeEnded(): Promise<number> {
    return this.events.completeEnded();
  }

  /** Per ticket type and total: capacity, sold, held, available, revenue, refunded, checked in. */
  async stats(id: string): Promise<EventStats> {
    const stats = await this.events.stats(id);
    if (!stats) throw new EventNotFoundError();
    return stats;
  }

  /** The event's ticket types with seats left. @throws EventNotFoundError */
  async listTicketTypes(eventId: string, actor?: Actor): Promise<TicketTypeView[]> {
    return (await this.get(eventId, actor)).ticketTypes ?? [];
  }

  /**
   * Adds a ticket type to a draft or published event.
   * @throws EventNotFoundError, InvalidEventStateError, ValidationFailedError, TicketTypeNameTakenError
   */
  async createTicketType(actor: Actor, eventId: string, input: TicketTypeInput): Promise<TicketTypeView> {
    return this.tx.run(async () => {
      const event = await this.mustFind(eventId);
      const status = effectiveStatus(event);
      if (status !== EventStatus.Draft && status !== EventStatus.Published) throw new InvalidEventStateError(status, 'given new ticket types');
      const errors = salesWindowErrors(input.salesStartAt ?? null, input.salesEndAt ?? null);
      if (errors.length) throw new ValidationFailedError(errors);
      const type = await this.ticketTypes.create({
        id: newId(),
        eventId,
        name: input.name.trim(),
        price: input.price,
        quantity: input.quantity,
        salesStartAt: input.salesStartAt ?? null,
        salesEndAt: input.salesEndAt ?? null,
        maxPerBooking: input.maxPerBooking ?? DEFAULT_MAX_PER_BOOKING,
        reentry: input.reentry ?? false,
      });
      await this.audit.record({
        action: 'ticket_type.created',
        actorId: actor.userId,
        entityType: 'ticket_type',
        entityId: type.id,
        details: { eventId, name: type.name, price: type.price, quantity: type.quantity },
      });
      const availability = await this.events.availability(eventId);
      return this.typeView(type, event, availability.ticketTypes.get(type.id) ?? 0);
    });
  }

  /**
   * Changes a ticket type; `quantity` may not drop below sold plus held.
   * @throws TicketTypeNotFoundError, InvalidEventStateError, ValidationFailedError, CapacityBelowSoldError, TicketTypeNameTakenError
   */
  async updateTicketType(actor: Actor, eventId: string, id: string, patch: TicketTypePatch): Promise<TicketTypeView> {
    return this.tx.run(async () => {
      const event = await this.mustFind(eventId);
      const before = await this.ticketTypes.findById(id);
      if (!before || before.eventId !== eventId) throw new TicketTypeNotFoundError();
      const status = effectiveStatus(event);
      if (status === EventStatus.Cancelled || status === EventStatus.Completed) throw new InvalidEventStateError(status, 'changed');
      const errors = salesWindowErrors(
        patch.salesStartAt !== undefined ? patch.salesStartAt : before.salesStartAt,
        patch.salesEndAt !== undefined ? patch.salesEndAt : before.salesEndAt,
      );
      if (errors.length) throw new ValidationFailedError(errors);
      const updated = await this.ticketTypes.update(id, { ...patch, name: patch.name?.trim() });
      if (!updated) throw new TicketTypeNotFoundError();
      await this.audit.record({
        action: 'ticket_type.updated',
        actorId: actor.userId,
        entityType: 'ticket_type',
        entityId: id,
        details: { eventId, changes: changes(before, patch) },
      });
      const availability = await this.events.availability(eventId);
      return this.typeView(updated, event, availability.ticketTypes.get(id) ?? 0);
    });
  }

  private async visibleEvent(id: string, actor?: Actor): Promise<Event> {
    const event = await this.events.findById(id);
    if (!event || (event.status === EventStatus.Draft && !(actor && isStaff(actor)))) throw new EventNotFoundError();
    return event;
  }

  private async mustFind(id: string): Promise<Event> {
    const event = await this.events.findById(id);
    if (!event) throw new EventNotFoundError();
    return event;
  }

  private typeView(type: TicketType, event: Event, available: number): TicketTypeView {
    return { ...type, currency: event.currency, available, onSale: effectiveStatus(event) === EventStatus.Published && isOnSale(type) };
  }
}

function withEffectiveStatus<T extends Event>(event: T): T {
  return { ...event, status: effectiveStatus(event) };
}

function zoneAndCurrencyErrors(input: { timezone?: string; currency?: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (input.timezone !== undefined && !isKnownTimeZone(input.timezone))
    errors.push({ field: 'timezone', message: 'timezone must be an IANA time zone such as Africa/Lagos' });
  if (input.currency !== undefined && !isKnownCurrency(input.currency))
    errors.push({ field: 'currency', message: 'currency must be an ISO 4217 code such as NGN' });
  return errors;
}

function salesWindowErrors(start: Date | null, end: Date | null): FieldError[] {
  return start && end && end.getTime() <= start.getTime() ? [{ field: 'salesEndAt', message: 'salesEndAt must be after salesStartAt' }] : [];
}

function changes(before: object, patch: object): Record<string, { from: unknown; to: unknown }> {
  const result: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(patch)) {
    const from = (before as Record<string, unknown>)[key];
    if (to !== undefined && JSON.stringify(from) !== JSON.stringify(to)) result[key] = { from, to };
  }
  return result;
}
