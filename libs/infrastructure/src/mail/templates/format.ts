/** Display helpers shared by the templates. Everything here is total: bad input degrades, never throws. */

/** A Date, from a Date or an ISO 8601 string (what a Date becomes once stored as JSON). */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * Money for people: `formatMoney(150000, 'NGN')` is `NGN 1,500.00`. `minor` is an integer in the
 * currency's minor units; the number of minor digits is the currency's (ISO 4217, from Intl:
 * JPY 0, NGN 2, KWD 3). An unknown currency code falls back to `150000 XYZ (minor units)`.
 */
export function formatMoney(minor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code' });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits).replace(/\u00a0/g, ' ');
  } catch {
    return `${minor} ${currency} (minor units)`;
  }
}

/**
 * An instant as a person at the event reads it: `Thursday 31 December 2026, 20:00 WAT`, in the IANA
 * `timeZone` (the event's). An unknown time zone falls back to UTC.
 */
export function formatDateTime(value: Date | string, timeZone: string): string {
  const date = toDate(value);
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(date).replace(/ at /, ', ');
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(date).replace(/ at /, ', ');
  }
}

/** `formatDateTime` of both ends of a time range: `Thursday 31 December 2026, 20:00 WAT – Friday 1 January 2027, 02:00 WAT`. */
export function formatRange(start: Date | string, end: Date | string, timeZone: string): string {
  return `${formatDateTime(start, timeZone)} – ${formatDateTime(end, timeZone)}`;
}
