import { CreateBookingUseCase } from '@app/bookings';
import { EventsService } from '@app/events';
import { Actor } from '@app/shared';
import type { NestContainer } from '../setup/db.js';
import type { TestApp } from '../setup/test-app.js';
import type { SignedInUser } from './users.js';

export interface TicketTypeSpec {
  name?: string;
  price?: number;
  quantity: number;
  maxPerBooking?: number;
  reentry?: boolean;
  salesStartAt?: string;
  salesEndAt?: string;
}

export interface CreatedEvent {
  id: string;
  currency: string;
  ticketTypes: { id: string; name: string; price: number; quantity: number }[];
}

const HOUR = 3600_000;

export interface EventOptions {
  capacity: number;
  ticketTypes: TicketTypeSpec[];
  currency?: string;
  draft?: boolean;
  startsInHours?: number;
  title?: string;
  maxPerBuyer?: number;
}

/** The event's fields with the factories' defaults (both tiers' factories create the same event). */
function eventFields(options: EventOptions) {
  const startsAt = new Date(Date.now() + (options.startsInHours ?? 48) * HOUR);
  return {
    title: options.title ?? `Concert ${Math.random().toString(36).slice(2, 8)}`,
    description: 'A test event',
    venue: 'Test Hall',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 4 * HOUR),
    timezone: 'Africa/Lagos',
    capacity: options.capacity,
    // Tests about other rules must not meet the per-buyer limit by accident; its own tests set it.
    maxPerBuyer: options.maxPerBuyer ?? 10_000,
    currency: options.currency ?? 'NGN',
  };
}

/** The ticket type's fields with the factories' defaults (`price` 150000 minor units). */
function ticketTypeFields(spec: TicketTypeSpec, index: number) {
  return {
    name: spec.name ?? `Type ${index + 1}`,
    price: spec.price ?? 150000,
    quantity: spec.quantity,
    maxPerBooking: spec.maxPerBooking,
    reentry: spec.reentry,
    salesStartAt: spec.salesStartAt,
    salesEndAt: spec.salesEndAt,
  };
}

/** Creates an event over HTTP as `admin` (draft), with ticket types; publishes it unless `draft`. `maxPerBuyer` defaults to 10,000 here. */
export async function createEvent(t: TestApp, admin: SignedInUser, options: EventOptions): Promise<CreatedEvent> {
  const fields = eventFields(options);
  const event = await t
    .http()
    .post('/api/v1/events')
    .set(admin.auth)
    .send({ ...fields, startsAt: fields.startsAt.toISOString(), endsAt: fields.endsAt.toISOString() })
    .expect(201);
  const ticketTypes = [];
  for (const [i, spec] of options.ticketTypes.entries()) {
    const res = await t.http().post(`/api/v1/events/${event.body.id}/ticket-types`).set(admin.auth).send(ticketTypeFields(spec, i)).expect(201);
    ticketTypes.push({ id: res.body.id, name: res.body.name, price: res.body.price, quantity: res.body.quantity });
  }
  if (!options.draft) await t.http().post(`/api/v1/events/${event.body.id}/publish`).set(admin.auth).expect(200);
  return { id: event.body.id, currency: event.body.currency, ticketTypes };
}

/**
 * {@link createEvent} through EventsService (what the event routes call) as the admin `actor`: the
 * same event and defaults, for the service tier (no HTTP).
 */
export async function createEventWithServices(t: NestContainer, actor: Actor, options: EventOptions): Promise<CreatedEvent> {
  const events = t.app.get(EventsService);
  const event = await events.create(actor, eventFields(options));
  const ticketTypes = [];
  for (const [i, spec] of options.ticketTypes.entries()) {
    const fields = ticketTypeFields(spec, i);
    const type = await events.createTicketType(actor, event.id, {
      ...fields,
      salesStartAt: fields.salesStartAt ? new Date(fields.salesStartAt) : undefined,
      salesEndAt: fields.salesEndAt ? new Date(fields.salesEndAt) : undefined,
    });
    ticketTypes.push({ id: type.id, name: type.name, price: type.price, quantity: type.quantity });
  }
  if (!options.draft) await events.publish(actor, event.id);
  return { id: event.id, currency: event.currency, ticketTypes };
}

/** A booking of `quantity` seats of one ticket type through CreateBookingUseCase (what POST /bookings calls) as `actor`, for the service tier: held, or confirmed at once when free. */
export function bookWithServices(t: NestContainer, actor: Actor, eventId: string, ticketTypeId: string, quantity: number) {
  return t.app.get(CreateBookingUseCase).execute(actor, { eventId, items: [{ ticketTypeId, quantity }] });
}

/** POST /bookings; returns the raw response (status and body). */
export function book(
  t: TestApp,
  user: SignedInUser,
  eventId: string,
  items: { ticketTypeId: string; quantity: number }[],
  extra: { idempotencyKey?: string; attendees?: object[]; userId?: string; teamName?: string } = {},
) {
  const req = t.http().post('/api/v1/bookings').set(user.auth);
  if (extra.idempotencyKey) req.set('Idempotency-Key', extra.idempotencyKey);
  return req.send({
    eventId,
    items,
    ...(extra.attendees ? { attendees: extra.attendees } : {}),
    ...(extra.userId ? { userId: extra.userId } : {}),
    ...(extra.teamName !== undefined ? { teamName: extra.teamName } : {}),
  });
}
