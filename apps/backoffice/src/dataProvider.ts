import { HttpError, type DataProvider, type GetListResult, type RaRecord } from 'react-admin';
import { api, type Problem } from './api/client';
import type { components } from './api/schema';

/** What every API call through openapi-fetch answers. */
interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** A keyset page: `{data, nextCursor}` (API.md Lists). */
interface Page {
  data: RaRecord[];
  nextCursor: string | null;
}

type Filter = Record<string, string | undefined>;

/** Throws react-admin's HttpError for an API problem; field errors go to the form's fields. */
export async function unwrap<T>(call: Promise<Answer>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const p = (error ?? {}) as Problem;
    const fields = Object.fromEntries((p.errors ?? []).map((e) => [e.field, e.message]));
    throw new HttpError(p.detail || p.title || response.statusText, response.status, { ...p, errors: fields });
  }
  return data as T;
}

const clean = (filter: Filter): Filter => Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '' && v !== null));

/** Per resource: how to read one page and one record, and (for admins) write. */
interface Resource {
  list(filter: Filter, cursor: string | undefined, limit: number): Promise<Answer>;
  one?(id: string, filter?: Filter): Promise<Answer>;
  create?(body: Record<string, unknown>): Promise<Answer>;
  update?(id: string, body: Record<string, unknown>): Promise<Answer>;
  remove?(id: string): Promise<Answer>;
}

const path = (id: string) => ({ path: { id } });

/** Only what a route accepts goes out (the API rejects unknown properties). */
const pick = (body: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => body[k] !== undefined).map((k) => [k, body[k] === '' ? null : body[k]]));

const EVENT_FIELDS = ['title', 'description', 'venue', 'startsAt', 'endsAt', 'timezone', 'capacity', 'currency', 'maxPerBuyer'];

