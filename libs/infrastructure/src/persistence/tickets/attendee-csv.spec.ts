import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { TicketStatus } from '@app/tickets';
import { batchedCsv, CrlfRecords, csvRecord, inlineParams } from './attendee-csv.js';

/** What PostgreSQL's COPY … (FORMAT csv) writes for three records, the middle one with quoted line breaks and quotes. */
const COPY_OUTPUT = 'a,b\n"x\ny","say ""hi""\n"\nplain,""\n';
const CRLF_OUTPUT = 'a,b\r\n"x\ny","say ""hi""\n"\r\nplain,""\r\n';

async function throughCrlf(chunks: Buffer[]): Promise<string> {
  return text(Readable.from(chunks).pipe(new CrlfRecords()));
}

describe('CrlfRecords', () => {
  it('ends records with CRLF and leaves line breaks inside quoted cells alone', async () => {
    expect(await throughCrlf([Buffer.from(COPY_OUTPUT)])).toBe(CRLF_OUTPUT);
  });

  it('gives the same bytes wherever the input is cut into chunks (quote state carries over)', async () => {
    const bytes = Buffer.from(COPY_OUTPUT);
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b++) {
        const chunks = [bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)].filter((c) => c.length > 0);
        expect({ a, b, out: await throughCrlf(chunks) }).toEqual({ a, b, out: CRLF_OUTPUT });
      }
    }
  });

  it('keeps multi-byte UTF-8 intact across a chunk cut', async () => {
    const bytes = Buffer.from('naïve,😀\n"é\n",x\n');
    const cut = bytes.indexOf(Buffer.from('😀')) + 2;
    expect(await throughCrlf([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe('naïve,😀\r\n"é\n",x\r\n');
  });
});

describe('inlineParams', () => {
  it('replaces each $n with an escaped literal, once (no re-scan of inserted text)', () => {
    expect(
      inlineParams('a = $1 AND b = ANY($2::varchar[]) AND c ILIKE $3 AND d = $10', ["it's", ['valid', 'checked_in'], '%$2\\%', 7, 0, 0, 0, 0, 0, 'ten']),
    ).toBe("a = 'it''s' AND b = ANY(ARRAY['valid', 'checked_in']::text[]::varchar[]) AND c ILIKE  E'%$2\\\\%' AND d = 'ten'");
  });

  it('refuses a missing parameter or a value it cannot write as a literal', () => {
    expect(() => inlineParams('a = $2', ['x'])).toThrow(RangeError);
    expect(() => inlineParams('a = $1', [{}])).toThrow(TypeError);
  });
});

describe('csvRecord and batchedCsv (the embedded database path)', () => {
  const attendee = (over: Partial<Parameters<typeof csvRecord>[0]> = {}) => ({
    ticketId: '0193b8c2-7d1e-7c4a-9f1e-000000000001',
    code: 'TKT-20261231-7K3QX9MZ',
    status: TicketStatus.Valid,
    holderName: 'Ada',
    holderEmail: null,
    holderPhone: '+2348012345678',
    ticketTypeId: '0193b8c2-7d1e-7c4a-9f1e-000000000002',
    ticketTypeName: 'GA',
    bookingId: '0193b8c2-7d1e-7c4a-9f1e-000000000003',
    buyerName: '=cmd',
    buyerEmail: 'ada@example.com',
    buyerPhone: null,
    teamName: '',
    issuedAt: new Date('2026-12-01T10:00:00.123Z'),
    checkedInAt: null,
    checkedInGate: '\uFF20gate',
    ...over,
  });

  it('writes times as ISO UTC, none and empty as nothing, and prefixes formula-looking text with a quote', () => {
    expect(csvRecord(attendee())).toEqual([
      '0193b8c2-7d1e-7c4a-9f1e-000000000001',
      'TKT-20261231-7K3QX9MZ',
      'valid',
      'Ada',
      null,
      "'+2348012345678",
      'GA',
      '0193b8c2-7d1e-7c4a-9f1e-000000000002',
      '0193b8c2-7d1e-7c4a-9f1e-000000000003',
      "'=cmd",
      'ada@example.com',
      null,
      null,
      '2026-12-01T10:00:00.123Z',
      null,
      "'\uFF20gate",
    ]);
  });

  it('reads batch after batch by keyset until a short one, header first, even for no rows', async () => {
    const calls: (string | undefined)[] = [];
    const rows = Array.from({ length: 1500 }, (_, i) => attendee({ ticketId: `id-${String(i).padStart(4, '0')}` }));
    const csv = await text(
      batchedCsv(async (limit, after) => {
        calls.push(after);
        const from = after ? rows.findIndex((r) => r.ticketId === after) + 1 : 0;
        return rows.slice(from, from + limit);
      }),
    );
    expect(calls).toEqual([undefined, 'id-0999']);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'ticket_id,code,status,holder_name,holder_email,holder_phone,ticket_type,ticket_type_id,booking_id,buyer_name,buyer_email,buyer_phone,team_name,issued_at,checked_in_at,checked_in_gate',
    );
    expect(lines).toHaveLength(1 + 1500 + 1);
    expect(await text(batchedCsv(async () => []))).toBe(`${lines[0]}\r\n`);
  });
});
