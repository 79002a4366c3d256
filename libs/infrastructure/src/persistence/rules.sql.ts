/**
 * The SQL side of domain rules that TypeScript applies too, one fragment per rule. A fragment
 * reads the columns of one table under `alias` (`''` for an unqualified statement) and compares
 * statuses with a list that the caller binds as a parameter: the domain constant named in the
 * fragment's docstring, passed as the placeholder (`'$3'`). test/integration/rules-twins.int-spec.ts
 * runs each fragment and its TypeScript predicate over the same generated rows and asks for equal answers.
 * Times compare with the statement's `now()`.
 */

const column = (alias: string, name: string) => (alias ? `${alias}.${name}` : name);

/** `status = ANY(list)`: `statuses` is the placeholder bound to a status list (`text[]`). */
export function statusInSql(alias: string, statuses: string): string {
  return `${column(alias, 'status')} = ANY(${statuses}::text[])`;
}

/**
 * A SQL `text[]` literal of `values`, quoted, for a statement kept as a static string (a CTE
 * shared by several queries); elsewhere bind the list as a parameter.
 */
export function sqlTextArray(values: readonly string[]): string {
  return `ARRAY[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]::text[]`;
}

/**
 * `isEventOnSale` (libs/events) on an `events` row: its status in `statuses` (bound to
 * `SELLING_EVENT_STATUSES`) and not ended.
 */
export function eventOnSaleSql(alias: string, statuses: string): string {
  return `(${statusInSql(alias, statuses)} AND ${column(alias, 'ends_at')} > now())`;
}

/**
 * A selling event whose end has passed (`statuses` bound to `SELLING_EVENT_STATUSES`): the rows
 * that `effectiveStatus` (libs/events) reads as completed.
 */
export function eventEndedSellingSql(alias: string, statuses: string): string {
  return `(${statusInSql(alias, statuses)} AND ${column(alias, 'ends_at')} <= now())`;
}

/**
 * `effectiveStatus` (libs/events) of an `events` row: `completed` (the placeholder bound to
 * `EventStatus.Completed`) for a selling event that has ended, else the stored status.
 */
export function effectiveEventStatusSql(alias: string, statuses: string, completed: string): string {
  return `CASE WHEN ${eventEndedSellingSql(alias, statuses)} THEN ${completed}::varchar ELSE ${column(alias, 'status')} END`;
}

/** `isOnSale` (libs/events) on a `ticket_types` row: the half-open window `[sales_start_at, sales_end_at)`, null bounds open. */
export function salesWindowOpenSql(alias: string): string {
  const start = column(alias, 'sales_start_at');
  const end = column(alias, 'sales_end_at');
  return `((${start} IS NULL OR ${start} <= now()) AND (${end} IS NULL OR ${end} > now()))`;
}

/** `fitsInOneBooking` (libs/events) on a `ticket_types` row: `quantity` (a placeholder of an int) at most `max_per_booking`. */
export function fitsInOneBookingSql(alias: string, quantity: string): string {
  return `${quantity} <= ${column(alias, 'max_per_booking')}`;
}

/**
 * `isEventOpen` (libs/tickets) on an `events` row: its status in `statuses` (bound to
 * `SCANNABLE_EVENT_STATUSES`) and the scan time `at` (a timestamptz placeholder) from
 * `opensBeforeMs` (milliseconds) before the start to the end, inclusive.
 */
export function scanWindowOpenSql(alias: string, statuses: string, at: string, opensBeforeMs: string): string {
  return `(${statusInSql(alias, statuses)}
              AND ${at}::timestamptz >= ${column(alias, 'starts_at')} - ${opensBeforeMs}::double precision * interval '1 millisecond'
              AND ${at}::timestamptz <= ${column(alias, 'ends_at')})`;
}
