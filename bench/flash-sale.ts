/**
 * Flash-sale benchmark on real PostgreSQL, over real HTTP.
 *
 *   npm run build && node dist/bench/flash-sale.js [--replicas 1] [--buyers 2000] [--seats 500]
 *                                                  [--concurrency 64] [--events 1] [--seconds 10]
 *
 * `--events 1`: every buyer races for the seats of one ticket type (one hot row).
 * `--events 100`: bookings spread over 100 events with room to spare (no hot row).
 * Replicas are the built service, started here with rate limits off; requests go round-robin to
 * them (a client-side load balancer). Then pgbench runs the booking path's statement (the hold,
 * {@link HOLD_SQL}) with the same number of clients, as the database's ceiling on this machine,
 * and the ratio is printed.
 * Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) and pgbench.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { client, runLoad } from './lib/load.js';
import { BENCH_DATABASE, freshDatabase, provisionUsers } from './lib/provision.js';
import { replicaNode, startReplica, stopReplica, Replica } from './lib/replicas.js';
import { benchEnv } from './lib/env.js';
import { BOOKING_TRANSITIONS } from '@app/bookings';
import { EventStatus, SELLING_EVENT_STATUSES } from '@app/events';
import { HOLD_SQL } from '../libs/infrastructure/src/persistence/bookings/hold.sql.js';
import { sqlTextArray } from '../libs/infrastructure/src/persistence/rules.sql.js';

const { values } = parseArgs({
  options: {
    replicas: { type: 'string', default: '1' },
    buyers: { type: 'string', default: '2000' },
    seats: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '64' },
    events: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
  },
});
const replicas = Number(values.replicas);
const buyers = Number(values.buyers);
const seats = Number(values.seats);
const concurrency = Number(values.concurrency);
const events = Number(values.events);
const HOUR = 3600_000;

async function main() {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const databaseUrl = await freshDatabase(adminUrl, BENCH_DATABASE);
  const env = benchEnv(databaseUrl);
  const started: Replica[] = [];
  started.push(await startReplica('api-1', { ...env, MIGRATIONS_RUN: 'true' }, 60_000, { node: replicaNode() }));
  for (let i = 2; i <= replicas; i++) started.push(await startReplica(`api-${i}`, env, 60_000, { node: replicaNode() }));

  const [admin] = await provisionUsers(databaseUrl, 1, ['admin']);
  const buyersList = await provisionUsers(databaseUrl, buyers, ['customer']);
  const http = client(concurrency);
  const api = started[0]!.url;

  // The sale: `events` published events, each with one ticket type.
  const perEvent = events === 1 ? seats : 100_000;
  const sale: { eventId: string; typeId: string }[] = [];
  for (let i = 0; i < events; i++) {
    const startsAt = new Date(Date.now() + 72 * HOUR);
    const event = JSON.parse(
      (
        await http.send(
          `${api}/api/v1/events`,
          'POST',
          {
            title: `Flash sale ${i}`,
            venue: 'Bench Arena',
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + 3 * HOUR).toISOString(),
            timezone: 'Africa/Lagos',
            capacity: perEvent,
            currency: 'NGN',
          },
          { authorization: admin!.token },
        )
      ).body,
    );
    const type = JSON.parse(
      (
        await http.send(
          `${api}/api/v1/events/${event.id}/ticket-types`,
          'POST',
          { name: 'GA', price: 150000, quantity: perEvent },
          { authorization: admin!.token },
        )
      ).body,
    );
    await http.send(`${api}/api/v1/events/${event.id}/publish`, 'POST', undefined, { authorization: admin!.token });
    sale.push({ eventId: event.id, typeId: type.id });
  }

  const report = await runLoad(buyers, concurrency, (i) => {
    const target = sale[i % sale.length]!;
    return http.send(
      `${started[i % started.length]!.url}/api/v1/bookings`,
      'POST',
      { eventId: target.eventId, items: [{ ticketTypeId: target.typeId, quantity: 1 }] },
      { authorization: buyersList[i]!.token },
    );
  });
  http.close();

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const [counters] = (await db.query(`SELECT sum(sold + held)::int AS taken, sum(capacity)::int AS capacity FROM events WHERE title LIKE 'Flash sale%'`)).rows;
  const [rows] = (
    await db.query(
      `SELECT count(*)::int AS bookings, COALESCE(sum(bi.quantity), 0)::int AS seats FROM bookings b JOIN booking_items bi ON bi.booking_id = b.id`,
    )
  ).rows;
  for (const r of started) await stopReplica(r);

  // The database's ceiling: the same SQL, the same client count, straight from pgbench.
  await seedCeilingEvents(db, admin!.id);
  await db.end();
  const script = ceilingScript(events === 1);
  const pgbench = execFileSync(
    'pgbench',
    [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(concurrency),
      '-j',
      '2',
      '-T',
      String(values.seconds),
      '-f',
      script,
      '-D',
      'event=00000000-0000-4000-8000-000000000000',
      '-D',
      'type=00000000-0000-4000-9000-000000000000',
      '-D',
      `user=${admin!.id}`,
      databaseUrl,
    ],
    { encoding: 'utf8' },
  );
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(pgbench)?.[1]);

  const created = report.statuses['201'] ?? 0;
  const result = {
    node: started[0]!.node.version,
    scenario: events === 1 ? 'hot row (1 event, 1 ticket type)' : `spread (${events} events)`,
    replicas,
    buyers,
    seats: events === 1 ? seats : undefined,
    concurrency,
    api: report,
    bookingsPerSecond: Math.round((created / report.elapsedMs) * 1000),
    sold: rows.seats,
    bookingRows: rows.bookings,
    countersTaken: counters.taken,
    capacity: counters.capacity,
    oversold: counters.taken > counters.capacity || rows.seats !== counters.taken,
    pgbenchTps: tps,
    ratio: Math.round((report.perSecond / tps) * 100) / 100,
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/flash-sale-${events}ev-${replicas}r-c${concurrency}.json`, JSON.stringify(result, null, 2));
  if (result.oversold || report.errors > 0) process.exitCode = 1;
}

/**
 * The pgbench script of the ceiling, written to bench/results/: the API's hold statement for one
 * seat, its parameters written in (pgbench variables for the event, ticket type and user). One
 * user books every time, so the buyer's counter is moved but not guarded (as for an admin's
 * booking on someone's behalf): a guarded one would refuse after `max_per_buyer` seats.
 * `hot`: event 0 every time; else one of events 1..100 at random.
 */
