import { pipeline, Readable, Transform, TransformCallback } from 'node:stream';
import { ATTENDEE_CSV_COLUMNS, CSV_FORMULA_PREFIXES, EventAttendee } from '@app/tickets';
import { stringify } from 'csv-stringify/sync';
import { escapeIdentifier, escapeLiteral, type PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import type { DatabaseContext } from '../database-context.js';

/** Rows per read of the batched export (the embedded database's path). */
export const ATTENDEE_EXPORT_BATCH = 1000;

/** A text cell as the export writes it: empty for none, `'`-prefixed when a spreadsheet would run it as a formula. */
const sqlCell = (column: string) =>
  `CASE WHEN ${column} = '' THEN NULL WHEN strpos(${escapeLiteral(CSV_FORMULA_PREFIXES.join(''))}, left(${column}, 1)) > 0 THEN '''' || ${column} ELSE ${column} END`;
/** A timestamptz as `Date.prototype.toISOString()` writes it (UTC, milliseconds, truncated as `pg` parses it). */
const sqlIso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** How PostgreSQL computes each CSV cell from the attendee query's row (aliases of `TypeOrmTicketRepository`). */
const SQL_CELLS: Record<keyof EventAttendee, string> = {
  ticketId: 't.id',
  code: 't.code',
  status: 't.status',
  holderName: sqlCell('t.holder_name'),
  holderEmail: sqlCell('t.holder_email'),
  holderPhone: sqlCell('t.holder_phone'),
  ticketTypeId: 't.ticket_type_id',
  ticketTypeName: sqlCell('tt.name'),
  bookingId: 't.booking_id',
  buyerName: sqlCell('u.name'),
  buyerEmail: sqlCell('u.email'),
  buyerPhone: sqlCell('u.phone'),
  teamName: sqlCell('b.team_name'),
  issuedAt: sqlIso('t.issued_at'),
  checkedInAt: sqlIso('t.checked_in_at'),
  checkedInGate: sqlCell('t.checked_in_gate'),
};

/** The select list of the COPY export: every column of `ATTENDEE_CSV_COLUMNS`, named by its header. */
export const ATTENDEE_CSV_SELECT = ATTENDEE_CSV_COLUMNS.map((c) => `${SQL_CELLS[c.key]} AS ${escapeIdentifier(c.header)}`).join(', ');

/** `$n` placeholders replaced by SQL literals (COPY takes no parameters). Strings are escaped by `pg`. */
export function inlineParams(text: string, params: unknown[]): string {
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(', ')}]::text[]`;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string') return escapeLiteral(value);
    throw new TypeError(`cannot inline a ${typeof value} parameter`);
  };
  // One pass with a callback: an inserted literal is never scanned again.
  return text.replace(/\$(\d+)\b/g, (_, n: string) => {
    if (!(Number(n) - 1 in params)) throw new RangeError(`no parameter $${n}`);
    return literal(params[Number(n) - 1]);
  });
}

/**
 * PostgreSQL ends every CSV record with LF; the export's records end with CRLF (RFC 4180, what
 * spreadsheets expect). A line break inside a quoted cell is data and stays as it is: the state
 * "inside quotes" flips at every `"` (an escaped `""` flips twice) and carries across chunks.
 */
export class CrlfRecords extends Transform {
  private quoted = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const ends: number[] = [];
    let quoted = this.quoted;
    let at = 0;
    let quote = chunk.indexOf(0x22);
    for (;;) {
      if (quoted) {
        if (quote < 0) break;
        quoted = false;
        at = quote + 1;
        quote = chunk.indexOf(0x22, at);
        continue;
      }
      const lf = chunk.indexOf(0x0a, at);
      if (lf < 0) {
        if (quote >= 0) quoted = (countFrom(chunk, quote) & 1) === 1;
        break;
      }
      if (quote >= 0 && quote < lf) {
        quoted = true;
        at = quote + 1;
        quote = chunk.indexOf(0x22, at);
        continue;
      }
      ends.push(lf);
      at = lf + 1;
    }
    this.quoted = quoted;
    if (ends.length === 0) return done(null, chunk);
    const out = Buffer.allocUnsafe(chunk.length + ends.length);
    let from = 0;
    let to = 0;
    for (const lf of ends) {
      to += chunk.copy(out, to, from, lf);
      out[to++] = 0x0d;
      out[to++] = 0x0a;
      from = lf + 1;
    }
    chunk.copy(out, to, from);
    done(null, out);
  }
}

