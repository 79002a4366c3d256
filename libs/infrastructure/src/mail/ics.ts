/**
 * A small iCalendar writer (RFC 5545) for the one thing we send: a single VEVENT with UTC times.
 * It follows the RFC where clients are strict: CRLF line endings (§3.1), lines folded at 75 octets
 * without splitting a UTF-8 sequence (§3.1), TEXT values escaped (§3.3.11), DATE-TIME in UTC
 * form `19980119T070000Z` (§3.3.5), and the properties every VEVENT needs: UID and DTSTAMP
 * (§3.6.1, §3.8.4.7, §3.8.7.2).
 */

/** One event. All instants are UTC. */
export interface IcsEvent {
  /** Globally unique and stable across re-sends, e.g. `booking-<uuid>@ticketing`. */
  uid: string;
  /** When this calendar object was created (DTSTAMP). */
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  location?: string;
  description?: string;
}

export interface IcsCalendarOptions {
  /** PRODID (§3.7.3): `-//Vendor//Product//EN`. */
  prodId: string;
  /** METHOD (RFC 5546): `PUBLISH` for an event sent for information. */
  method?: 'PUBLISH';
}

const CRLF = '\r\n';
/** Control characters other than HTAB (§3.3.11 allows none of them in TEXT); line breaks are escaped before. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\x00-\x08\x0a-\x1f\x7f]/g;
const MAX_OCTETS = 75;

/**
 * Escapes a TEXT value (§3.3.11): `\` `;` `,` are backslash-escaped, any line break becomes `\n`,
 * and other control characters (not allowed in TEXT) are dropped.
 */
export function escapeIcsText(value: string): string {
  return value
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(CONTROL_CHARACTERS, '');
}

/** DATE-TIME in UTC form (§3.3.5, FORM #2): `20261231T190000Z` (seconds precision). */
export function formatIcsDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid date for an iCalendar DATE-TIME');
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Folds one content line (§3.1): at most 75 octets per physical line, continuation lines start
 * with one space (which counts), and a multi-octet UTF-8 character is never split.
 */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/**
 * A VCALENDAR holding the given events, as a string with CRLF line endings (ending in CRLF).
 * @throws RangeError when a date is invalid.
 */
export function buildIcsCalendar(events: IcsEvent[], options: IcsCalendarOptions): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${escapeIcsText(options.prodId)}`, 'CALSCALE:GREGORIAN'];
  if (options.method) lines.push(`METHOD:${options.method}`);
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeIcsText(event.uid)}`,
      `DTSTAMP:${formatIcsDateTime(event.stamp)}`,
      `DTSTART:${formatIcsDateTime(event.start)}`,
      `DTEND:${formatIcsDateTime(event.end)}`,
      `SUMMARY:${escapeIcsText(event.summary)}`,
    );
    if (event.location) lines.push(`LOCATION:${escapeIcsText(event.location)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeIcsText(event.description)}`);
    lines.push('STATUS:CONFIRMED', 'TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
