import { text } from 'node:stream/consumers';
import { EventAttendeeFilter, TicketRepository, TicketStatus } from '@app/tickets';
import { parse } from 'csv-parse/sync';
import { TypeOrmTicketRepository } from '../../libs/infrastructure/src/persistence/tickets/typeorm-ticket.repository.js';
import { createEvent } from '../factories/events.js';
import { bookFreeTickets } from '../factories/tickets.js';
import { createAdmin, signUpCustomer } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/** Text a spreadsheet would run, quoting, line breaks, empty strings and non-ASCII, as stored holder names. */
const NAMES = [
  '=1+1',
  '+234',
  '-5',
  '@SUM(A1)',
  '\tTab',
  '\rCR first',
  '\uFF1Dfull-width',
  'Okafor, Ngozi "Zee"',
  'Line\nBreak',
  'Windows\r\nBreak',
  '"',
  '\\.',
  'naïve 😀',
  "O'Brien \\ back",
];

/**
 * The attendee CSV export's two paths, the server-side COPY (PostgreSQL) and the keyset batches
 * (the embedded database), give the same bytes for the same rows and filters.
 */
describe('attendee CSV export (integration)', () => {
  let t: TestApp;
  let repo: TypeOrmTicketRepository;
  let eventId: string;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
    repo = t.app.get(TicketRepository) as TypeOrmTicketRepository;
    const admin = await createAdmin(t);
    const ada = await signUpCustomer(t, { name: '=Ada' });
    const event = await createEvent(t, admin, { capacity: 40, startsInHours: 1, ticketTypes: [{ name: '@VIP', price: 0, quantity: 40, maxPerBooking: 40 }] });
    eventId = event.id;
    const tickets = await bookFreeTickets(t, ada, event, NAMES.length);
    for (const [i, name] of NAMES.entries()) await query(t, 'UPDATE tickets SET holder_name = $2 WHERE id = $1', [tickets[i]!.id, name]);
    // Empty strings (not NULL), a phone, a gate and a check-in time with microseconds.
    await query(t, `UPDATE tickets SET holder_email = '', holder_phone = '+2348012345678' WHERE id = $1`, [tickets[0]!.id]);
    await query(
      t,
      `UPDATE tickets SET status = 'checked_in', entries = 1, checked_in_at = '2026-12-01T10:00:00.999999Z', checked_in_gate = '-north "A"' WHERE id = $1`,
      [tickets[1]!.id],
    );
    await query(t, `UPDATE tickets SET status = 'cancelled' WHERE id = $1`, [tickets[2]!.id]);
    await query(t, `UPDATE bookings SET team_name = '＠team, x' WHERE id = $1`, [tickets[0]!.bookingId]);
  });
  afterAll(() => t.close());

  const exportCsv = async (filter: EventAttendeeFilter, via: 'copy' | 'batches') => text(await repo.exportAttendeesCsv(eventId, filter, via));

  it('writes RFC 4180 with CRLF records, defused formulas and ISO times (the batches path, on either database)', async () => {
    const csv = await exportCsv({}, 'batches');
    const [header, ...rows] = parse(csv, { relax_column_count: false }) as string[][];
    expect(header![3]).toBe('holder_name');
    expect(csv.endsWith('\r\n')).toBe(true);
    // A cell with a line break of any kind is quoted (a spreadsheet would start a row at a bare LF).
    expect(csv).toContain(',"Line\nBreak",');
    expect(csv).toContain(',"\'\rCR first",');
    const expected = NAMES.filter((_, i) => i !== 2).map((name) => (/^[=+\-@\t\r\uFF1D]/.test(name) ? `'${name}` : name));
    expect(rows.map((r) => r[3])).toEqual(expected);
    const first = rows[0]!;
    expect([first[4], first[5], first[6], first[9], first[12]]).toEqual(['', "'+2348012345678", "'@VIP", "'=Ada", "'＠team, x"]);
    expect([rows[1]![2], rows[1]![14], rows[1]![15]]).toEqual([TicketStatus.CheckedIn, '2026-12-01T10:00:00.999Z', '\'-north "A"']);
  });

  const onPostgres = process.env.DATABASE_URL ? it : it.skip;

  onPostgres('COPY gives byte for byte the file of the batches, for every filter (quotes and backslashes in a search included)', async () => {
    const filters: EventAttendeeFilter[] = [
      {},
      { status: TicketStatus.Cancelled },
      { q: 'break' },
      { q: "o'brien \\" },
      { q: "' OR 1=1 --" },
      { teamName: '＠TEAM, X' },
      { q: '%' },
    ];
    for (const filter of filters) {
      const [copy, batches] = [await exportCsv(filter, 'copy'), await exportCsv(filter, 'batches')];
      expect({ filter, copy }).toEqual({ filter, copy: batches });
    }
    expect((await exportCsv({ q: "' OR 1=1 --" }, 'copy')).split('\r\n')).toHaveLength(2); // the header only
  });
});
