import { parseDateTime } from './date-time.js';

describe('parseDateTime', () => {
  it('reads RFC 3339 date-times with Z or a numeric offset as that instant', () => {
    expect(parseDateTime('2026-12-31T19:00:00Z')?.toISOString()).toBe('2026-12-31T19:00:00.000Z');
    expect(parseDateTime('2026-12-31T19:00:00.5Z')?.toISOString()).toBe('2026-12-31T19:00:00.500Z');
    expect(parseDateTime('2026-12-31T19:00:00.123456789Z')?.toISOString()).toBe('2026-12-31T19:00:00.123Z');
    expect(parseDateTime('2026-12-31T20:30:00+01:30')?.toISOString()).toBe('2026-12-31T19:00:00.000Z');
    expect(parseDateTime('2026-12-31T11:00:00-08:00')?.toISOString()).toBe('2026-12-31T19:00:00.000Z');
    expect(parseDateTime('2027-01-01T00:00:00+05:00')?.toISOString()).toBe('2026-12-31T19:00:00.000Z');
    expect(parseDateTime('2026-12-31t19:00:00z')?.toISOString()).toBe('2026-12-31T19:00:00.000Z');
    expect(parseDateTime('2028-02-29T00:00:00Z')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(parseDateTime('0099-06-01T00:00:00Z')?.getUTCFullYear()).toBe(99);
  });

  it.each([
    '2026-W01-1', // week date
    '2026-365', // ordinal date
    '20261231', // basic format
    '20261231T190000Z',
    '2026-12-31', // date only
    '2026-12-31T19', // reduced precision
    '2026-12-31T19:00Z',
    '2026-12-31T19:00:00', // no offset: would be server-local time
    '2026-12-31 19:00:00Z',
    '2026-12-31T19:00:00+0100',
    '2026-12-31T19:00:00+01',
    '2026-02-29T00:00:00Z', // not a leap year
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-12-00T00:00:00Z',
    '2026-12-31T24:00:00Z',
    '2026-12-31T23:60:00Z',
    '2026-12-31T23:59:60Z', // leap second: not representable
    '2026-12-31T19:00:00+24:00',
    '2026-12-31T19:00:00.Z',
    ' 2026-12-31T19:00:00Z',
    'tomorrow',
    '',
  ])('refuses %p', (value) => {
    expect(parseDateTime(value)).toBeNull();
  });
});
