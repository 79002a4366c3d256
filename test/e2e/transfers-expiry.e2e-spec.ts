import { setTimeout as sleep } from 'node:timers/promises';
import { expireTransfers } from '../factories/clock.js';
import { bookFreeTickets, createOpenEvent } from '../factories/tickets.js';
import { decideTransfer, listTransfers, offerTransfer, TransferBody } from '../factories/transfers.js';
import { createAdmin, signUpCustomer, SignedInUser } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';
import { JobScheduler } from '../../apps/api/src/jobs/job-scheduler.js';

/** TRANSFER_EXPIRY_HOURS = 0.0005: offers lapse after 1.8 s. */
const EXPIRY_MS = 0.0005 * 3600_000;

/** Offers lapse: they read `expired` at once, cannot be decided, and the expire-transfers job marks them, exactly once. */
describe('transfer expiry (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let ada: SignedInUser;
  let grace: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false', TRANSFER_EXPIRY_HOURS: '0.0005' });
    admin = await createAdmin(t);
    ada = await signUpCustomer(t, { name: 'Ada Lovelace' });
    grace = await signUpCustomer(t, { name: 'Grace Hopper' });
  });
  afterAll(() => t.close());

  it('an offer lapses after TRANSFER_EXPIRY_HOURS: it reads expired, cannot be accepted, rejected or cancelled, the job marks it once, and the ticket can be offered again', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket, other] = await bookFreeTickets(t, ada, event, 2);
    const before = Date.now();
    const { body: transfer } = (await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }).expect(201)) as { body: TransferBody };
    const lifetime = Date.parse(transfer.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(EXPIRY_MS - 1000);
    expect(lifetime).toBeLessThanOrEqual(EXPIRY_MS + 1000);
    // One still pending, for contrast (offered later).
    await sleep(Math.max(0, Date.parse(transfer.expiresAt) - Date.now()) + 200);
    const { body: fresh } = await offerTransfer(t, ada, { ticketId: other!.id, toEmail: grace.email }).expect(201);
    // Keep the contrast robust on a slow machine: this one stays open for an hour.
    await query(t, `UPDATE transfers SET expires_at = now() + interval '1 hour' WHERE id = $1`, [fresh.id]);

    // Past expiresAt, before the job: it reads expired and cannot be decided.
    expect((await t.http().get(`/api/v1/transfers/${transfer.id}`).set(grace.auth).expect(200)).body.status).toBe('expired');
    expect((await listTransfers(t, grace, { status: 'expired' }).expect(200)).body.data.map((x: TransferBody) => x.id)).toEqual([transfer.id]);
    expect((await listTransfers(t, grace, { status: 'pending' }).expect(200)).body.data.map((x: TransferBody) => x.id)).toEqual([fresh.id]);
    for (const [user, action] of [
      [grace, 'accept'],
      [grace, 'reject'],
      [ada, 'cancel'],
    ] as const) {
      expect((await decideTransfer(t, user, transfer.id, action).expect(409)).body).toMatchObject({ code: 'transfer_not_pending', transferStatus: 'expired' });
    }
    expect((await query<{ status: string }>(t, 'SELECT status FROM tickets WHERE id = $1', [ticket!.id]))[0]!.status).toBe('valid');

    // The job marks exactly the lapsed one, once.
    const jobs = t.app.get(JobScheduler);
    expect(await jobs.runNow('expire-transfers')).toBe(1);
    expect(await jobs.runNow('expire-transfers')).toBe(0);
    const rows = await query<{ id: string; status: string; decided_at: Date | null; decided_by: string | null }>(
      t,
      'SELECT id, status, decided_at, decided_by FROM transfers WHERE id = ANY($1::uuid[]) ORDER BY id',
      [[transfer.id, fresh.id]],
    );
    expect(rows.map((r) => [r.id, r.status, r.decided_at !== null, r.decided_by])).toEqual([
      [transfer.id, 'expired', true, null],
      [fresh.id, 'pending', false, null],
    ]);

    // The lapsed offer no longer blocks the ticket (withdrawn again at once, so it does not lapse into the next test).
    const { body: again } = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }).expect(201);
    await decideTransfer(t, ada, again.id, 'cancel').expect(200);
    // The pending one is still accepted in time.
    await decideTransfer(t, grace, fresh.id, 'accept').expect(200);
  });

  it('a lapsed offer the job has not swept yet does not block a new offer of the ticket: the offer expires it first (also under concurrent offers)', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const { body: lapsed } = (await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }).expect(201)) as { body: TransferBody };
    expect(await expireTransfers(t, [lapsed.id])).toBe(1); // lapsed (the real lapse is the first test's subject)
    // No job ran: the row is still stored pending, though it reads expired and cannot be cancelled.
    expect(await query(t, 'SELECT status FROM transfers WHERE id = $1', [lapsed.id])).toEqual([{ status: 'pending' }]);
    expect((await t.http().get(`/api/v1/transfers/${lapsed.id}`).set(ada.auth).expect(200)).body.status).toBe('expired');
    expect((await decideTransfer(t, ada, lapsed.id, 'cancel').expect(409)).body).toMatchObject({ code: 'transfer_not_pending', transferStatus: 'expired' });

    // Five offers at once: the lapsed one is expired once, exactly one new offer wins.
    const recipients = Array.from({ length: 5 }, (_, i) => `again-${i}-${ticket!.id.slice(-8)}@example.com`);
    const results = await Promise.all(recipients.map((toEmail) => offerTransfer(t, ada, { ticketId: ticket!.id, toEmail })));
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201))
      expect(r.body).toMatchObject({ status: 409, code: 'transfer_already_pending', pendingTransferId: created[0]!.body.id });
    const rows = await query<{ id: string; status: string; decided: boolean; decided_by: string | null }>(
      t,
      'SELECT id, status, decided_at IS NOT NULL AS decided, decided_by FROM transfers WHERE ticket_id = $1 ORDER BY id',
      [ticket!.id],
    );
    expect(rows).toEqual([
      { id: lapsed.id, status: 'expired', decided: true, decided_by: null },
      { id: created[0]!.body.id, status: 'pending', decided: false, decided_by: null },
    ]);
    // The job has nothing left to sweep for this ticket; the new offer can be withdrawn (so it does not lapse into the next test).
    await decideTransfer(t, ada, created[0]!.body.id, 'cancel').expect(200);
    expect(await t.app.get(JobScheduler).runNow('expire-transfers')).toBe(0);
  });

  it('concurrent expiry sweeps (replicas) mark each lapsed offer exactly once', async () => {
    const event = await createOpenEvent(t, admin);
    const tickets = await bookFreeTickets(t, ada, event, 6);
    const offered: string[] = [];
    for (const ticket of tickets) offered.push((await offerTransfer(t, ada, { ticketId: ticket.id, toEmail: grace.email }).expect(201)).body.id);
    expect(await expireTransfers(t, offered)).toBe(6);
    const jobs = t.app.get(JobScheduler);
    const counts = await Promise.all([jobs.runNow('expire-transfers'), jobs.runNow('expire-transfers'), jobs.runNow('expire-transfers')]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
    const [{ n }] = await query<{ n: number }>(t, `SELECT count(*)::int AS n FROM transfers WHERE event_id = $1 AND status = 'expired'`, [event.id]);
    expect(n).toBe(6);
  });
});
