import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { get as httpGet, IncomingHttpHeaders, IncomingMessage, request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Replica, startReplica } from '../../bench/lib/replicas.js';
import { TEST_JWT_SECRET, TEST_TICKET_SIGNING_KEY } from '../setup/test-app.js';
import { provisionTestDatabase, TestDatabase } from '../setup/test-database.js';
import { copyEmbeddedTemplate, scratchDir } from '../setup/embedded-template.js';

/**
 * SIGTERM on the built service (a separate process; on the embedded default too): readiness turns
 * `503 shutting_down` at once, the listener closes after SHUTDOWN_DELAY_MS and new connections are
 * refused, a request in flight (its body still arriving) is answered, with `Connection: close`,
 * and the process exits 0 as soon as nothing is left.
 */
/** One GET on a fresh connection (node:http, so the response's own Connection header is seen). */
function get(url: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

describe('graceful shutdown (e2e, the built dist/apps/api/src/main.js)', () => {
  let database: TestDatabase | null;
  let dir: string;
  let replica: Replica | undefined;

  beforeAll(async () => {
    database = await provisionTestDatabase();
    dir = scratchDir('ticketing-shutdown-');
    if (!database) await copyEmbeddedTemplate(join(dir, 'pgdata')); // starts migrated, as the server's template clone does
  });
  afterAll(async () => {
    if (replica && replica.process.exitCode === null) replica.process.kill('SIGKILL');
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM: readiness 503, then no new connections, the request in flight answered, exit 0', async () => {
    replica = await startReplica('shutdown', {
      JWT_SECRET: TEST_JWT_SECRET,
      TICKET_SIGNING_KEY: TEST_TICKET_SIGNING_KEY,
      DATA_DIR: join(dir, 'data'),
      JOBS_ENABLED: 'true',
      MAIL_WORKER_ENABLED: 'true',
      SHUTDOWN_DELAY_MS: '1500',
      SHUTDOWN_TIMEOUT_SECONDS: '20',
      ...(database ? { DATABASE_URL: database.url } : { EMBEDDED_DATABASE_DIR: join(dir, 'pgdata') }),
    });
    const url = new URL(replica.url);

    // A login whose body is still arriving when the signal comes: provably in flight.
    const body = JSON.stringify({ email: 'nobody@example.com', password: 'not the password' });
    const slow = request({
      host: url.hostname,
      port: url.port,
      path: '/api/v1/auth/login',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const answered = once(slow, 'response');
    slow.write(body.slice(0, 10));
    await sleep(200);

    const exited = once(replica.process, 'exit');
    const signalledAt = Date.now();
    replica.process.kill('SIGTERM');
    await sleep(300);

    const ready = await get(`${replica.url}/api/v1/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.connection).toBe('close');
    expect(JSON.parse(ready.body)).toMatchObject({ status: 503, code: 'shutting_down' });

    await sleep(1700); // past SHUTDOWN_DELAY_MS: the listener is closed
    const refused = await get(`${replica.url}/api/v1/health`).then(
      () => 'answered',
      (error: Error & { code?: string }) => error.code,
    );
    expect(refused).toBe('ECONNREFUSED');
    expect(replica.process.exitCode).toBeNull(); // still waiting for the login

    slow.end(body.slice(10));
    const [res] = (await answered) as [IncomingMessage];
    res.resume();
    expect(res.statusCode).toBe(401);
    expect(res.headers.connection).toBe('close');

    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
  }, 120_000);
});
