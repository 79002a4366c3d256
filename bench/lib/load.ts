import { Agent, request } from 'node:http';

export interface HttpResult {
  status: number;
  body: string;
  ms: number;
}

/** A keep-alive HTTP client with at most `connections` sockets per origin. */
export function client(connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  return {
    send(url: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const started = process.hrtime.bigint();
      return new Promise((resolve) => {
        const req = request(
          url,
          { method, agent, headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}), ...headers } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: Number(process.hrtime.bigint() - started) / 1e6 }),
            );
          },
        );
        req.on('error', () => resolve({ status: 0, body: '', ms: Number(process.hrtime.bigint() - started) / 1e6 }));
        if (payload) req.write(payload);
        req.end();
      });
    },
    close: () => agent.destroy(),
  };
}

export interface LoadReport {
  requests: number;
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  /** Network failures and 5xx. */
  errors: number;
}

/** Runs `total` calls of `job(i)` with `concurrency` in flight at once; reports throughput and latency percentiles (ms). */
export async function runLoad(total: number, concurrency: number, job: (i: number) => Promise<HttpResult>): Promise<LoadReport> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const result = await job(i);
        latencies.push(result.ms);
        statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      }
    }),
  );
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0);
  const errors = Object.entries(statuses).reduce((n, [s, c]) => n + (Number(s) === 0 || Number(s) >= 500 ? c : 0), 0);
  return {
    requests: total,
    elapsedMs: round(elapsedMs),
    perSecond: round((total / elapsedMs) * 1000),
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    max: round(latencies.at(-1) ?? 0),
    statuses,
    errors,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * Creates and publishes an event with one ticket type `GA` through the API, as an admin would.
 * `price` in minor units (NGN); the event starts `startsInHours` from now (UTC) and lasts 4 hours.
 * @throws Error when the API refuses a step (anything but 201/200).
 */
export async function createPublishedEvent(
  http: ReturnType<typeof client>,
  baseUrl: string,
  adminToken: string,
  options: { title: string; capacity: number; price?: number; startsInHours?: number; venue?: string },
): Promise<{ eventId: string; typeId: string }> {
  const startsAt = new Date(Date.now() + (options.startsInHours ?? 1) * 3600_000);
  const auth = { authorization: adminToken };
  const send = async (path: string, body: unknown, expected: number) => {
    const res = await http.send(`${baseUrl}/api/v1${path}`, 'POST', body, auth);
    if (res.status !== expected) throw new Error(`POST ${path} answered ${res.status}: ${res.body}`);
    return JSON.parse(res.body || '{}') as { id: string };
  };
  const event = await send(
    '/events',
    {
      title: options.title,
      venue: options.venue ?? 'Arena',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString(),
      timezone: 'UTC',
      capacity: options.capacity,
      maxPerBuyer: 10_000,
      currency: 'NGN',
    },
    201,
  );
  const type = await send(`/events/${event.id}/ticket-types`, { name: 'GA', price: options.price ?? 0, quantity: options.capacity, maxPerBooking: 100 }, 201);
  await send(`/events/${event.id}/publish`, undefined, 200);
  return { eventId: event.id, typeId: type.id };
}
