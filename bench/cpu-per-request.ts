/**
 * CPU per request of the API process, from /proc/<pid>/stat, for a bare Nest route, the health
 * route, a booking and a scan, on one or more runtimes and builds in the same run.
 *
 *   npm run build && node dist/bench/cpu-per-request.js [--nodes 26,20] [--apis dist/apps/api/src/main.js,…]
 *       (a node may carry options: --nodes '26,26 --max-semi-space-size=16')
 *       [--requests 2000] [--concurrency 16] [--rounds 3] [--log-level info] [--round-trips]
 *
 * Every (node, build) pair is one replica on the same database (real PostgreSQL), with
 * `LOG_LEVEL=info` by default, as in production: the access log is part of the cost. Each round
 * sends `--requests` of each route to each replica in turn (interleaved, so a slow moment of the
 * shared machine hits every variant alike), each block after a warm-up of a tenth of its size on
 * the same process, and reads the process's user + system CPU before and
 * after: CPU ms per request counts the work, not the wait for a core, so it holds on a busy machine
 * where requests/s does not. The bare route runs on a bare Nest app on each node (bench/bare-app.ts).
 * Reported: the median over rounds, and each route's ratio to the bare route on the same node.
 * With `--round-trips`, each replica's pool reaches PostgreSQL through its own counting proxy
 * (bench/lib/pg-proxy.ts; the user cache's listener goes direct) and the database round trips per
 * request are reported too (the proxy adds a loopback hop of latency, not CPU to the replica).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { benchEnv } from './lib/env.js';
import { client, createPublishedEvent, HttpResult, runLoad } from './lib/load.js';
import { benchNode, NodeRuntime } from './lib/node.js';
import { cpuMs } from './lib/proc.js';
import { PgCountingProxy } from './lib/pg-proxy.js';
import { BENCH_DATABASE, freshDatabase, provisionUsers } from './lib/provision.js';
import { BareApp, Replica, startBare, startReplica, stopReplica } from './lib/replicas.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: process.env.BENCH_NODE ?? '26' },
    apis: { type: 'string', default: process.env.BENCH_API ?? 'dist/apps/api/src/main.js' },
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    'log-level': { type: 'string', default: 'info' },
    'round-trips': { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const ROUTES = ['bare', 'health', 'booking', 'scan'] as const;
type Route = (typeof ROUTES)[number];

interface Variant {
  label: string;
  node: NodeRuntime;
  api: string;
  replica: Replica;
  bare: BareApp;
  proxy?: PgCountingProxy;
}

async function main() {
  const nodes = values.nodes.split(',').map((spec) => benchNode(spec.trim()));
  const apis = values.apis.split(',').map((a) => a.trim());
  const databaseUrl = await freshDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', BENCH_DATABASE);
  const env = benchEnv(databaseUrl, { MAIL_WORKER_ENABLED: 'false', LOG_LEVEL: values['log-level'] });
  const bares = new Map<string, BareApp>();
  const variants: Variant[] = [];
  for (const node of nodes) {
    const name = [node.version, ...node.args].join(' ');
    bares.set(name, await startBare(node));
    for (const api of apis) {
      const proxy = values['round-trips'] ? await PgCountingProxy.start() : undefined;
      const database: Record<string, string> = proxy ? { DATABASE_URL: proxy.url(databaseUrl), DATABASE_LISTEN_URL: databaseUrl } : {};
      const replica = await startReplica(`${name} ${api}`, { ...env, ...database, MIGRATIONS_RUN: variants.length === 0 ? 'true' : 'false' }, 60_000, {
        node,
        main: api,
      });
      variants.push({ label: `${name} ${api}`, node, api, replica, bare: bares.get(name)!, proxy });
    }
  }
  const http = client(concurrency);
  const base = variants[0]!.replica.url;
  const [admin] = await provisionUsers(databaseUrl, 1, ['admin']);
  const buyers = await provisionUsers(databaseUrl, concurrency * 4, ['customer']);
  const scanners = await provisionUsers(databaseUrl, concurrency, ['scanner']);

  // A sale with room for every booking of the run, and an event open for check-in with a ticket
  // per scan of the run (issued through the API: free bookings of 100).
  const createEvent = (title: string, startsInHours: number, capacity: number, price: number) =>
    createPublishedEvent(http, base, admin!.token, { title, startsInHours, capacity, price, venue: 'Bench' });
  // Each measured block follows a warm-up of a tenth of its size on the same process: a process
  // that sat idle while the others ran (heap shrunk, code deoptimized) starts like every other.
  const warmup = Math.max(50, Math.round(requests / 10));
  const perVariant = (requests + warmup) * rounds;
  const sale = await createEvent('CPU bench sale', 72, perVariant * variants.length + 1000, 150_000);
  const gateTickets = Math.ceil((perVariant * variants.length) / 100) * 100;
  const gate = await createEvent('CPU bench gate', 1, gateTickets, 0);
  for (let i = 0; i < gateTickets; i += 100) {
    const res = await http.send(
      `${base}/api/v1/bookings`,
      'POST',
      { eventId: gate.eventId, items: [{ ticketTypeId: gate.typeId, quantity: 100 }] },
      { authorization: buyers[(i / 100) % buyers.length]!.token },
    );
    if (res.status !== 201) throw new Error(`gate booking failed: ${res.status} ${res.body}`);
  }
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ payload: string }>(
    `SELECT jsonb_array_elements(data->'tickets')->>'qrPayload' AS payload FROM outbox_messages WHERE template = 'booking-confirmed'`,
  );
  await db.end();
  const payloads = rows.map((r) => r.payload);

  let nextPayload = 0;
  const send = (v: Variant, route: Route, i: number): Promise<HttpResult> => {
    switch (route) {
      case 'bare':
        return http.send(`${v.bare.url}/bare`, 'POST', { eventId: gate.eventId, code: payloads[i % payloads.length] });
      case 'health':
        return http.send(`${v.replica.url}/api/v1/health`, 'GET', undefined);
      case 'booking':
        return http.send(
          `${v.replica.url}/api/v1/bookings`,
          'POST',
          { eventId: sale.eventId, items: [{ ticketTypeId: sale.typeId, quantity: 1 }] },
          { authorization: buyers[i % buyers.length]!.token },
        );
      case 'scan':
        return http.send(
          `${v.replica.url}/api/v1/check-ins`,
          'POST',
          { eventId: gate.eventId, code: payloads[nextPayload++], gate: `G${i % 4}` },
          { authorization: scanners[i % scanners.length]!.token },
        );
    }
  };
  const expected: Record<Route, number> = { bare: 200, health: 200, booking: 201, scan: 200 };

  // Warm-up (JIT, pools), then the measured rounds.
  for (const v of variants) for (const route of ROUTES.filter((r) => r !== 'scan')) await runLoad(200, concurrency, (i) => send(v, route, i));
  const samples: Record<string, Record<Route, number[]>> = {};
  const roundTrips: Record<string, Partial<Record<Route, number[]>>> = {};
  for (let round = 0; round < rounds; round++) {
    for (const route of ROUTES) {
      for (const v of variants) {
        const pid = (route === 'bare' ? v.bare.process.pid : v.replica.process.pid)!;
        await runLoad(warmup, concurrency, (i) => send(v, route, i));
        v.proxy?.reset();
        const before = cpuMs(pid);
        const report = await runLoad(requests, concurrency, (i) => send(v, route, i));
        const perRequest = (cpuMs(pid) - before) / requests;
        if (v.proxy && route !== 'bare') ((roundTrips[v.label] ??= {})[route] ??= []).push(Math.round((v.proxy.roundTrips / requests) * 100) / 100);
        if (report.errors > 0 || (report.statuses[expected[route]] ?? 0) !== requests)
          throw new Error(`${v.label} ${route}: ${JSON.stringify(report.statuses)}`);
        (samples[v.label] ??= { bare: [], health: [], booking: [], scan: [] })[route].push(Math.round(perRequest * 1000) / 1000);
      }
    }
  }
  http.close();
  for (const v of variants) await stopReplica(v.replica);
  for (const v of variants) await v.proxy?.close();
  for (const bare of bares.values()) bare.process.kill('SIGTERM');

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const result = {
    requests,
    concurrency,
    rounds,
    logLevel: values['log-level'],
    variants: variants.map((v) => {
      const cpu = Object.fromEntries(ROUTES.map((r) => [r, median(samples[v.label]![r])])) as Record<Route, number>;
      return {
        node: [v.node.version, ...v.node.args].join(' '),
        api: v.api,
        cpuMsPerRequest: cpu,
        samples: samples[v.label],
        ratioToBare: Object.fromEntries(ROUTES.map((r) => [r, Math.round((cpu[r] / cpu.bare) * 100) / 100])),
        ...(v.proxy ? { roundTripsPerRequest: Object.fromEntries(Object.entries(roundTrips[v.label] ?? {}).map(([r, xs]) => [r, median(xs)])) } : {}),
      };
    }),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/cpu-per-request.json', JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
