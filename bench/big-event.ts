/**
 * One big event on real PostgreSQL, over real HTTP: the attendee CSV export and the event's
 * figures (stats, attendance, sales) on an event with `--tickets` tickets.
 *
 *   npm run build && node dist/bench/big-event.js [--tickets 1000000] [--per-booking 10] [--runs 3]
 *       [--nodes 26,20] [--apis dist/apps/api/src/main.js,<another build's main.js>] [--skip-export]
 *
 * The event is seeded straight in the database with generate_series (a few seconds per million
 * tickets): buyers, confirmed and paid bookings of `--per-booking` tickets over two ticket types,
 * 30 % of the tickets checked in, ids time-ordered like the UUIDv7s the service makes. Then a
 * fresh replica per (node, build) serves in turn: each figure route is called `--runs` times after
 * a warm-up, then the export is downloaded `--runs` times, streamed and counted, never held, while
 * the API's VmRSS is sampled and its CPU read from /proc, and PostgreSQL's from its backends'.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { benchEnv } from './lib/env.js';
import { client } from './lib/load.js';
import { cpuMs, rssMb, sampleRss } from './lib/proc.js';
import { accessToken, BENCH_DATABASE, freshDatabase, provisionUsers } from './lib/provision.js';
import { startReplica, stopReplica } from './lib/replicas.js';
import { benchNode, LTS_MAJOR } from './lib/node.js';
import { backfillMoneyCounters } from '../migrations/1796300000000-MoneyCounters.js';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000000' },
    'per-booking': { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    nodes: { type: 'string', default: process.env.BENCH_NODE ?? String(LTS_MAJOR) },
    apis: { type: 'string', default: process.env.BENCH_API ?? 'dist/apps/api/src/main.js' },
    'skip-export': { type: 'boolean', default: false },
  },
});
const tickets = Number(values.tickets);
const perBooking = Number(values['per-booking']);
const runs = Number(values.runs);
const bookings = Math.ceil(tickets / perBooking);
const buyers = Math.max(1, Math.ceil(bookings / 5));

const EVENT_ID = '01a00000-0000-7000-8000-000000000001';
const GA_ID = '01a00000-0000-7000-8000-000000000002';
const VIP_ID = '01a00000-0000-7000-8000-000000000003';
const GA_PRICE = 500_000;
const VIP_PRICE = 2_500_000;

/** A UUIDv7-shaped id whose order follows `n` (as the service's ids follow creation time). `kind` keeps tables apart. */
const v7 = (kind: number, n: string) =>
  `(lpad(to_hex(${1_790_000_000_000 + kind * 10_000_000_000} + ${n}), 12, '0') || '7000' || '8000' || lpad(to_hex(${n}), 12, '0'))::uuid`;

