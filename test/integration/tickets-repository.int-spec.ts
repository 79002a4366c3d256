import { TransactionRunner } from '@app/shared';
import { CheckInRepository, IssueTicketsUseCase, TicketRepository, TicketsService, TicketStatus } from '@app/tickets';
import { BookingRepository } from '@app/bookings';
import { bookFreeTickets, createOpenEvent } from '../factories/tickets.js';
import { createAdmin, signUpCustomer, SignedInUser } from '../factories/users.js';
import { DatabaseContext } from '../../libs/infrastructure/src/persistence/database-context.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * The ticket repository methods later features call (event cancellation, refunds, transfers),
 * against the real database: each changes only `valid` tickets, atomically, and reports what changed.
 */
describe('TicketRepository (integration)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let ada: SignedInUser;
  let bob: SignedInUser;
  let repo: TicketRepository;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    ada = await signUpCustomer(t, { name: 'Ada' });
    bob = await signUpCustomer(t, { name: 'Bob' });
    repo = t.app.get(TicketRepository);
  });
  afterAll(() => t.close());

  const statuses = async (bookingId: string) => (await repo.listByBooking(bookingId)).map((x) => x.status);

  it('cancelValidOfBooking cancels only valid tickets of that booking', async () => {
    const event = await createOpenEvent(t, admin);
    const mine = await bookFreeTickets(t, ada, event, 3);
    const other = await bookFreeTickets(t, bob, event, 1);
    await query(t, `UPDATE tickets SET status = 'checked_in', checked_in_at = now(), entries = 1 WHERE id = $1`, [mine[0]!.id]);
    const cancelled = await repo.cancelValidOfBooking(mine[0]!.bookingId);
    expect(cancelled.map((x) => x.seq)).toEqual([2, 3]);
    expect(await statuses(mine[0]!.bookingId)).toEqual([TicketStatus.CheckedIn, TicketStatus.Cancelled, TicketStatus.Cancelled]);
    expect(await statuses(other[0]!.bookingId)).toEqual([TicketStatus.Valid]);
    expect(await repo.cancelValidOfBooking(mine[0]!.bookingId)).toEqual([]);
  });

  it('markRefunded refunds chosen valid tickets (or all valid ones), never checked-in ones', async () => {
    const event = await createOpenEvent(t, admin);
    const tickets = await bookFreeTickets(t, ada, event, 4);
    const bookingId = tickets[0]!.bookingId;
    await query(t, `UPDATE tickets SET status = 'checked_in', checked_in_at = now(), entries = 1 WHERE id = $1`, [tickets[0]!.id]);
    expect((await repo.markRefunded(bookingId, [tickets[0]!.id, tickets[1]!.id])).map((x) => x.id)).toEqual([tickets[1]!.id]);
    expect((await repo.markRefunded(bookingId)).map((x) => x.seq)).toEqual([3, 4]);
    expect(await statuses(bookingId)).toEqual(['checked_in', 'refunded', 'refunded', 'refunded']);
    const foreign = await bookFreeTickets(t, bob, event, 1);
    expect(await repo.markRefunded(bookingId, [foreign[0]!.id])).toEqual([]); // another booking's ticket is untouched
  });

  it('reissue voids the ticket and issues its replacement atomically, once; a non-valid ticket is refused', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const service = t.app.get(TicketsService);
    const first = await service.reissue(ticket!.id, {
      id: '0193b8c2-7d1e-7c4a-9f1e-00000000abcd',
      userId: bob.id,
      holderName: 'Bob',
      holderEmail: 'bob@example.com',
    });
    expect(first.previous).toMatchObject({ id: ticket!.id, status: 'transferred', replacedByTicketId: first.issued.id });
    expect(first.issued).toMatchObject({
      status: 'valid',
      version: 2,
      seq: 1,
      userId: bob.id,
      holderEmail: 'bob@example.com',
      replacesTicketId: ticket!.id,
      bookingId: ticket!.bookingId,
    });
    await expect(
      service.reissue(ticket!.id, { id: '0193b8c2-7d1e-7c4a-9f1e-00000000abce', userId: bob.id, holderName: 'Bob', holderEmail: null }),
    ).rejects.toMatchObject({ code: 'invalid_ticket_state' });
    // Concurrent reissues of one ticket: exactly one wins.
    const tx = t.app.get(TransactionRunner);
    const ids = ['0193b8c2-7d1e-7c4a-9f1e-0000000000a1', '0193b8c2-7d1e-7c4a-9f1e-0000000000a2', '0193b8c2-7d1e-7c4a-9f1e-0000000000a3'];
    const outcomes = await Promise.allSettled(
      ids.map((id) => tx.run(() => service.reissue(first.issued.id, { id, userId: ada.id, holderName: 'Ada', holderEmail: null }))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rows = await query<{ status: string }>(t, 'SELECT status FROM tickets WHERE booking_id = $1', [ticket!.bookingId]);
    expect(rows.map((r) => r.status).sort()).toEqual(['transferred', 'transferred', 'valid']);
  });

  it("attendance reads only the event's tickets, through an index (never a scan of every ticket)", async () => {
    const event = await createOpenEvent(t, admin, {
      ticketTypes: [
        { name: 'A', price: 0, quantity: 10 },
        { name: 'B', price: 0, quantity: 10 },
      ],
    });
    await bookFreeTickets(t, ada, event, 2);
    const db = t.app.get(DatabaseContext);
    const spy = jest.spyOn(db, 'sql');
    let statements: [string, unknown[] | undefined][];
    try {
      const attendance = await t.app.get(CheckInRepository).attendance(event.id);
      expect(attendance).toMatchObject({ valid: 2, checkedIn: 0, notYetIn: 2 });
      statements = spy.mock.calls.map(([text, params]) => [text, params]);
    } finally {
      spy.mockRestore();
    }
    expect(statements.length).toBeGreaterThan(0);
    const scanned: string[] = [];
    const walk = (node: Record<string, unknown>) => {
      if (node['Node Type'] === 'Seq Scan') scanned.push(String(node['Relation Name']));
      for (const child of (node['Plans'] as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    await t.app.get(TransactionRunner).run(async () => {
      // The tables are tiny here: forbid sequential scans wherever an index could serve, then look.
      await db.sql('SET LOCAL enable_seqscan = off');
      for (const [text, params] of statements) {
        const { rows } = await db.sql<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>(`EXPLAIN (FORMAT JSON) ${text}`, params);
        walk(rows[0]!['QUERY PLAN'][0].Plan);
      }
    });
    expect(scanned).not.toContain('tickets');
  });

  it('issuing twice for one booking issues nothing new', async () => {
    const event = await createOpenEvent(t, admin);
    const tickets = await bookFreeTickets(t, ada, event, 2);
    const booking = await t.app.get(BookingRepository).findById(tickets[0]!.bookingId);
    const again = await t.app.get(IssueTicketsUseCase).execute(booking!);
    expect(again.map((x) => x.id)).toEqual(tickets.map((x) => x.id));
    // The seat constraint backs it up: a second original ticket for seat 1 is refused.
    await expect(
      repo.insert(
        [
          {
            id: '0193b8c2-7d1e-7c4a-9f1e-0000000000b1',
            bookingId: booking!.id,
            eventId: event.id,
            ticketTypeId: tickets[0]!.ticketTypeId,
            userId: ada.id,
            holderName: 'X',
            holderEmail: null,
            seq: 1,
          },
        ],
        () => 'TKT-20260101-00000000',
      ),
    ).rejects.toThrow();
  });

  it('a code collision is retried with a fresh code', async () => {
    const event = await createOpenEvent(t, admin);
    const [existing] = await bookFreeTickets(t, ada, event, 1);
    const codes = [existing!.code, existing!.code, 'TKT-20260101-ABCDEFGH'];
    const [inserted] = await repo.insert(
      [
        {
          id: '0193b8c2-7d1e-7c4a-9f1e-0000000000c1',
          bookingId: existing!.bookingId,
          eventId: event.id,
          ticketTypeId: existing!.ticketTypeId,
          userId: ada.id,
          holderName: 'Y',
          holderEmail: null,
          seq: 2,
        },
      ],
      () => codes.shift()!,
    );
    expect(inserted!.code).toBe('TKT-20260101-ABCDEFGH');
  });
});