/* eslint-disable @typescript-eslint/no-explicit-any -- filters are checked by the API; the client's query types are per route */
const resources: Record<string, Resource> = {
  events: {
    list: (f, cursor, limit) => api.GET('/api/v1/events', { params: { query: { ...(f as any), cursor, limit } } }),
    one: (id) => api.GET('/api/v1/events/{id}', { params: path(id) }),
    create: (b) => api.POST('/api/v1/events', { body: pick(b, EVENT_FIELDS) as any }),
    update: (id, b) => api.PATCH('/api/v1/events/{id}', { params: path(id), body: pick(b, EVENT_FIELDS) as any }),
    remove: (id) => api.DELETE('/api/v1/events/{id}', { params: path(id) }),
  },
  bookings: {
    list: (f, cursor, limit) => api.GET('/api/v1/bookings', { params: { query: { ...(f as any), cursor, limit } } }),
    one: (id) => api.GET('/api/v1/bookings/{id}', { params: path(id) }),
  },
  payments: {
    list: (f, cursor, limit) => api.GET('/api/v1/payments', { params: { query: { ...(f as any), cursor, limit } } }),
    one: (id) => api.GET('/api/v1/payments/{id}', { params: path(id) }),
  },
  refunds: {
    list: (f, cursor, limit) => api.GET('/api/v1/refunds', { params: { query: { ...(f as any), cursor, limit } } }),
    one: (id) => api.GET('/api/v1/refunds/{id}', { params: path(id) }),
  },
  tickets: {
    list: (f, cursor, limit) => api.GET('/api/v1/tickets', { params: { query: { ...(f as any), cursor, limit } } }),
    one: (id) => api.GET('/api/v1/tickets/{id}', { params: path(id) }),
  },
  transfers: {
    list: (f, cursor, limit) => api.GET('/api/v1/transfers', { params: { query: { ...(f as any), cursor, limit } } }),
    one: (id) => api.GET('/api/v1/transfers/{id}', { params: path(id) }),
  },
  users: {
    list: (f, cursor, limit) => api.GET('/api/v1/users', { params: { query: { ...(f as any), cursor, limit } } }),
    one: (id) => api.GET('/api/v1/users/{id}', { params: path(id) }),
    create: (b) => api.POST('/api/v1/users', { body: pick(b, ['email', 'password', 'name', 'roles', 'phone']) as any }),
    update: (id, b) => api.PATCH('/api/v1/users/{id}', { params: path(id), body: pick(b, ['roles', 'name', 'disabled', 'phone']) as any }),
  },
  'audit-logs': {
    list: (f, cursor, limit) => api.GET('/api/v1/audit-logs', { params: { query: { ...(f as any), cursor, limit } } }),
  },
  messages: {
    list: (f, cursor, limit) => api.GET('/api/v1/messages', { params: { query: { ...(f as any), cursor, limit } } }),
  },
  attendees: {
    list: ({ eventId, ...f }, cursor, limit) =>
      api.GET('/api/v1/events/{id}/attendees', { params: { path: { id: eventId ?? '' }, query: { ...(f as any), cursor, limit } } }),
  },
  'scanner-devices': {
    list: ({ eventId }, cursor, limit) => api.GET('/api/v1/events/{id}/scanner-devices', { params: { path: { id: eventId ?? '' }, query: { cursor, limit } } }),
  },
  'check-ins': {
    list: ({ eventId, ...f }, cursor, limit) =>
      api.GET('/api/v1/events/{id}/check-ins', { params: { path: { id: eventId ?? '' }, query: { ...(f as any), cursor, limit } } }),
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Lists that need an event chosen first answer an empty page until one is. */
const NEEDS_EVENT = new Set(['attendees', 'check-ins', 'scanner-devices']);

/**
 * react-admin pages are numbered; the API pages by opaque keyset cursors. One cursor stack per
 * list (resource + filter + page size): `stack[n]` is the cursor that fetches page n+1 (page 1 has
 * none). react-admin's partial pagination (`pageInfo`) only steps forward or back, so the stack is
 * always known; a jump to an unknown page walks forward from the last known one.
 */
const cursorStacks = new Map<string, (string | undefined)[]>();

async function getPage(name: string, filter: Filter, page: number, perPage: number): Promise<GetListResult> {
  const resource = resources[name];
  if (!resource) throw new Error(`Unknown resource ${name}`);
  if (NEEDS_EVENT.has(name) && !filter.eventId) return { data: [], total: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false } };
  const key = `${name}|${JSON.stringify(filter)}|${perPage}`;
  const stack = cursorStacks.get(key) ?? [undefined];
  cursorStacks.set(key, stack);
  let known = Math.min(page, stack.length);
  let result: Page = await unwrap<Page>(resource.list(filter, stack[known - 1], perPage));
  while (known < page && result.nextCursor) {
    stack[known] = result.nextCursor;
    known += 1;
    result = await unwrap<Page>(resource.list(filter, stack[known - 1], perPage));
  }
  stack.length = known;
  if (result.nextCursor) stack[known] = result.nextCursor;
  const data = result.data.map((r) => ({ ...r, id: r.id ?? (r as { ticketId?: string }).ticketId }));
  // On the last page the total is known: without it the pager says "1-10 of 10" under 3 rows.
  const total = result.nextCursor ? undefined : (known - 1) * perPage + data.length;
  return { data, total, pageInfo: { hasNextPage: Boolean(result.nextCursor), hasPreviousPage: known > 1 } };
}

/** One entry of a booking's timeline (`GET /bookings/{id}/timeline`), oldest first. */
export type TimelineEntry = components['schemas']['TimelineEntry'];

/** A booking's timeline, oldest first (staff only). @throws Error with the problem's detail when the API refuses. */
export async function fetchBookingTimeline(id: string): Promise<TimelineEntry[]> {
  return (await unwrap<components['schemas']['BookingTimeline']>(api.GET('/api/v1/bookings/{id}/timeline', { params: { path: { id } } }))).entries;
}

/** Queues the booking's tickets to its buyer again (admins; 429 within a minute of the last resend). Returns the address. */
export async function resendBookingTickets(id: string): Promise<string> {
  return (await unwrap<components['schemas']['TicketsResent']>(api.POST('/api/v1/bookings/{id}/resend-tickets', { params: { path: { id } } }))).to;
}

/** The react-admin dataProvider over the generated OpenAPI client. */
export const dataProvider: DataProvider = {
  getList: (resource, params) => getPage(resource, clean((params.filter ?? {}) as Filter), params.pagination?.page ?? 1, params.pagination?.perPage ?? 20),
  async getOne(resource, params) {
    const one = resources[resource]?.one;
    if (!one) throw new Error(`${resource} has no detail route`);
    return { data: await unwrap(one(String(params.id))) };
  },
  async getMany(resource, params) {
    const one = resources[resource]?.one;
    if (!one) return { data: [] };
    const data = await Promise.all(params.ids.map((id) => unwrap<RaRecord>(one(String(id))).catch(() => null)));
    return { data: data.filter((d) => d !== null) as never[] };
  },
  getManyReference: (resource, params) =>
    getPage(resource, clean({ ...(params.filter as Filter), [params.target]: String(params.id) }), params.pagination.page, params.pagination.perPage),
  async create(resource, params) {
    const create = resources[resource]?.create;
    if (!create) throw new Error(`${resource} cannot be created here`);
    return { data: await unwrap(create(params.data)) };
  },
  async update(resource, params) {
    const update = resources[resource]?.update;
    if (!update) throw new Error(`${resource} cannot be edited here`);
    return { data: await unwrap(update(String(params.id), params.data)) };
  },
  async updateMany() {
    throw new Error('Bulk updates are not supported');
  },
  async delete(resource, params) {
    const remove = resources[resource]?.remove;
    if (!remove) throw new Error(`${resource} cannot be deleted`);
    await unwrap(remove(String(params.id)));
    return { data: params.previousData as never };
  },
  async deleteMany() {
    throw new Error('Bulk deletes are not supported');
  },
};
