import { Client } from 'pg';
import { Role } from '@app/shared';
import { book } from '../factories/events.js';
import { bookFreeTickets, createOpenEvent, scan } from '../factories/tickets.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const describeWithServer = process.env.DATABASE_URL ? describe : describe.skip; // lock waits need a second connection
const LOCK_TIMEOUT_MS = 300;

/**
 * A lock that cannot be had within DATABASE_LOCK_TIMEOUT_MS answers `503 busy` with Retry-After,
 * also for requests that run single statements outside a transaction (a check-in scan, a logout):
 * a row is held locked from another connection for longer than the timeout.
 */
describeWithServer('database busy (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let scanner: SignedInUser;
  let ada: SignedInUser;
  let blocker: Client;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false', DATABASE_LOCK_TIMEOUT_MS: String(LOCK_TIMEOUT_MS) });
    admin = await createAdmin(t);
    scanner = await createUser(t, [Role.Scanner]);
    ada = await signUpCustomer(t, { name: 'Ada Lovelace' });
    blocker = new Client({ connectionString: t.databaseUrl! });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker.end();
    await t.close();
  });

  /** Runs `during` while `lockSql` holds its rows locked in another connection's open transaction. */
  async function whileLocked<T>(lockSql: string, params: unknown[], during: () => Promise<T>): Promise<T> {
    await blocker.query('BEGIN');
    try {
      const { rowCount } = await blocker.query(lockSql, params);
      expect(rowCount).toBeGreaterThan(0);
      return await during();
    } finally {
      await blocker.query('ROLLBACK');
    }
  }

  function expectBusy(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }) {
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ code: 'busy', status: 503 });
    expect(JSON.stringify(res.body)).not.toMatch(/lock|SELECT|UPDATE|55P03/i);
  }

  it('a scan of a ticket whose row stays locked answers 503 busy (not 500) and changes nothing; once free it scans ok', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const res = await whileLocked('SELECT 1 FROM tickets WHERE id = $1 FOR UPDATE', [ticket!.id], () =>
      scan(t, scanner, { eventId: event.id, code: ticket!.qrPayload }),
    );
    expectBusy(res);
    expect(await query(t, 'SELECT status FROM tickets WHERE id = $1', [ticket!.id])).toEqual([{ status: 'valid' }]);
    expect(await query(t, 'SELECT id FROM check_ins WHERE ticket_id = $1', [ticket!.id])).toEqual([]);
    expect((await scan(t, scanner, { eventId: event.id, code: ticket!.qrPayload }).expect(200)).body.result).toBe('ok');
  });

  it('a logout whose refresh tokens stay locked answers 503 busy; the retry signs out', async () => {
    const user = await signUpCustomer(t);
    const logout = () => t.http().post('/api/v1/auth/logout').set(user.auth).send({ refreshToken: user.refreshToken });
    const res = await whileLocked('SELECT 1 FROM refresh_tokens WHERE user_id = $1 FOR UPDATE', [user.id], () => logout());
    expectBusy(res);
    await logout().expect(204);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
  });
});

/**
 * More requests than pooled connections while the rows they need stay locked: the few that got a
 * connection wait for the lock and answer `503 busy`, the rest wait for a connection no longer than
 * DATABASE_POOL_WAIT_MS and answer `503 database_unavailable` (pg-pool's "timeout exceeded when trying
 * to connect" was a 500). Nothing is booked; once the lock goes, bookings work again.
 */
describeWithServer('database pool exhausted (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let buyers: SignedInUser[];
  let blocker: Client;

  beforeAll(async () => {
    t = await startTestApp({
      JOBS_ENABLED: 'false',
      MAIL_WORKER_ENABLED: 'false',
      DATABASE_POOL_SIZE: '2',
      DATABASE_POOL_WAIT_MS: '200',
      DATABASE_LOCK_TIMEOUT_MS: '1500',
    });
    admin = await createAdmin(t);
    buyers = [];
    for (let i = 0; i < 3; i++) buyers.push(await signUpCustomer(t));
    blocker = new Client({ connectionString: t.databaseUrl! });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker.end();
    await t.close();
  });

  it('30 bookings at once behind a locked event row: every answer a 503 with Retry-After, none a 500, nothing booked', async () => {
    const event = await createOpenEvent(t, admin);
    const items = [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }];
    await blocker.query('BEGIN');
    let answers: { status: number; code: unknown; retryAfter: unknown }[];
    try {
      await blocker.query('SELECT 1 FROM events WHERE id = $1 FOR UPDATE', [event.id]);
      const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => book(t, buyers[i % buyers.length]!, event.id, items)));
      answers = responses.map((r) => ({ status: r.status, code: r.body.code, retryAfter: r.headers['retry-after'] }));
    } finally {
      await blocker.query('ROLLBACK');
    }
    for (const answer of answers)
      expect(answer).toEqual({ status: 503, code: expect.stringMatching(/^(busy|database_unavailable)$/), retryAfter: expect.stringMatching(/^\d+$/) });
    expect(answers.some((a) => a.code === 'database_unavailable')).toBe(true);
    expect(await query(t, 'SELECT id FROM bookings WHERE event_id = $1', [event.id])).toEqual([]);
    await book(t, buyers[0]!, event.id, items).expect(201);
  });
});
