import ICAL from 'ical.js';
import { buildIcsCalendar, escapeIcsText, foldIcsLine, formatIcsDateTime } from './ics.js';

/** RFC 5545 §3.1: a CRLF followed by one space or tab is removed when unfolding. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('iCalendar writer (RFC 5545)', () => {
  const event = {
    uid: 'booking-0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70@ticketing',
    stamp: new Date('2026-11-21T10:00:00.123Z'),
    start: new Date('2026-12-31T19:00:00Z'),
    end: new Date('2027-01-01T01:30:00Z'),
    summary: 'Jazz; Blues, and \\ Highlife\nNight',
    location: 'Muson Centre, Onikan, Lagos',
    description: 'Tickets: TKT-20261231-ABCD2345',
  };

  it('escapes backslash, semicolon, comma and line breaks in TEXT (§3.3.11) and drops control characters', () => {
    expect(escapeIcsText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(escapeIcsText('bell\u0007 tab\there')).toBe('bell tab\there');
  });

  it('writes DATE-TIME in UTC form (§3.3.5) and refuses invalid dates', () => {
    expect(formatIcsDateTime(new Date('2026-12-31T19:00:00.999Z'))).toBe('20261231T190000Z');
    expect(() => formatIcsDateTime(new Date('nope'))).toThrow(RangeError);
  });

  it('folds lines at 75 octets, never inside a UTF-8 character, and unfolds to the original (§3.1)', () => {
    const line = `SUMMARY:${'Ọ̀ṣun festival — Ẹ̀kọ́ 🎷 '.repeat(8)}`;
    const folded = foldIcsLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(3);
    for (const [i, part] of physical.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
      expect(part).not.toContain('\uFFFD');
      // Each physical line is valid UTF-8 on its own: no split surrogate pair or multi-byte sequence.
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
      expect(/[\uD800-\uDBFF]$/.test(part)).toBe(false);
    }
    expect(unfold(folded)).toBe(line);
    expect(foldIcsLine('SHORT:line')).toBe('SHORT:line');
    expect(foldIcsLine('X'.repeat(75))).toBe('X'.repeat(75));
    expect(foldIcsLine('X'.repeat(76))).toBe(`${'X'.repeat(75)}\r\n X`);
  });

  it('builds a VCALENDAR with CRLF line endings, a VEVENT with UID, DTSTAMP, UTC start and end', () => {
    const text = buildIcsCalendar([event], { prodId: '-//Ticketing API//Bookings//EN', method: 'PUBLISH' });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF anywhere
    const lines = unfold(text).split('\r\n');
    expect(lines.slice(0, 5)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Ticketing API//Bookings//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH']);
    expect(lines).toEqual(
      expect.arrayContaining([
        'BEGIN:VEVENT',
        `UID:${event.uid}`,
        'DTSTAMP:20261121T100000Z',
        'DTSTART:20261231T190000Z',
        'DTEND:20270101T013000Z',
        'SUMMARY:Jazz\\; Blues\\, and \\\\ Highlife\\nNight',
        'LOCATION:Muson Centre\\, Onikan\\, Lagos',
        'END:VEVENT',
      ]),
    );
  });

  it('is read back exactly by an independent parser (ical.js)', () => {
    const text = buildIcsCalendar([{ ...event, summary: `${event.summary} ${'long title '.repeat(10)}` }], { prodId: '-//T//T//EN' });
    const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
    const parsed = new ICAL.Event(vevent);
    expect(parsed.uid).toBe(event.uid);
    expect(parsed.summary).toBe(`${event.summary} ${'long title '.repeat(10)}`);
    expect(parsed.location).toBe(event.location);
    expect(parsed.startDate.toJSDate().toISOString()).toBe('2026-12-31T19:00:00.000Z');
    expect(parsed.endDate.toJSDate().toISOString()).toBe('2027-01-01T01:30:00.000Z');
    expect(parsed.startDate.zone?.tzid).toBe('UTC');
  });
});
