import type { FieldError } from '@app/shared';

/** `draft -> published -> (cancelled | completed)`; an event is completed once `endsAt` has passed. */
export enum EventStatus {
  Draft = 'draft',
  Published = 'published',
  Cancelled = 'cancelled',
  Completed = 'completed',
}

/**
 * An event with its capacity counters. `sold` and `held` are seats over all ticket types:
 * `sold + held <= capacity` always holds (a database CHECK constraint). Times are UTC instants;
 * `timezone` (IANA) is for display.
 */
export interface Event {
  id: string;
  title: string;
  description: string;
  venue: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  capacity: number;
  /**
   * Seats one user may hold or have bought for this event across all their bookings (they book for
   * themselves; box-office sales and admins booking for them are not limited).
   */
  maxPerBuyer: number;
  /** ISO 4217, upper case; prices of its ticket types are in this currency's minor units. */
  currency: string;
  status: EventStatus;
  sold: number;
  held: number;
  createdBy: string | null;
  publishedAt: Date | null;
  cancelledAt: Date | null;
  /** The organiser's payment QR image (manual bank or mobile-money payment), in file storage. */
  paymentQr: { key: string; contentType: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** `maxPerBuyer` of an event created without one. */
export const DEFAULT_MAX_PER_BUYER = 10;

/** Largest `maxPerBuyer` (a CHECK constraint holds it too). */
export const MAX_PER_BUYER_LIMIT = 10_000;

/**
 * The stored statuses of an event that sells until it ends: once `endsAt` has passed, such an
 * event reads as completed ({@link effectiveStatus}) and is no longer on sale ({@link isEventOnSale}).
 * The SQL twins bind this list (`status = ANY($n)`).
 */
export const SELLING_EVENT_STATUSES: readonly EventStatus[] = [EventStatus.Published];

/** True when the event's stored status is in {@link SELLING_EVENT_STATUSES} and `now` is before `endsAt`. */
export function isEventOnSale(event: Pick<Event, 'status' | 'endsAt'>, now = new Date()): boolean {
  return SELLING_EVENT_STATUSES.includes(event.status) && event.endsAt.getTime() > now.getTime();
}

/** The status a reader should see: a selling (published) event whose end has passed is completed. */
export function effectiveStatus(event: Pick<Event, 'status' | 'endsAt'>, now = new Date()): EventStatus {
  return SELLING_EVENT_STATUSES.includes(event.status) && event.endsAt.getTime() <= now.getTime() ? EventStatus.Completed : event.status;
}

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** True for an IANA time zone this runtime knows (`Africa/Lagos`, `UTC`). */
export function isKnownTimeZone(zone: string): boolean {
  if (TIME_ZONES.has(zone) || zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** True for an active ISO 4217 code (`NGN`, `USD`), upper case. */
export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);
}

/**
 * The schedule rules of an event: `startsAt` in the future and before `endsAt`.
 * Returns one error per broken rule (empty when valid).
 */
export function scheduleErrors(startsAt: Date, endsAt: Date, now = new Date()): FieldError[] {
  const errors: FieldError[] = [];
  if (startsAt.getTime() <= now.getTime()) errors.push({ field: 'startsAt', message: 'startsAt must be in the future' });
  if (endsAt.getTime() <= startsAt.getTime()) errors.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
  return errors;
}