async function seed(db: Client, adminId: string): Promise<void> {
  const started = Date.now();
  // Sales over the 30 days before the event; check-ins in its first three hours.
  await db.query(
    `INSERT INTO events (id, title, description, venue, starts_at, ends_at, timezone, capacity, currency, status, sold, created_by, published_at, max_per_buyer)
     VALUES ($1, 'Big event', '', 'Stadium', now() - interval '1 hour', now() + interval '5 hours', 'UTC', $2, 'NGN', 'published', $2, $3, now() - interval '31 days', 10000)`,
    [EVENT_ID, bookings * perBooking, adminId],
  );
  const vipBookings = Math.floor(bookings * 0.3);
  await db.query(
    `INSERT INTO ticket_types (id, event_id, name, price, quantity, sold, max_per_booking) VALUES
       ($1, $3, 'GA', ${GA_PRICE}, $4, $4, 100), ($2, $3, 'VIP', ${VIP_PRICE}, $5, $5, 100)`,
    [GA_ID, VIP_ID, EVENT_ID, (bookings - vipBookings) * perBooking, vipBookings * perBooking],
  );
  await db.query(
    `INSERT INTO users (id, email, name, password_hash, roles, phone)
     SELECT ${v7(1, 'n')}, 'buyer-' || n || '@bench.example', 'Buyer ' || n, '!', '{customer}', CASE WHEN n % 2 = 0 THEN '+234801' || lpad(n::text, 7, '0') END
       FROM generate_series(1, $1::int) AS n`,
    [buyers],
  );
  // Booking n: VIP when n % 10 < 3, GA otherwise; confirmed over the 30 days before the event.
  const booking = `SELECT n, ${v7(2, 'n')} AS id, ${v7(1, `(1 + n % ${buyers})`)} AS user_id,
                          CASE WHEN n % 10 < 3 THEN '${VIP_ID}'::uuid ELSE '${GA_ID}'::uuid END AS type_id,
                          CASE WHEN n % 10 < 3 THEN ${VIP_PRICE} ELSE ${GA_PRICE} END AS price,
                          now() - interval '31 days' + (n::float8 / ${bookings}) * interval '30 days' AS confirmed_at
                     FROM generate_series(1, ${bookings}) AS n`;
  // The money and sales counters' per-row triggers likewise: off for the bulk seed, then filled
  // from the rows as their migration does.
  const moneyTriggers = [
    ['bookings', 'bookings_sales_count'],
    ['bookings', 'bookings_sales_uncount'],
    ['bookings', 'bookings_sales_move'],
    ['bookings', 'bookings_status_count'],
    ['booking_items', 'booking_items_sales_count'],
    ['payments', 'payments_money_count'],
  ];
  for (const [table, trigger] of moneyTriggers) await db.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
  await db.query(
    `INSERT INTO bookings (id, event_id, user_id, status, total_amount, currency, attendees, expires_at, confirmed_at, created_at, updated_at, team_name)
     SELECT id, '${EVENT_ID}', user_id, 'confirmed', price * ${perBooking}, 'NGN', '[]', confirmed_at + interval '15 minutes', confirmed_at, confirmed_at, confirmed_at,
            CASE WHEN n % 50 = 0 THEN 'Team ' || (n / 50) END
       FROM (${booking}) b`,
  );
  await db.query(`INSERT INTO booking_items (booking_id, ticket_type_id, quantity, unit_price) SELECT id, type_id, ${perBooking}, price FROM (${booking}) b`);
  await db.query(
    `INSERT INTO payments (id, booking_id, user_id, provider, reference, amount, currency, status, paid_at, created_at, updated_at)
     SELECT ${v7(3, 'n')}, id, user_id, 'paystack', 'bench-' || n, price * ${perBooking}, 'NGN', 'succeeded', confirmed_at, confirmed_at, confirmed_at FROM (${booking}) b`,
  );
  // Ticket k (1-based) is seat 1 + (k - 1) % perBooking of booking 1 + (k - 1) / perBooking. The
  // attendance counters' per-row trigger is off for the bulk insert (it would cost ~0.5 ms a row
  // here); the counters are then filled from the rows as the migration does.
  for (const [table, trigger] of moneyTriggers) await db.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
  await backfillMoneyCounters(db, `b.event_id = '${EVENT_ID}'`);
  await db.query('ALTER TABLE tickets DISABLE TRIGGER tickets_attendance_count');
  await db.query(
    `INSERT INTO tickets (id, booking_id, event_id, ticket_type_id, user_id, holder_name, holder_email, holder_phone, seq, code, status, entries, checked_in_at, checked_in_gate, issued_at, updated_at)
     SELECT ${v7(4, 'k')}, b.id, '${EVENT_ID}', b.type_id, b.user_id, 'Guest ' || k, CASE WHEN k % 3 <> 0 THEN 'guest-' || k || '@bench.example' END,
            CASE WHEN k % 4 = 0 THEN '+234802' || lpad(k::text, 7, '0') END, 1 + (k - 1) % ${perBooking},
            'TKT-20270101-' || lpad(upper(to_hex(k)), 8, '0'),
            CASE WHEN k % 10 < 3 THEN 'checked_in' ELSE 'valid' END, CASE WHEN k % 10 < 3 THEN 1 ELSE 0 END,
            CASE WHEN k % 10 < 3 THEN now() - interval '1 hour' + (k % 180) * interval '1 minute' END,
            CASE WHEN k % 10 < 3 THEN 'gate-' || (k % 4) END, b.confirmed_at, b.confirmed_at
       FROM generate_series(1, ${bookings * perBooking}) AS k
       JOIN (${booking}) b ON b.n = 1 + (k - 1) / ${perBooking}`,
  );
  await db.query('ALTER TABLE tickets ENABLE TRIGGER tickets_attendance_count');
  await db.query(`INSERT INTO attendance_counters (ticket_type_id, shard, event_id, valid, checked_in, inside)
    SELECT ticket_type_id, attendance_shard(id), event_id, count(*) FILTER (WHERE status IN ('valid', 'checked_in')),
           count(*) FILTER (WHERE status = 'checked_in'), count(*) FILTER (WHERE entries > exits)
      FROM tickets WHERE event_id = '${EVENT_ID}' GROUP BY 1, 2, 3`);
  await db.query(`INSERT INTO check_in_hours (event_id, hour, shard, checked_in)
    SELECT event_id, date_trunc('hour', checked_in_at, 'UTC'), attendance_shard(id), count(*) FROM tickets
     WHERE event_id = '${EVENT_ID}' AND status = 'checked_in' GROUP BY 1, 2, 3`);
  await db.query(
    'VACUUM ANALYZE users, events, ticket_types, bookings, booking_items, payments, tickets, booking_money, ticket_type_money, event_money, sales_hours, sales_type_hours, booking_status_counts',
  );
  console.error(`seeded ${bookings * perBooking} tickets, ${bookings} bookings, ${buyers} buyers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

interface Download {
  seconds: number;
  firstByteMs: number;
  bytes: number;
  lines: number;
  apiCpuMs: number;
  /** PostgreSQL backends' CPU during the download (the COPY's, for the COPY path). */
  postgresCpuMs: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
}

/** CPU so far of every PostgreSQL backend serving the API (application_name `ticketing-api`), by pid. */
async function backendsCpu(db: Client): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'ticketing-api'`);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, cpuMs(pid));
    } catch {
      // ended meanwhile
    }
  }
  return cpu;
}

