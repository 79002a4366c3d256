import { request } from 'node:http';
import { Role } from '@app/shared';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createEvent } from '../factories/events.js';
import { bookFreeTickets } from '../factories/tickets.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * Tickets added straight in the database: an export long enough to be cut off mid-way. On
 * PostgreSQL the COPY must outrun the socket buffers, or it ends before the client goes away. The
 * embedded database exports in keyset batches of 1,000 rows (ATTENDEE_EXPORT_BATCH): five batches
 * are over 1 MB, more than four times a client's first read (at most 64 KiB, libuv's read buffer),
 * and PGlite spends seconds on every 10,000 rows inserted or exported.
 */
const EXTRA_TICKETS = process.env.DATABASE_URL ? 40_000 : 5_000;
const POOL_SIZE = 2;

/**
 * GET /events/{id}/attendees?format=csv on a large event: the whole file arrives, and a client that
 * goes away mid-download leaves no connection behind (the pool gets it back or replaces it, and no
 * COPY keeps running on the server), however often it happens.
 */
describe('attendee CSV export of a large event (e2e)', () => {
  let t: TestApp;
  let viewer: SignedInUser;
  let eventId: string;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false', DATABASE_POOL_SIZE: String(POOL_SIZE) });
    const admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    const ada = await signUpCustomer(t, { name: 'Ada Lovelace' });
    const event = await createEvent(t, admin, { capacity: 10, startsInHours: 1, ticketTypes: [{ name: 'Free', price: 0, quantity: 10 }] });
    eventId = event.id;
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    await query(
      t,
      `INSERT INTO tickets (id, booking_id, event_id, ticket_type_id, user_id, holder_name, holder_email, seq, code)
       SELECT gen_random_uuid(), booking_id, event_id, ticket_type_id, user_id, 'Guest ' || n, 'guest' || n || '@example.com', 1 + n,
              'TKT-20991231-' || lpad(upper(to_hex(n)), 8, '0')
         FROM tickets, generate_series(1, $2::int) AS n WHERE id = $1`,
      [ticket!.id, EXTRA_TICKETS],
    );
  });
  afterAll(() => t.close());

  const pool = () => (t.app.get(DataSource).driver as unknown as { master: Pool }).master;
  /** Connections checked out of the pool (in use), and the COPY statements running on the server. */
  const inUse = async () => {
    const p = pool();
    const copies = t.databaseUrl
      ? Number(
          (
            await query<{ n: string }>(
              t,
              `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY%'`,
            )
          )[0]!.n,
        )
      : 0;
    return { checkedOut: p.totalCount - p.idleCount, copies };
  };

  async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let value = await read();
    while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      value = await read();
    }
    return value;
  }

  /** Starts the download, reads its first chunk, then drops the connection. Resolves with the bytes seen. */
  function abortedDownload(): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(`${t.url}/api/v1/events/${eventId}/attendees?format=csv`, { headers: { authorization: viewer.auth.Authorization } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        res.once('data', (chunk: Buffer) => {
          req.destroy();
          resolve(chunk.length);
        });
      });
      req.on('error', () => undefined);
      req.end();
    });
  }

  it('streams every row of the event', async () => {
    const res = await t.http().get(`/api/v1/events/${eventId}/attendees`).query({ format: 'csv' }).set(viewer.auth).expect(200);
    const lines = res.text.split('\r\n');
    expect(lines).toHaveLength(1 + 1 + EXTRA_TICKETS + 1); // header, the booked ticket, the extra ones, the final CRLF
    expect(lines.at(-1)).toBe('');
    expect(new Set(lines.slice(1, -1).map((l) => l.slice(0, 36))).size).toBe(1 + EXTRA_TICKETS);
    expect(await until(inUse, { checkedOut: 0, copies: 0 })).toEqual({ checkedOut: 0, copies: 0 });
  });

  it('releases the connection when the client disconnects mid-export, every time (more times than the pool has connections)', async () => {
    const { text: whole } = await t.http().get(`/api/v1/events/${eventId}/attendees`).query({ format: 'csv' }).set(viewer.auth).expect(200);
    for (let i = 0; i < POOL_SIZE + 2; i++) {
      const seen = await abortedDownload();
      expect(seen).toBeLessThan(Buffer.byteLength(whole) / 4); // really cut off mid-way
      expect(await until(inUse, { checkedOut: 0, copies: 0 })).toEqual({ checkedOut: 0, copies: 0 });
    }
    // The pool still serves: a whole export and an ordinary read.
    const again = await t.http().get(`/api/v1/events/${eventId}/attendees`).query({ format: 'csv' }).set(viewer.auth).expect(200);
    expect(again.text).toBe(whole);
    await t.http().get(`/api/v1/events/${eventId}/attendees`).query({ limit: 1 }).set(viewer.auth).expect(200);
  });
});
