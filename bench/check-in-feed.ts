/**
 * The offline check-in feed on a big event, on real PostgreSQL, over real HTTP.
 *
 *   npm run build && node dist/bench/check-in-feed.js [--tickets 50000] [--limit 5000] [--changed 500]
 *
 * One replica; an event of `--tickets` tickets seeded straight in the database (one confirmed
 * booking; the API creates the event and its ticket type). Measures a device's first sync (every
 * page of `--limit`, following `nextCursor`), then `--changed` check-ins through the API and the
 * delta poll that brings them, then a quiet poll. Reports wall time, the JSON size (and what gzip
 * makes of it), and the API process's CPU time read from /proc/<pid>/stat.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { benchEnv } from './lib/env.js';
import { client, createPublishedEvent } from './lib/load.js';
import { freshDatabase, provisionUsers } from './lib/provision.js';
import { cpuMs } from './lib/proc.js';
import { startReplica, stopReplica } from './lib/replicas.js';

const { values } = parseArgs({
  options: { tickets: { type: 'string', default: '50000' }, limit: { type: 'string', default: '5000' }, changed: { type: 'string', default: '500' } },
});
const tickets = Number(values.tickets);
const limit = Number(values.limit);
const changed = Number(values.changed);

async function main() {
  const databaseUrl = await freshDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'ticketing_bench');
  const api = await startReplica('api', benchEnv(databaseUrl, { MIGRATIONS_RUN: 'true', MAIL_WORKER_ENABLED: 'false' }));
  const pid = api.process.pid!;
  const [admin] = await provisionUsers(databaseUrl, 1, ['admin']);
  const [buyer] = await provisionUsers(databaseUrl, 1, ['customer']);
  const [scanner] = await provisionUsers(databaseUrl, 1, ['scanner']);
  const http = client(4);
  const { eventId, typeId } = await createPublishedEvent(http, api.url, admin!.token, { title: 'Feed benchmark', capacity: tickets });

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const seeded = Date.now();
  await db.query('BEGIN');
  const { rows: booking } = await db.query<{ id: string }>(
    `INSERT INTO bookings (id, event_id, user_id, status, total_amount, currency, attendees, expires_at, confirmed_at)
     VALUES (gen_random_uuid(), $1, $2, 'confirmed', 0, 'NGN', '[]', now(), now()) RETURNING id`,
    [eventId, buyer!.id],
  );
  await db.query('INSERT INTO booking_items (booking_id, ticket_type_id, quantity, unit_price) VALUES ($1, $2, $3, 0)', [booking[0]!.id, typeId, tickets]);
  // Codes TKT-20260101-<8 hex digits>: hex digits are all in Crockford's alphabet.
  await db.query(
    `INSERT INTO tickets (id, booking_id, event_id, ticket_type_id, user_id, holder_name, seq, code)
     SELECT gen_random_uuid(), $1, $2, $3, $4, 'Holder ' || i, i, 'TKT-20260101-' || lpad(upper(to_hex(i)), 8, '0') FROM generate_series(1, $5::int) AS i`,
    [booking[0]!.id, eventId, typeId, buyer!.id, tickets],
  );
  await db.query('UPDATE ticket_types SET sold = $2 WHERE id = $1', [typeId, tickets]);
  await db.query('UPDATE events SET sold = $2 WHERE id = $1', [eventId, tickets]);
  await db.query('COMMIT');
  await db.query('ANALYZE tickets');
  const seedMs = Date.now() - seeded;

  const auth = { authorization: scanner!.token };
  const feedUrl = (cursor?: string) => `${api.url}/api/v1/events/${eventId}/check-in-feed?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
  async function sync(cursor?: string) {
    const cpu = cpuMs(pid);
    const started = process.hrtime.bigint();
    let pages = 0;
    let bytes = 0;
    let gzipBytes = 0;
    let count = 0;
    const pageMs: number[] = [];
    for (;;) {
      const res = await http.send(feedUrl(cursor), 'GET', undefined, auth);
      if (res.status !== 200) throw new Error(`feed: ${res.status} ${res.body}`);
      pages++;
      pageMs.push(res.ms);
      bytes += Buffer.byteLength(res.body);
      gzipBytes += gzipSync(res.body).length;
      const page = JSON.parse(res.body) as { tickets: unknown[]; nextCursor: string; hasMore: boolean };
      count += page.tickets.length;
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    return {
      wallMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      apiCpuMs: cpuMs(pid) - cpu,
      pages,
      tickets: count,
      bytes,
      gzipBytes,
      slowestPageMs: Math.round(Math.max(...pageMs)),
      cursor: cursor!,
    };
  }

  const first = await sync();
  const { rows: codes } = await db.query<{ code: string }>('SELECT code FROM tickets WHERE event_id = $1 ORDER BY seq LIMIT $2', [eventId, changed]);
  for (const { code } of codes) {
    const res = await http.send(`${api.url}/api/v1/check-ins`, 'POST', { eventId: eventId, code }, auth);
    if (res.status !== 200 || !res.body.includes('"ok"')) throw new Error(`scan: ${res.status} ${res.body}`);
  }
  const delta = await sync(first.cursor);
  const quiet = await sync(delta.cursor);
  await db.end();
  await stopReplica(api);
  http.close();

  const strip = ({ cursor: _cursor, ...rest }: typeof first) => rest;
  const result = {
    tickets,
    limit,
    seedMs,
    firstSync: strip(first),
    delta: { changed, ...strip(delta) },
    quietPoll: strip(quiet),
    bytesPerTicket: Math.round(first.bytes / tickets),
    gzipBytesPerTicket: Math.round(first.gzipBytes / tickets),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/check-in-feed-${Date.now()}.json`, JSON.stringify(result, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
