import { decodeCursor, Page, PageRequest, toPage } from '@app/shared';
import type { DatabaseContext } from './database-context.js';

/**
 * The AND-ed conditions of a raw-SQL query and their `$n` parameters, built together, e.g.
 * `where.and('t.user_id = ' + where.param(userId))`.
 */
export class SqlConditions {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Appends a parameter; returns its placeholder (`$n`). */
  param(value: unknown): string {
    return `$${this.params.push(value)}`;
  }

  /** Adds a condition that must hold too. */
  and(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** `WHERE <a> AND <b> …`, or empty when there is no condition. */
  get clause(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/**
 * One page of `select` (a `SELECT … FROM …` without WHERE),
 * newest first by keyset on `idColumn` (UUIDv7): `<select> WHERE <where> [AND <idColumn> < cursor]
 * ORDER BY <idColumn> DESC LIMIT limit + 1`. `where` gets the cursor's condition and the limit's
 * parameter. The rows are mapped all at once, so a mapper may load what they need in one query.
 * @throws ValidationFailedError for a malformed cursor, before any query.
 */
export async function fetchSqlPage<R, T extends { id: string }>(
  db: DatabaseContext,
  select: string,
  idColumn: string,
  where: SqlConditions,
  page: PageRequest,
  map: (rows: R[]) => T[] | Promise<T[]>,
): Promise<Page<T>> {
  if (page.cursor) where.and(`${idColumn} < ${where.param(decodeCursor(page.cursor))}`);
  const { rows } = await db.sql<R>(`${select} ${where.clause} ORDER BY ${idColumn} DESC LIMIT ${where.param(page.limit + 1)}`, where.params);
  return toPage(await map(rows), page.limit);
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