function ceilingScript(hot: boolean): string {
  const id = (prefix: string) => (hot ? (prefix === '8000' ? ':event' : ':type') : `('00000000-0000-4000-${prefix}-' || lpad(:n::text, 12, '0'))::uuid`);
  const values: Record<number, string> = {
    1: 'gen_random_uuid()',
    2: id('8000'),
    3: ':user',
    4: 'NULL::uuid',
    5: 'NULL::varchar',
    6: `'[]'`,
    7: '900',
    8: `ARRAY[${id('9000')}]`,
    9: 'ARRAY[1]',
    10: '1',
    11: sqlTextArray(SELLING_EVENT_STATUSES),
    12: sqlTextArray([EventStatus.Draft]),
    13: 'false',
    14: 'false',
    15: 'false',
    16: sqlTextArray(BOOKING_TRANSITIONS.release.from),
  };
  const sql = HOLD_SQL.replace(/\$(\d+)/g, (_, n: string) => values[Number(n)] ?? `$${n}`);
  const path = `bench/results/booking-${hot ? 'hot' : 'spread'}.sql`;
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    path,
    `-- Generated by bench/flash-sale.ts from HOLD_SQL: the booking path's one statement for one seat.\n${hot ? '' : '\\set n random(1, 100)\n'}${sql.trim()};\n`,
  );
  return path;
}

/** Event 0 (hot) and events 1..100 (spread) with fixed ids and room for any number of pgbench bookings. */
async function seedCeilingEvents(db: Client, adminId: string) {
  const id = (prefix: string, n: number) => `00000000-0000-4000-${prefix}-${String(n).padStart(12, '0')}`;
  for (let n = 0; n <= 100; n++) {
    await db.query(
      `INSERT INTO events (id, title, description, venue, starts_at, ends_at, timezone, capacity, currency, status, created_by)
       VALUES ($1, 'pgbench', '', 'x', now() + interval '3 days', now() + interval '4 days', 'UTC', 1000000000, 'NGN', 'published', $2)`,
      [id('8000', n), adminId],
    );
    await db.query(`INSERT INTO ticket_types (id, event_id, name, price, quantity, max_per_booking) VALUES ($1, $2, 'GA', 150000, 1000000000, 10)`, [
      id('9000', n),
      id('8000', n),
    ]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
