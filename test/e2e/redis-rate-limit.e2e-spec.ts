import { randomUUID } from 'node:crypto';
import { uniqueEmail } from '../factories/users.js';
import { TcpProxy } from '../fakes/tcp-proxy.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * REDIS_URL set: the login limit lives in Redis (so it holds across replicas; the two-process test
 * proves that), and when Redis goes away the API keeps serving, counts the failures and says
 * `degraded`. Redis is reached through a TCP proxy so the test can cut it.
 */
describe('rate limits in Redis (e2e)', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = await TcpProxy.start('127.0.0.1', 6379);
    t = await startTestApp({
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      REDIS_KEY_PREFIX: `test-${randomUUID().slice(0, 8)}`,
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_LOGIN: '3',
    });
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
  });

  const login = () =>
    t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: uniqueEmail('x'), password: 'wrong password' });

  it('limits through Redis, reports readiness, and fails open when Redis is gone', async () => {
    await t
      .http()
      .get('/api/v1/health/ready')
      .expect(200, { status: 'ok', checks: { database: 'up', redis: 'up' } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);

    proxy.cut();
    const ready = await t.http().get('/api/v1/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'degraded', checks: { database: 'up', redis: 'down' } });
    // The API keeps serving: the limiter cannot count, so it lets requests through.
    expect((await login()).status).toBe(401);
    expect((await login()).status).toBe(401);
    const metrics = await t.http().get('/metrics').expect(200);
    const failures = Number(/rate_limit_storage_errors_total (\d+)/.exec(metrics.text)?.[1]);
    expect(failures).toBeGreaterThanOrEqual(2);

    proxy.restore();
    let status = 0;
    for (let i = 0; i < 30 && status !== 429; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await login()).status;
    }
    expect(status).toBe(429); // back on Redis, the block is still there
  });
});
