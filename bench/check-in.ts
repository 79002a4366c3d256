/**
 * Check-in throughput on real PostgreSQL, over real HTTP.
 *
 *   npm run build && node dist/bench/check-in.js [--tickets 10000] [--concurrency 32]
 *
 * One replica (rate limits off); an event opening for check-in now with `--tickets` free tickets
 * (issued through the API: 100 bookings of 100 seats); every ticket scanned once by its signed QR
 * payload (Ed25519 verification included) from `--concurrency` scanner clients, each with its own
 * scanner token. Then the same number of requests at the same concurrency against a bare Nest
 * route (bench/bare-app.ts), the framework's ceiling on this machine, and the ratio.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { benchEnv } from './lib/env.js';
import { client, createPublishedEvent, runLoad } from './lib/load.js';
import { BENCH_DATABASE, freshDatabase, provisionUsers } from './lib/provision.js';
import { replicaNode, startBare, startReplica, stopReplica } from './lib/replicas.js';

const { values } = parseArgs({ options: { tickets: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '32' } } });
const tickets = Number(values.tickets);
const concurrency = Number(values.concurrency);

async function main() {
  const databaseUrl = await freshDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', BENCH_DATABASE);
  const api = await startReplica('api', benchEnv(databaseUrl, { MIGRATIONS_RUN: 'true', MAIL_WORKER_ENABLED: 'false' }), 60_000, { node: replicaNode() });
  const [admin] = await provisionUsers(databaseUrl, 1, ['admin']);
  const buyers = await provisionUsers(databaseUrl, Math.ceil(tickets / 100), ['customer']);
  const scanners = await provisionUsers(databaseUrl, concurrency, ['scanner']);
  const http = client(concurrency);

  const { eventId, typeId } = await createPublishedEvent(http, api.url, admin!.token, { title: 'Gate benchmark', capacity: tickets });
  for (let i = 0; i < tickets; i += 100) {
    const res = await http.send(
      `${api.url}/api/v1/bookings`,
      'POST',
      { eventId: eventId, items: [{ ticketTypeId: typeId, quantity: Math.min(100, tickets - i) }] },
      { authorization: buyers[i / 100]!.token },
    );
    if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${res.body}`);
  }
  // The signed payloads, as the buyers received them by e-mail.
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ payload: string }>(
    `SELECT jsonb_array_elements(data->'tickets')->>'qrPayload' AS payload FROM outbox_messages WHERE template = 'booking-confirmed'`,
  );
  const payloads = rows.map((r) => r.payload);
  if (payloads.length !== tickets) throw new Error(`expected ${tickets} payloads, found ${payloads.length}`);

  const checkIn = await runLoad(tickets, concurrency, (i) =>
    http.send(
      `${api.url}/api/v1/check-ins`,
      'POST',
      { eventId: eventId, code: payloads[i], gate: `G${i % 4}` },
      { authorization: scanners[i % concurrency]!.token },
    ),
  );
  const { rows: admitted } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE event_id = $1 AND status = 'checked_in'`, [eventId]);
  await db.end();
  await stopReplica(api);

  // The framework's ceiling: a bare Nest route, same HTTP client, same concurrency.
  const bare = await startBare();
  const ceiling = await runLoad(tickets, concurrency, (i) => http.send(`${bare.url}/bare`, 'POST', { eventId: eventId, code: payloads[i] }));
  bare.process.kill('SIGTERM');
  http.close();

  const result = {
    node: api.node.version,
    tickets,
    concurrency,
    checkIn,
    admitted: admitted[0]!.n,
    bareNestRoute: ceiling,
    ratio: Math.round((checkIn.perSecond / ceiling.perSecond) * 100) / 100,
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/check-in-c${concurrency}.json`, JSON.stringify(result, null, 2));
  if (result.admitted !== tickets || checkIn.errors > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
