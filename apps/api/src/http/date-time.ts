import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/**
 * RFC 3339 `date-time`: full date, `T`, full time with optional fraction, and a mandatory `Z` or
 * numeric offset (`T` and `Z` in either letter case, as RFC 3339 allows).
 */
const RFC3339_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;

/**
 * The instant an RFC 3339 date-time names, or null when `value` is not one: ISO 8601 forms that
 * RFC 3339 does not allow (week or ordinal dates, basic format, reduced precision such as
 * `2026-12-31T19`), a missing offset (which `new Date()` would read as server-local time), and
 * out-of-range fields (`2026-02-30`, `24:00`, a leap second `:60`) are all refused. Fractions
 * beyond milliseconds are truncated.
 */
export function parseDateTime(value: string): Date | null {
  const m = RFC3339_DATE_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offsetHours = m[8] ? 0 : Number(m[10]);
  const offsetMinutes = m[8] ? 0 : Number(m[11]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null;
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0..99 to 1900..1999
  local.setUTCHours(hour, minute, second, millis);
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(local.getTime() - offset);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** What every date-time input accepts, for its OpenAPI description. */
export const DATE_TIME_INPUT = 'RFC 3339 date-time with `Z` or a numeric offset (`2026-12-31T19:00:00Z`, `2026-12-31T20:00:00+01:00`).';

/**
 * A date-time input (body or query): an RFC 3339 date-time with `Z` or a numeric offset
 * (`2026-12-31T19:00:00Z`, `2026-12-31T20:00:00+01:00`), turned into a `Date` before the
 * handler sees it. Anything else is `400 validation_failed` naming the field. Combine with
 * `@IsOptional()` where null is documented as meaningful, else with `@IsOptionalNotNull()`.
 */
export function IsDateTime(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (parseDateTime(value) ?? value) : value)),
    ValidateBy({
      name: 'isDateTime',
      validator: {
        validate: (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime()),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an RFC 3339 date-time with Z or a UTC offset, e.g. 2026-12-31T19:00:00Z`,
      },
    }),
  );
}
