import { decodeCursor, Page, PageRequest, toPage } from '@app/shared';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Runs `qb` as one page, newest first by keyset on `<alias>.id` (UUIDv7): `WHERE id < :cursor
 * ORDER BY id DESC LIMIT limit + 1`, then maps each row.
 */
export async function fetchPage<E extends ObjectLiteral & { id: string }, T extends { id: string }>(
  qb: SelectQueryBuilder<E>,
  page: PageRequest,
  map: (row: E) => T,
): Promise<Page<T>> {
  const alias = qb.alias;
  if (page.cursor) qb.andWhere(`${alias}.id < :cursorId`, { cursorId: decodeCursor(page.cursor) });
  const rows = await qb.orderBy(`${alias}.id`, 'DESC').limit(page.limit + 1).getMany();
  return toPage(rows.map(map), page.limit);
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
