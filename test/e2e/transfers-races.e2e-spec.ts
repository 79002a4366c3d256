import { setTimeout as sleep } from 'node:timers/promises';
import { Role } from '@app/shared';
import { bookFreeTickets, createOpenEvent, scan, TicketBody } from '../factories/tickets.js';
import { decideTransfer, offerTransfer, TransferBody } from '../factories/transfers.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';
import { JobScheduler } from '../../apps/api/src/jobs/job-scheduler.js';

const ROUNDS = 10;

/**
 * Transfers racing over real HTTP (on PostgreSQL, truly concurrent transactions): accept against
 * cancel, concurrent offers of one ticket, concurrent accepts, accept against a check-in. Exactly
 * one wins each race and the ticket's state matches the winner.
 */
describe('transfer races (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let scanner: SignedInUser;
  let ada: SignedInUser;
  let grace: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
    admin = await createAdmin(t);
    scanner = await createUser(t, [Role.Scanner]);
    ada = await signUpCustomer(t, { name: 'Ada Lovelace' });
    grace = await signUpCustomer(t, { name: 'Grace Hopper' });
  });
  afterAll(() => t.close());

  const ticketsOfSeat = (bookingId: string, seq: number) =>
    query<{ id: string; status: string; user_id: string; version: number; replaces_ticket_id: string | null }>(
      t,
      'SELECT id, status, user_id, version, replaces_ticket_id FROM tickets WHERE booking_id = $1 AND seq = $2 ORDER BY version',
      [bookingId, seq],
    );

  it(`accept racing cancel, ${ROUNDS} transfers at once: exactly one of each pair succeeds, the other gets 409, and the ticket matches the winner`, async () => {
    const event = await createOpenEvent(t, admin);
    const tickets = await bookFreeTickets(t, ada, event, ROUNDS);
    const transfers: TransferBody[] = [];
    for (const ticket of tickets) transfers.push((await offerTransfer(t, ada, { ticketId: ticket.id, toEmail: grace.email }).expect(201)).body);

    const results = await Promise.all(transfers.map((tr) => Promise.all([decideTransfer(t, grace, tr.id, 'accept'), decideTransfer(t, ada, tr.id, 'cancel')])));
    let accepts = 0;
    for (const [i, [accept, cancel]] of results.entries()) {
      expect([accept.status, cancel.status].sort()).toEqual([200, 409]);
      const loser = accept.status === 409 ? accept : cancel;
      expect(loser.body).toMatchObject({ code: 'transfer_not_pending', transferStatus: accept.status === 200 ? 'accepted' : 'cancelled' });
      const ticket = tickets[i]!;
      const seat = await ticketsOfSeat(ticket.bookingId, ticket.seq);
      const [row] = await query<{ status: string; new_ticket_id: string | null }>(t, 'SELECT status, new_ticket_id FROM transfers WHERE id = $1', [
        transfers[i]!.id,
      ]);
      if (accept.status === 200) {
        accepts++;
        expect(row).toEqual({ status: 'accepted', new_ticket_id: accept.body.newTicketId });
        expect(seat).toEqual([
          { id: ticket.id, status: 'transferred', user_id: ada.id, version: 1, replaces_ticket_id: null },
          { id: accept.body.newTicketId, status: 'valid', user_id: grace.id, version: 2, replaces_ticket_id: ticket.id },
        ]);
      } else {
        expect(row).toEqual({ status: 'cancelled', new_ticket_id: null });
        expect(seat).toEqual([{ id: ticket.id, status: 'valid', user_id: ada.id, version: 1, replaces_ticket_id: null }]);
      }
    }
    // One transfer-accepted e-mail per accepted transfer, none for the cancelled ones.
    const mails = await query<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'transfer-accepted' AND dedupe_key = ANY($1::varchar[])`,
      [transfers.map((tr) => `transfer-accepted:${tr.id}`)],
    );
    expect(mails[0]!.n).toBe(accepts);
  });

  it('10 concurrent offers of one ticket: exactly one 201, the others 409 transfer_already_pending (the partial unique index decides)', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const recipients = Array.from({ length: 10 }, (_, i) => `friend-${i}-${ticket!.id.slice(-8)}@example.com`);
    const results = await Promise.all(recipients.map((toEmail) => offerTransfer(t, ada, { ticketId: ticket!.id, toEmail })));
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(r.body).toMatchObject({ code: 'transfer_already_pending', pendingTransferId: created[0]!.body.id });
    expect(await query(t, `SELECT id, to_email FROM transfers WHERE ticket_id = $1`, [ticket!.id])).toEqual([
      { id: created[0]!.body.id, to_email: created[0]!.body.toEmail },
    ]);
    const [{ n }] = await query<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'transfer-offered' AND "to" = ANY($1::varchar[])`,
      [recipients],
    );
    expect(n).toBe(1);
  });

  it('5 concurrent accepts of one transfer: one 200 and one new ticket; the others 409', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const { body: transfer } = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }).expect(201);
    const results = await Promise.all(Array.from({ length: 5 }, () => decideTransfer(t, grace, transfer.id, 'accept')));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ code: 'transfer_not_pending', transferStatus: 'accepted' });
    expect((await ticketsOfSeat(ticket!.bookingId, ticket!.seq)).map((x) => x.status)).toEqual(['transferred', 'valid']);
  });

  it(`accept racing the event's cancellation, ${ROUNDS} transfers: each accept wins (its new ticket is then cancelled with the booking) or gets 409 event_cancelled; no valid ticket escapes`, async () => {
    const event = await createOpenEvent(t, admin);
    // One booking per ticket: the cancellation handles them one transaction each, a wide window to race in.
    const tickets: TicketBody[] = [];
    for (let i = 0; i < ROUNDS; i++) tickets.push(...(await bookFreeTickets(t, ada, event, 1)));
    const transfers: TransferBody[] = [];
    for (const ticket of tickets) transfers.push((await offerTransfer(t, ada, { ticketId: ticket.id, toEmail: grace.email }).expect(201)).body);

    // Accepts every 30 ms; the cancellation starts after the first ones, so accepts land before its
    // status change, with it, and while its booking pass runs (the window the race lived in).
    const [cancel, ...accepts] = await Promise.all([
      sleep(45).then(() => t.http().post(`/api/v1/events/${event.id}/cancel`).set(admin.auth).send()),
      ...transfers.map((tr, i) => sleep(i * 30).then(() => decideTransfer(t, grace, tr.id, 'accept'))),
    ]);
    expect(cancel.status).toBe(200);
    for (const accept of accepts) {
      if (accept.status !== 200) expect(accept.body).toMatchObject({ status: 409, code: 'event_cancelled' });
    }
    // Every accept that succeeded committed before the status change: it began (decided_at, the
    // database's clock) before the cancellation's audit entry was made, right after that change.
    const [audit] = await query<{ id: string }>(t, `SELECT id FROM audit_logs WHERE action = 'event.cancelled' AND entity_id = $1`, [event.id]);
    const cancelledAtMs = parseInt(audit!.id.replace(/-/g, '').slice(0, 12), 16); // UUIDv7: its first 48 bits are Unix ms
    const decided = await query<{ ms: string }>(
      t,
      `SELECT floor(extract(epoch FROM decided_at) * 1000) AS ms FROM transfers WHERE event_id = $1 AND status = 'accepted'`,
      [event.id],
    );
    expect(decided).toHaveLength(accepts.filter((a) => a.status === 200).length);
    for (const { ms } of decided) expect(Number(ms)).toBeLessThanOrEqual(cancelledAtMs);
    // The cancellation answered once it had handled every booking: a ticket issued by an accept it
    // raced with was cancelled too (none left for the job), and every booking is cancelled.
    expect(await query(t, `SELECT id FROM tickets WHERE event_id = $1 AND status = 'valid'`, [event.id])).toEqual([]);
    expect(await query(t, `SELECT DISTINCT status FROM bookings WHERE event_id = $1`, [event.id])).toEqual([{ status: 'cancelled' }]);
    for (const [i, accept] of accepts.entries()) {
      const seat = await ticketsOfSeat(tickets[i]!.bookingId, tickets[i]!.seq);
      if (accept.status === 200) {
        expect(seat).toEqual([
          { id: tickets[i]!.id, status: 'transferred', user_id: ada.id, version: 1, replaces_ticket_id: null },
          { id: accept.body.newTicketId, status: 'cancelled', user_id: grace.id, version: 2, replaces_ticket_id: tickets[i]!.id },
        ]);
      } else {
        expect(seat).toEqual([{ id: tickets[i]!.id, status: 'cancelled', user_id: ada.id, version: 1, replaces_ticket_id: null }]);
        const [row] = await query<{ status: string; new_ticket_id: string | null }>(t, 'SELECT status, new_ticket_id FROM transfers WHERE id = $1', [
          transfers[i]!.id,
        ]);
        expect(row!.new_ticket_id).toBeNull();
        expect(row!.status).toBe('cancelled'); // withdrawn with the event's status change
      }
    }
    expect(await t.app.get(JobScheduler).runNow('event-cancellations')).toBe(0);
  });

  it(`accept racing a check-in of the old ticket, ${ROUNDS} times: either the scan is ok and the accept 409, or the accept wins and the scan says transferred`, async () => {
    const event = await createOpenEvent(t, admin);
    const tickets = await bookFreeTickets(t, ada, event, ROUNDS);
    const transfers: TransferBody[] = [];
    for (const ticket of tickets) transfers.push((await offerTransfer(t, ada, { ticketId: ticket.id, toEmail: grace.email }).expect(201)).body);
    const results = await Promise.all(
      // Every other scan starts a little after its accept (a scan is the shorter transaction), so both orders happen.
      transfers.map((tr, i) => {
        const checkIn = () => scan(t, scanner, { eventId: event.id, code: tickets[i]!.qrPayload });
        return Promise.all([decideTransfer(t, grace, tr.id, 'accept'), i % 2 ? sleep(5).then(checkIn) : checkIn()]);
      }),
    );
    for (const [i, [accept, checkIn]] of results.entries()) {
      const seat = await ticketsOfSeat(tickets[i]!.bookingId, tickets[i]!.seq);
      if (accept.status === 200) {
        expect(checkIn.body.result).toBe('transferred');
        expect(seat.map((x) => x.status)).toEqual(['transferred', 'valid']);
      } else {
        expect(accept.status).toBe(409);
        expect(accept.body).toMatchObject({ code: 'ticket_not_transferable', ticketStatus: 'checked_in' });
        expect(checkIn.body.result).toBe('ok');
        expect(seat.map((x) => x.status)).toEqual(['checked_in']);
        const [row] = await query<{ status: string }>(t, 'SELECT status FROM transfers WHERE id = $1', [transfers[i]!.id]);
        expect(row!.status).toBe('pending');
      }
    }
  });
});
