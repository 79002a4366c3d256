import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { client } from '../../bench/lib/load.js';
import { provisionUsers } from '../../bench/lib/provision.js';
import { Replica, startReplica, stopReplica } from '../../bench/lib/replicas.js';
import { benchEnv } from '../../bench/lib/env.js';
import { FakeSmtpServer } from '../fakes/smtp-server.js';
import { provisionTestDatabase, TestDatabase } from '../setup/test-database.js';

const HOUR = 3600_000;
const describeWithServer = process.env.DATABASE_URL ? describe : describe.skip; // two processes need a database server

/**
 * Two API processes (the built service) on one PostgreSQL and one Redis, as behind a load
 * balancer: a flash sale across both never oversells, a login limit holds across both, and a
 * replica killed with SIGKILL mid-sale loses no confirmed booking while its holds expire normally.
 */
describeWithServer('two replicas (e2e, separate processes)', () => {
  let database: TestDatabase;
  let replicas: Replica[];
  let db: Client;
  let smtp: FakeSmtpServer;
  let env: Record<string, string>;
  const http = client(64);
  const redisPrefix = `replicas-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    database = (await provisionTestDatabase())!;
    smtp = await FakeSmtpServer.start();
    env = benchEnv(database.url, {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_WORKER_ENABLED: 'true',
      MAIL_POLL_INTERVAL_MS: '100',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: redisPrefix,
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_DEFAULT: '100000',
      RATE_LIMIT_LOGIN: '5',
      JOBS_ENABLED: 'true',
      JOBS_INTERVAL_SECONDS: '0.5',
      BOOKING_HOLD_MINUTES: '0.05',
      IDEMPOTENCY_LEASE_SECONDS: '2',
      ADMIN_EMAIL: 'admin@replicas.test',
      ADMIN_PASSWORD: 'replica admin password',
    });
    // Both start at once: migrations (already applied) and the first admin must not race.
    replicas = await Promise.all([startReplica('api-a', env), startReplica('api-b', env)]);
    db = new Client({ connectionString: database.url });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    http.close();
    await db?.end();
    for (const r of replicas ?? []) await stopReplica(r);
    await smtp?.stop();
    await database?.drop();
  });

  async function saleEvent(token: string, capacity: number, price: number) {
    const api = replicas[0]!.url;
    const startsAt = new Date(Date.now() + 48 * HOUR);
    const event = JSON.parse(
      (
        await http.send(
          `${api}/api/v1/events`,
          'POST',
          {
            title: 'Two replicas',
            venue: 'Hall',
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
            timezone: 'UTC',
            capacity,
            currency: 'NGN',
          },
          { authorization: token },
        )
      ).body,
    );
    const type = JSON.parse(
      (await http.send(`${api}/api/v1/events/${event.id}/ticket-types`, 'POST', { name: 'GA', price, quantity: capacity }, { authorization: token })).body,
    );
    expect((await http.send(`${api}/api/v1/events/${event.id}/publish`, 'POST', undefined, { authorization: token })).status).toBe(200);
    return { eventId: event.id as string, typeId: type.id as string };
  }

  /**
   * A careful client: an Idempotency-Key per purchase, retries on a lost connection (on the other
   * replica, as a load balancer would), on 503 busy and on 409 in progress, honouring Retry-After.
   */
  async function purchase(i: number, token: string, body: object, preferred: number) {
    const key = `purchase-${i}`;
    for (let attempt = 0; attempt < 40; attempt++) {
      const replica = attempt === 0 ? replicas[preferred]! : replicas[0]!;
      const res = await http.send(`${replica.url}/api/v1/bookings`, 'POST', body, { authorization: token, 'idempotency-key': key });
      const retry = res.status === 0 || res.status === 503 || (res.status === 409 && JSON.parse(res.body).code === 'idempotency_key_in_progress');
      if (!retry) return res;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`purchase ${i} never got an answer`);
  }

  async function ledger(eventId: string) {
    const { rows } = await db.query(
      `SELECT e.capacity, e.sold, e.held,
              (SELECT COALESCE(sum(bi.quantity), 0)::int FROM bookings b JOIN booking_items bi ON bi.booking_id = b.id WHERE b.event_id = e.id AND b.status = 'confirmed') AS rows_sold,
              (SELECT COALESCE(sum(bi.quantity), 0)::int FROM bookings b JOIN booking_items bi ON bi.booking_id = b.id WHERE b.event_id = e.id AND b.status = 'pending_payment') AS rows_held
         FROM events e WHERE e.id = $1`,
      [eventId],
    );
    return rows[0] as { capacity: number; sold: number; held: number; rows_sold: number; rows_held: number };
  }

  /** Polls `read` (every 50 ms, at most `timeoutMs`) until it returns `expected`; resolves with the last value read. */
  async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let value = await read();
    while (value !== expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      value = await read();
    }
    return value;
  }

  /** Backends of this database waiting on a lock (the bookings queued behind the blocker's row lock). */
  const lockWaits = async () =>
    (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows[0].n as number;

  it('both replicas came up on one database with exactly one bootstrap admin', async () => {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM users WHERE 'admin' = ANY(roles)`);
    expect(rows[0].n).toBe(1);
  });

  it('a flash sale across both replicas sells exactly the capacity', async () => {
    const [admin] = await provisionUsers(database.url, 1, ['admin']);
    const buyers = await provisionUsers(database.url, 300, ['customer']);
    // Free seats: confirmed at once, so the (short) holds of this file cannot expire and be re-sold mid-race.
    const sale = await saleEvent(admin!.token, 100, 0);
    const results = await Promise.all(
      buyers.map((b, i) => purchase(i, b.token, { eventId: sale.eventId, items: [{ ticketTypeId: sale.typeId, quantity: 1 }] }, i % 2)),
    );
    const byStatus = results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    expect(byStatus).toEqual({ 201: 100, 409: 200 });
    const counters = await ledger(sale.eventId);
    expect(counters).toMatchObject({ sold: 100, held: 0, rows_sold: 100, rows_held: 0 });

    // Both replicas run an outbox worker: each confirmation e-mail reaches the SMTP server once.
    const confirmed = results.filter((r) => r.status === 201).map((r) => JSON.parse(r.body).id as string);
    await smtp.waitFor(100, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1000)); // time for a duplicate to show up, if any
    const bookingIds = smtp.received.map((m) => /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/.exec(m.parsed.text ?? '')?.[1]);
    const forThisSale = bookingIds.filter((id) => id && confirmed.includes(id));
    expect(forThisSale).toHaveLength(100);
    expect(new Set(forThisSale).size).toBe(100);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'sent' AND attempts = 1`);
    expect(rows[0].n).toBeGreaterThanOrEqual(100);
  });

  it('SIGTERM: a replica stops taking requests, finishes those in flight and exits cleanly', async () => {
    const third = await startReplica('api-c', env);
    const [admin] = await provisionUsers(database.url, 1, ['admin']);
    const buyers = await provisionUsers(database.url, 5, ['customer']);
    const sale = await saleEvent(admin!.token, 5, 0);
    // Hold the event row: the bookings below sit inside the replica's transactions, provably in flight.
    const blocker = new Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM events WHERE id = $1 FOR UPDATE', [sale.eventId]);
    const inFlight = buyers.map((b) =>
      http.send(
        `${third.url}/api/v1/bookings`,
        'POST',
        { eventId: sale.eventId, items: [{ ticketTypeId: sale.typeId, quantity: 1 }] },
        { authorization: b.token },
      ),
    );
    expect(await until(lockWaits, inFlight.length)).toBe(inFlight.length);
    const stopped = stopReplica(third, 20_000);
    const health = async () => (await http.send(`${third.url}/api/v1/health`, 'GET', undefined)).status;
    expect(await until(health, 0)).toBe(0); // no new connections once stopping (the requests above still wait on the lock)
    expect(await lockWaits()).toBe(inFlight.length);
    await blocker.query('COMMIT');
    await blocker.end();
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await stopped).toEqual({ code: 0, signal: null }); // drained, closed, exited 0
    const counters = await ledger(sale.eventId);
    expect(counters).toMatchObject({ sold: 5, rows_sold: 5 });
  });

  it('a login rate limit holds across the two replicas', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const res = await http.send(`${replicas[i % 2]!.url}/api/v1/auth/login`, 'POST', { email: 'nobody@replicas.test', password: 'wrong password' });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('SIGKILL of one replica mid-sale loses no confirmed booking, and its holds expire normally', async () => {
    const [admin] = await provisionUsers(database.url, 1, ['admin']);
    const buyers = await provisionUsers(database.url, 200, ['customer']);
    const free = await saleEvent(admin!.token, 150, 0); // confirmed at once
    const paid = await saleEvent(admin!.token, 150, 5000); // held until paid or expired
    const confirmed: string[] = [];
    const victim = replicas[1]!;
    const book = async (i: number): Promise<void> => {
      const target = i % 2 ? free : paid;
      const res = await purchase(1000 + i, buyers[i]!.token, { eventId: target.eventId, items: [{ ticketTypeId: target.typeId, quantity: 1 }] }, i % 2);
      expect([201, 409]).toContain(res.status);
      if (res.status === 201 && JSON.parse(res.body).status === 'confirmed') confirmed.push(JSON.parse(res.body).id);
    };
    const sale = Promise.all(buyers.map((_, i) => new Promise<void>((resolve, reject) => setTimeout(() => book(i).then(resolve, reject), i * 5))));
    await new Promise((r) => setTimeout(r, 400));
    victim.process.kill('SIGKILL');
    await sale;

    // Every confirmation a client was told about is in the database, and (idempotency keys) nothing more.
    const { rows } = await db.query(`SELECT id FROM bookings WHERE id = ANY($1::uuid[]) AND status = 'confirmed'`, [confirmed]);
    expect(rows).toHaveLength(confirmed.length);
    expect(confirmed.length).toBeGreaterThan(0);
    const freeCounters = await ledger(free.eventId);
    expect(freeCounters.sold).toBe(freeCounters.rows_sold);
    expect(freeCounters.sold).toBe(confirmed.length);

    // The surviving replica's sweeper expires the unpaid holds, whoever created them. Their end is
    // moved to the past (as test/factories/clock.ts does) instead of waiting out the 3 s holds:
    // the sweeper is the subject, not the hold length.
    let paidCounters = await ledger(paid.eventId);
    expect(paidCounters.held).toBe(paidCounters.rows_held);
    await db.query(`UPDATE bookings SET expires_at = now() - interval '1 second' WHERE event_id = $1 AND status = 'pending_payment'`, [paid.eventId]);
    for (let i = 0; i < 40 && paidCounters.held > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      paidCounters = await ledger(paid.eventId);
    }
    expect(paidCounters).toMatchObject({ held: 0, rows_held: 0, sold: 0 });
  });
});
