import { CODE_ALPHABET, codeDate, generateTicketCode, normalizeTicketCode } from './ticket-code.js';

describe('human ticket codes', () => {
  it('are TKT-YYYYMMDD-XXXXXXXX from the unambiguous alphabet', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateTicketCode('20261231')));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^TKT-20261231-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('use every character of the alphabet (no bias towards a subset)', () => {
    const seen = new Set(Array.from({ length: 500 }, () => generateTicketCode('20260101').slice(13)).join(''));
    expect(seen.size).toBe(32);
  });

  it('carry the event date in the event time zone', () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Lagos (UTC+1), still 31 Dec in New York.
    const startsAt = new Date('2026-12-31T23:30:00.000Z');
    expect(codeDate(startsAt, 'Africa/Lagos')).toBe('20270101');
    expect(codeDate(startsAt, 'America/New_York')).toBe('20261231');
    expect(codeDate(startsAt, 'UTC')).toBe('20261231');
  });

  it.each([
    ['TKT-20261231-7K3QX9MZ', 'TKT-20261231-7K3QX9MZ'],
    ['tkt-20261231-7k3qx9mz', 'TKT-20261231-7K3QX9MZ'],
    ['TKT202612317K3QX9MZ', 'TKT-20261231-7K3QX9MZ'],
    [' tkt 2026 1231 7k3q x9mz ', 'TKT-20261231-7K3QX9MZ'],
    ['TKT-20261231-OILO0110', 'TKT-20261231-01100110'],
  ])('normalises %p to %p', (input, expected) => {
    expect(normalizeTicketCode(input)).toBe(expected);
  });

  it.each(['', 'TKT-2026123-7K3QX9MZ', 'TKT-20261231-7K3QX9M', 'TKT-20261231-7K3QX9MU', 'ABC-20261231-7K3QX9MZ', 'T1.AAAA.BBBB'])('refuses %p', (input) => {
    expect(normalizeTicketCode(input)).toBeNull();
  });
});
