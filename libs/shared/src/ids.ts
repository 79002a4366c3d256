import { v7 } from 'uuid';

/** A new time-ordered UUID (RFC 9562 version 7), so ids sort roughly by creation time. */
export function newId(): string {
  return v7();
}
