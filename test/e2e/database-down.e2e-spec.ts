import { DataSource } from 'typeorm';
import { signUpCustomer } from '../factories/users.js';
import { TcpProxy } from '../fakes/tcp-proxy.js';
import { startTestApp, TestApp } from '../setup/test-app.js';
import { provisionTestDatabase, TestDatabase } from '../setup/test-database.js';

/**
 * The database goes away under a running API: readiness says 503, requests that need the
 * database answer 503 database_unavailable with Retry-After (no SQL or stack), and liveness stays up. On PostgreSQL
 * the network is really cut (a TCP proxy); on the embedded database it is shut down.
 */
describe('database down (e2e)', () => {
  let t: TestApp;
  let proxy: TcpProxy | undefined;
  let database: TestDatabase | null;

  beforeAll(async () => {
    database = await provisionTestDatabase();
    if (database) {
      const target = new URL(database.url);
      proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
      target.hostname = '127.0.0.1';
      target.port = String(proxy.port);
      t = await startTestApp({ DATABASE_URL: target.toString(), MIGRATIONS_RUN: 'false' }, { database: null });
    } else {
      t = await startTestApp();
    }
  });
  afterAll(async () => {
    await t.close();
    await proxy?.close();
    await database?.drop();
  });

  it('readiness turns 503, liveness stays 200, and errors leak nothing', async () => {
    const user = await signUpCustomer(t);
    await t.http().get('/api/v1/health/ready').expect(200);

    if (proxy) proxy.cut();
    else await t.app.get(DataSource).destroy();

    const ready = await t.http().get('/api/v1/health/ready').expect(503);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ready.body).toMatchObject({ code: 'not_ready', status: 503, checks: { database: 'down' } });
    await t.http().get('/api/v1/health').expect(200);

    // Database trouble is a deliberate 503 with Retry-After, signed in or not, never a 500.
    for (const request of [t.http().get('/api/v1/auth/me').set(user.auth), t.http().get('/api/v1/events')]) {
      const res = await request.expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.body).toMatchObject({ code: 'database_unavailable', status: 503 });
      expect(JSON.stringify(res.body)).not.toMatch(/SELECT|users|ECONN|terminated|stack|\.ts/i);
    }

    if (proxy) {
      proxy.restore();
      // The pool replaces its broken connections; readiness recovers without a restart.
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) {
        status = (await t.http().get('/api/v1/health/ready')).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      await t.http().get('/api/v1/auth/me').set(user.auth).expect(200);
    }
  });
});
