import { v7, validate } from 'uuid';

/** A new time-ordered UUID (RFC 9562 version 7), so ids sort roughly by creation time. */
export function newId(): string {
  return v7();
}

/** True when `value` is a UUID in its canonical text form (RFC 9562, any version). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && validate(value);
}
