import { signUpCustomer, uniqueEmail } from '../factories/users.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const METRICS_TOKEN = 'metrics-token-for-tests';

describe('HTTP conventions (e2e)', () => {
  let t: TestApp;
  let customer: Awaited<ReturnType<typeof signUpCustomer>>;
  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_LOGIN: '5',
      RATE_LIMIT_REGISTER: '10',
      BODY_LIMIT: '4kb',
      METRICS_TOKEN,
      CORS_ORIGINS: 'https://shop.example',
    });
    customer = await signUpCustomer(t);
  });
  afterAll(() => t.close());

  const isProblem = (res: { headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: `/api/v1/problems/${code}`, status, code, title: expect.any(String), detail: expect.any(String) });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  };

  it('answers unknown routes with a problem+json 404', async () => {
    const res = await t.http().get('/api/v1/no/such/route?x=1').expect(404);
    isProblem(res, 404, 'route_not_found');
    expect(res.body.instance).toBe('/api/v1/no/such/route');
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.co", ').expect(400);
    isProblem(res, 400, 'malformed_json');
  });

  it('answers a body over BODY_LIMIT with 413 payload_too_large', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ email: 'a@b.co', password: 'x'.repeat(8000) }).expect(413);
    isProblem(res, 413, 'payload_too_large');
  });

  it('takes a well-formed X-Request-Id, makes one otherwise, and echoes it', async () => {
    const given = await t.http().get('/api/v1/health').set('X-Request-Id', 'client-req-42').expect(200);
    expect(given.headers['x-request-id']).toBe('client-req-42');
    const made = await t.http().get('/api/v1/health').set('X-Request-Id', 'bad id with spaces <script>').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('leaks no stack, SQL or path in errors', async () => {
    const res = await t.http().get('/api/v1/users/%E0%A4%A').expect((r) => expect([400, 404]).toContain(r.status));
    expect(JSON.stringify(res.body)).not.toMatch(/node_modules|at .*\.ts|SELECT|stack/i);
  });

  it('sends security headers and CORS for the configured origin only', async () => {
    const ok = await t.http().options('/api/v1/auth/login').set('Origin', 'https://shop.example').set('Access-Control-Request-Method', 'POST');
    expect(ok.headers['access-control-allow-origin']).toBe('https://shop.example');
    const other = await t.http().get('/api/v1/health').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers['x-content-type-options']).toBe('nosniff');
    expect(other.headers['x-powered-by']).toBeUndefined();
    // Browsers may read exactly the headers the API sets for clients (no Location: nothing sets it).
    const read = await t.http().get('/api/v1/health').set('Origin', 'https://shop.example').expect(200);
    expect(read.headers['access-control-expose-headers']).toBe('X-Request-Id,Retry-After,Idempotent-Replayed');
  });

  it('limits login to 5 per window per IP: the 6th is 429 with Retry-After', async () => {
    const email = uniqueEmail('limited');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.http().post('/api/v1/auth/login').send({ email, password: 'wrong password' });
      statuses.push(res.status);
      if (res.status === 429) {
        isProblem(res, 429, 'rate_limited');
        const retryAfter = Number(res.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('limits register to 10 per window per IP, independently of login', async () => {
    const statuses: number[] = [];
    // One registration happened in beforeAll.
    for (let i = 0; i < 10; i++) {
      const res = await t.http().post('/api/v1/auth/register').send({ email: uniqueEmail('burst'), password: 'correct horse battery', name: 'B' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 9).every((s) => s === 201)).toBe(true);
    expect(statuses[9]).toBe(429);
    // Other routes still answer: the default limit is generous.
    await t.http().get('/api/v1/health').expect(200);
  });

  it('limits change-password like login (5 per window per IP): a stolen access token cannot brute-force the current password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.http().post('/api/v1/auth/change-password').set(customer.auth).send({ currentPassword: `guess number ${i}`, newPassword: 'a brand new passphrase' });
      statuses.push(res.status);
      if (res.status === 429) isProblem(res, 429, 'rate_limited');
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    // Its own counter: login is not affected by it (nor it by login's).
    await t.http().get('/api/v1/auth/me').set(customer.auth).expect(200);
  });

  it('serves Prometheus metrics behind METRICS_TOKEN, by route template and status', async () => {
    await t.http().get('/metrics').expect(401);
    await t.http().get('/metrics').set('Authorization', 'Bearer wrong-token-of-some-length').expect(401);
    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} \d+/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/api\/v1\/auth\/login",status="401"\}/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\}/);
    expect(res.text).toMatch(/process_cpu_seconds_total/);
  });

  it('serves liveness and readiness', async () => {
    await t.http().get('/api/v1/health').expect(200, { status: 'ok' });
    await t.http().get('/api/v1/health/ready').expect(200, { status: 'ok', checks: { database: 'up' } });
  });

  it('keeps the signed-in flows working alongside the limits', async () => {
    await t.http().get('/api/v1/auth/me').set(customer.auth).expect(200);
  });
});
