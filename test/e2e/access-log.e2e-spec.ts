import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Replica, startReplica, stopReplica } from '../../bench/lib/replicas.js';
import { TEST_JWT_SECRET, TEST_TICKET_SIGNING_KEY } from '../setup/test-app.js';
import { provisionTestDatabase, TestDatabase } from '../setup/test-database.js';
import { copyEmbeddedTemplate, scratchDir } from '../setup/embedded-template.js';

const ADMIN = { email: 'log-admin@example.com', password: 'access log test password' };

/**
 * The access log of the built service (its own process, LOG_LEVEL=info, as in production): one
 * short line per request with the request id, method, url, status, response time and the user
 * when signed in, and never a header; none for health checks.
 */
describe('access log (e2e, the built dist/apps/api/src/main.js)', () => {
  let database: TestDatabase | null;
  let dir: string;
  let replica: Replica;

  beforeAll(async () => {
    database = await provisionTestDatabase();
    dir = scratchDir('ticketing-access-log-');
    if (!database) await copyEmbeddedTemplate(join(dir, 'pgdata')); // starts migrated, as the server's template clone does
    replica = await startReplica('access-log', {
      JWT_SECRET: TEST_JWT_SECRET,
      TICKET_SIGNING_KEY: TEST_TICKET_SIGNING_KEY,
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'info',
      JOBS_ENABLED: 'false',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...(database ? { DATABASE_URL: database.url, MIGRATIONS_RUN: 'true' } : { EMBEDDED_DATABASE_DIR: join(dir, 'pgdata') }),
    });
  });
  afterAll(async () => {
    if (replica) await stopReplica(replica);
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The JSON lines the process wrote whose `reqId` is `id`. */
  const linesOf = (id: string) =>
    replica.output
      .join('')
      .split('\n')
      .filter((l) => l.includes(`"${id}"`))
      .map((l) => ({ raw: l, json: JSON.parse(l) as Record<string, unknown> }));

  async function loggedLine(id: string) {
    for (let i = 0; i < 50 && linesOf(id).length === 0; i++) await sleep(50);
    const lines = linesOf(id);
    expect(lines).toHaveLength(1);
    return lines[0]!;
  }

  it('writes one lean line per request: request id, method, url, status, time, user; no headers', async () => {
    const events = await fetch(`${replica.url}/api/v1/events?limit=1`, { headers: { 'X-Request-Id': 'log-events-1', 'User-Agent': 'access-log-test' } });
    expect(events.status).toBe(200);
    const { raw, json } = await loggedLine('log-events-1');
    expect(json).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: expect.any(Number),
      hostname: expect.any(String),
      reqId: 'log-events-1',
      method: 'GET',
      url: '/api/v1/events?limit=1',
      statusCode: 200,
      responseTime: expect.any(Number),
      msg: 'request completed',
    });
    expect(raw).not.toMatch(/access-log-test|content-security-policy|headers/i);
    expect(raw.length).toBeLessThan(300);

    const login = await fetch(`${replica.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { accessToken, user } = (await login.json()) as { accessToken: string; user: { id: string } };
    await fetch(`${replica.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}`, 'X-Request-Id': 'log-me-1' } });
    const me = (await loggedLine('log-me-1')).json;
    expect(me).toMatchObject({ method: 'GET', url: '/api/v1/auth/me', statusCode: 200, userId: user.id });
    expect(JSON.stringify(me)).not.toContain(accessToken);

    await fetch(`${replica.url}/api/v1/no-such-route`, { headers: { 'X-Request-Id': 'log-404-1' } });
    expect((await loggedLine('log-404-1')).json).toMatchObject({ level: 30, statusCode: 404, url: '/api/v1/no-such-route' });
  });

  it('does not log health checks', async () => {
    await fetch(`${replica.url}/api/v1/health`, { headers: { 'X-Request-Id': 'log-health-1' } });
    await fetch(`${replica.url}/api/v1/events`, { headers: { 'X-Request-Id': 'log-after-health' } });
    await loggedLine('log-after-health');
    expect(linesOf('log-health-1')).toEqual([]);
  });
});