/** Quotes in `chunk` from `start` on (the tail after the last record end of a chunk). */
function countFrom(chunk: Buffer, start: number): number {
  let n = 0;
  for (let i = chunk.indexOf(0x22, start); i >= 0; i = chunk.indexOf(0x22, i + 1)) n++;
  return n;
}

/**
 * Streams `COPY (<select>) TO STDOUT WITH (FORMAT csv, HEADER)` on a connection of its own, with
 * CRLF record ends. PostgreSQL writes the CSV (quoting, NULL as an empty cell); the socket is read
 * only as fast as the consumer drains the returned stream (backpressure), so memory stays flat.
 * Destroying the stream early (the HTTP client went away) ends that connection instead of returning
 * it to the pool mid-COPY: the server stops the COPY at its next write.
 * @throws whatever acquiring a connection throws (pool timeout, database down), before any byte.
 */
export async function copyCsv(db: DatabaseContext, select: string): Promise<Readable> {
  const driver = db.dataSource.driver as PostgresDriver;
  const [client, release] = (await driver.obtainMasterConnection()) as [PoolClient, (err?: Error) => void];
  // A checked-out client has no error listener of the pool's: a dropped connection must not crash the process.
  const onClientError = (err: Error) => copy.destroy(err);
  client.on('error', onClientError);
  const copy = client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER)`));
  // pg-copy-streams emits late errors (the connection ending under it) itself; pipeline has them already.
  copy.on('error', () => undefined);
  const csv = new CrlfRecords();
  pipeline(copy, csv, (err) => {
    if (err) {
      // Leave the listener: the client is ended and may still report its own end.
      release(err);
    } else {
      client.removeListener('error', onClientError);
      release();
    }
  });
  return csv;
}

/**
 * The same CSV file as {@link copyCsv}, read in batches of {@link ATTENDEE_EXPORT_BATCH} rows by
 * keyset (`read(limit, after)`), for a database without a streaming COPY (PGlite answers a query
 * whole). Each batch is its own read; destroying the stream stops before the next one.
 */
export function batchedCsv(read: (limit: number, after?: string) => Promise<EventAttendee[]>): Readable {
  const header = `${ATTENDEE_CSV_COLUMNS.map((c) => c.header).join(',')}\r\n`;
  return Readable.from(
    (async function* () {
      yield Buffer.from(header);
      let after: string | undefined;
      for (;;) {
        const rows = await read(ATTENDEE_EXPORT_BATCH, after);
        // quote_record_delimiter: a cell holding a bare LF or CR is quoted too (RFC 4180; COPY does it).
        if (rows.length > 0) yield Buffer.from(stringify(rows.map(csvRecord), { record_delimiter: 'windows', quote_record_delimiter: true }));
        if (rows.length < ATTENDEE_EXPORT_BATCH) return;
        after = rows[rows.length - 1]!.ticketId;
      }
    })(),
    { objectMode: false },
  );
}

/** One attendee as the export's cells, in column order (the TypeScript twin of {@link ATTENDEE_CSV_SELECT}). */
export function csvRecord(a: EventAttendee): (string | null)[] {
  return ATTENDEE_CSV_COLUMNS.map(({ key }) => {
    const value = a[key];
    if (value === null) return null;
    if (value instanceof Date) return value.toISOString();
    return defuse(value);
  });
}

function defuse(text: string): string | null {
  if (text === '') return null;
  return CSV_FORMULA_PREFIXES.includes(text[0]!) ? `'${text}` : text;
}
