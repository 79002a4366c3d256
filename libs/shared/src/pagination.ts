import { ValidationFailedError } from './domain-error.js';

/** A page request: `limit` 1..100; `cursor` is the opaque `nextCursor` of the previous page. */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** One page of a list, newest first unless the route says otherwise. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Lists are paged by keyset on the primary key: ids are UUIDv7 (time-ordered), so `ORDER BY id
 * DESC` is newest first and a total order, and the cursor is the last id shown, made opaque.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor} into the id to continue after.
 * @throws ValidationFailedError (`validation_failed` on field `cursor`) when it is malformed.
 */
export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id)) throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not a valid page cursor' }]);
  return id;
}

/**
 * Builds a page from up to `limit + 1` rows fetched in keyset order: the extra row only says that
 * more exist, and the cursor points after the last row returned: its `id`, or what `keyOf` says
 * is its keyset key.
 */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T>;
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T>;
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string = (row) => (row as { id: string }).id): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
