import { ValidationFailedError } from './domain-error.js';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

describe('keyset pagination', () => {
  const id = '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70';

  it('round-trips a cursor and keeps it opaque', () => {
    const cursor = encodeCursor(id);
    expect(cursor).not.toContain(id);
    expect(decodeCursor(cursor)).toBe(id);
  });

  it.each(['', 'zzz', encodeCursor('not-a-uuid'), Buffer.from("1' OR '1'='1").toString('base64url')])('refuses a malformed cursor %p', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(ValidationFailedError);
  });

  it('uses the extra row only to say that more exist', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(toPage(rows, 2)).toEqual({ data: [{ id: 'a' }, { id: 'b' }], nextCursor: encodeCursor('b') });
    expect(toPage(rows, 3)).toEqual({ data: rows, nextCursor: null });
    expect(toPage([], 3)).toEqual({ data: [], nextCursor: null });
  });

  it('takes the cursor from another key when told', () => {
    const rows = [{ ticketId: 'a' }, { ticketId: 'b' }];
    expect(toPage(rows, 1, (r) => r.ticketId)).toEqual({ data: [{ ticketId: 'a' }], nextCursor: encodeCursor('a') });
    expect(toPage(rows, 2, (r) => r.ticketId)).toEqual({ data: rows, nextCursor: null });
  });
});