/** Downloads the CSV, counting bytes and CRLFs as they stream past (nothing is kept). */
async function download(url: string, token: string, apiPid: number, db: Client): Promise<Download> {
  const rssBeforeMb = rssMb(apiPid);
  const cpuBefore = cpuMs(apiPid);
  const postgresBefore = await backendsCpu(db);
  const rss = sampleRss(apiPid);
  const started = process.hrtime.bigint();
  let firstByteMs = 0;
  const result = await new Promise<{ bytes: number; lines: number }>((resolve, reject) => {
    const req = request(url, { headers: { authorization: token } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`export answered ${res.statusCode}`));
      let bytes = 0;
      let lines = 0;
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = Number(process.hrtime.bigint() - started) / 1e6;
        bytes += chunk.length;
        // Record ends: CRLF, a CR possibly at the end of the previous chunk.
        for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) if (i === 0 || chunk[i - 1] === 0x0d) lines++;
      });
      res.on('end', () => resolve({ bytes, lines }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssPeakMb = rss.stop();
  const apiCpuMs = cpuMs(apiPid) - cpuBefore;
  // The backends alive before and after (the pool keeps the COPY's connection): their CPU meanwhile.
  let postgresCpuMs = 0;
  for (const [pid, cpu] of await backendsCpu(db)) postgresCpuMs += cpu - (postgresBefore.get(pid) ?? cpu);
  return {
    seconds: round(seconds, 2),
    firstByteMs: round(firstByteMs, 1),
    bytes: result.bytes,
    lines: result.lines,
    apiCpuMs: round(apiCpuMs, 0),
    postgresCpuMs: round(postgresCpuMs, 0),
    rssBeforeMb,
    rssPeakMb,
    rssGrowthMb: round(rssPeakMb - rssBeforeMb, 1),
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

async function main() {
  const databaseUrl = await freshDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', BENCH_DATABASE);
  const env = benchEnv(databaseUrl, { MAIL_WORKER_ENABLED: 'false' });
  const nodes = values.nodes.split(',').map((spec) => benchNode(spec.trim()));
  const apis = values.apis.split(',').map((a) => a.trim());
  const db = new Client({ connectionString: databaseUrl });
  // The schema, by the first build's migrations.
  await stopReplica(await startReplica('migrate', { ...env, MIGRATIONS_RUN: 'true' }, 60_000, { node: nodes[0]!, main: apis[0] }));
  const [admin] = await provisionUsers(databaseUrl, 1, ['admin']);
  await db.connect();
  await seed(db, admin!.id);
  const token = `Bearer ${accessToken(admin!.id, ['admin'])}`;
  const http = client(1);
  const expectedLines = 1 + bookings * perBooking; // the header and every ticket (all are current)

  // One fresh replica per (node, build), in turn: its figures, then its exports.
  const variants = [];
  for (const node of nodes) {
    for (const main of apis) {
      const api = await startReplica('api', env, 60_000, { node, main });
      const pid = api.process.pid!;
      const figures: Record<string, { ms: number[]; cpuMsPerRequest: number; status: number }> = {};
      for (const [name, path] of [
        ['stats', `/api/v1/events/${EVENT_ID}/stats`],
        ['attendance', `/api/v1/events/${EVENT_ID}/attendance`],
        [
          'sales (hourly, 31 days)',
          `/api/v1/events/${EVENT_ID}/sales?interval=hour&from=${new Date(Date.now() - 31 * 86_400_000).toISOString()}&to=${new Date().toISOString()}`,
        ],
        ['sales (daily, default range)', `/api/v1/events/${EVENT_ID}/sales`],
        ['overview', '/api/v1/stats/overview'],
      ] as const) {
        const warm = await http.send(`${api.url}${path}`, 'GET', undefined, { authorization: token });
        const ms: number[] = [];
        const before = cpuMs(pid);
        for (let i = 0; i < runs; i++) ms.push(round((await http.send(`${api.url}${path}`, 'GET', undefined, { authorization: token })).ms, 1));
        figures[name] = { ms, cpuMsPerRequest: round((cpuMs(pid) - before) / runs, 1), status: warm.status };
      }
      const exports: Download[] = [];
      if (!values['skip-export'])
        for (let i = 0; i < runs; i++) exports.push(await download(`${api.url}/api/v1/events/${EVENT_ID}/attendees?format=csv`, token, pid, db));
      await stopReplica(api);
      const variant = { node: [node.version, ...node.args].join(' '), api: main, figures, export: exports };
      console.error(JSON.stringify(variant));
      variants.push(variant);
      if (exports.some((e) => e.lines !== expectedLines) || Object.values(figures).some((f) => f.status !== 200)) {
        console.error(`${variant.node} ${main}: expected ${expectedLines} CSV lines and 200s`);
        process.exitCode = 1;
      }
    }
  }
  http.close();
  await db.end();

  const result = { tickets: bookings * perBooking, bookings, buyers, variants };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/big-event-${bookings * perBooking}.json`, JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
